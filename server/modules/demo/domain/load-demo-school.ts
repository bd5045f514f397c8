import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict } from '../../../lib/errors.ts';
import type { Importer } from '../../../lib/module.ts';
import { seededRng } from '../../../lib/random.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { countAccounts, createUser } from '../../accounts/index.ts';
import { calendarModule, ensureBundledBankHolidays } from '../../calendar/index.ts';
import { countPeople, createSchool, directoryModule, syncPeople } from '../../directory/index.ts';
import { addAppLink, schoolNameSetting, setSetting } from '../../settings/index.ts';
import { loadDemoBriefings } from './demo-briefings.ts';
import { loadHelpdeskDemo } from './demo-helpdesk.ts';
import { demoPupil, generatePeople } from './demo-people.ts';
import { loadDemoPhishingCampaigns } from './demo-phishing.ts';
import { placesCsv, termDatesCsv } from './demo-places.ts';
import { loadDemoPlanning } from './demo-planning.ts';
import { loadDemoReports } from './demo-reports.ts';
import { loadDemoSecurity } from './demo-security.ts';
import { loadDemoSurveys } from './demo-surveys.ts';
import { loadDemoWifi } from './demo-wifi.ts';

/** The demo's default seed: the same school every time. */
export const DEMO_SEED = 20260901;

export type DemoSignIn = { email: string; name: string; role: string; password: string };
export type DemoResult = { signIns: DemoSignIn[]; people: number };

const DEMO_APPS = [
  {
    name: 'Microsoft 365 admin',
    url: 'https://admin.microsoft.com/',
    icon: 'brand-windows' as const,
    roles: ['admin', 'it'] as const,
  },
  {
    name: 'Entra sign-in logs',
    url: 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/SignInEventsV3Blade',
    icon: 'shield' as const,
    roles: ['admin', 'it'] as const,
  },
  { name: 'Google Admin', url: 'https://admin.google.com/', icon: 'brand-google' as const, roles: ['admin', 'it'] as const },
  { name: 'UniFi Network', url: 'https://unifi.oakfield.example/', icon: 'wifi' as const, roles: ['admin', 'it'] as const },
  { name: 'iSAMS', url: 'https://oakfield.isams.cloud/', icon: 'school' as const, roles: [] as const },
  { name: 'Outlook', url: 'https://outlook.office.com/', icon: 'mail' as const, roles: [] as const },
];

function importerOf(kind: string): Importer {
  const found = [...(directoryModule.importers ?? []), ...(calendarModule.importers ?? [])].find((i) => i.kind === kind);
  if (!found) throw new Error(`demo: importer ${kind} is missing`);
  return found;
}

async function importText(ctx: Ctx, kind: string, name: string, text: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'belfry-demo-'));
  try {
    const file = path.join(dir, name);
    await writeFile(file, text);
    await importerOf(kind).run(ctx, file, { dryRun: false, skipInvalid: false, fileName: name }, () => {});
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Loads Oakfield School, the demo: two schools, twelve buildings, about 1,700 pupils and 350
 * staff, this year's and last year's term dates, app links and one account per role. It goes
 * through the same use cases and importers a real school uses. Deterministic for a given seed.
 * Later modules add their own demo data in this folder and are called from here.
 */
export async function loadDemoSchool(
  outer: Ctx,
  options: { seed?: number; password: string; progress?: (step: string) => void },
): Promise<DemoResult> {
  requireRole(outer, 'admin');
  // One transaction: a failure part-way leaves the database empty, so the demo can be retried.
  return outer.db.transaction((db) => loadInto({ ...outer, db }, options));
}

async function loadInto(
  ctx: Ctx,
  options: { seed?: number; password: string; progress?: (step: string) => void },
): Promise<DemoResult> {
  const step = options.progress ?? (() => {});
  if ((await countAccounts(ctx)) > 0 || (await countPeople(ctx, { includeLeavers: true })) > 0) {
    throw new Conflict('The demo school loads only into an empty database');
  }
  const rng = seededRng(options.seed ?? DEMO_SEED);
  step('schools, buildings, term dates, 1,700 pupils and 350 staff');
  await setSetting(ctx, [schoolNameSetting], 'school.name', { value: 'Oakfield School' });
  const prep = await createSchool(ctx, { code: 'prep', name: 'Oakfield Prep', phase: 'prep' });
  const senior = await createSchool(ctx, { code: 'senior', name: 'Oakfield Senior School', phase: 'senior' });
  await importText(ctx, 'places', 'oakfield-places.csv', placesCsv());
  await ensureBundledBankHolidays(ctx);
  await importText(ctx, 'term-dates', 'oakfield-term-dates.csv', termDatesCsv(localDate(ctx.clock.now(), ctx.config.timeZone)));
  const { people, emailOf } = generatePeople(rng, { prep: prep.id, senior: senior.id });
  await syncPeople(ctx, people, { dryRun: false, deactivateMissing: false });
  for (const app of DEMO_APPS) await addAppLink(ctx, { ...app, roles: [...app.roles] });

  const accounts: { key?: string; email?: string; name: string; role: 'admin' | 'it' | 'slt' | 'staff' | 'pupil' }[] = [
    { key: 'director', name: 'Sam Harding', role: 'admin' },
    { key: 'network', name: 'Priya Raman', role: 'it' },
    { key: 'servicedesk', name: 'Tom Okafor', role: 'it' },
    { key: 'tech1', name: 'Jess Marsh', role: 'it' },
    { key: 'head', name: 'Jonathan Ashworth', role: 'slt' },
    { key: 'bursar', name: 'Helen Fitzgerald', role: 'slt' },
    { key: 'teacher', name: 'Daniel Cooper', role: 'staff' },
  ];
  const y10 = demoPupil(people, 10);
  const y4 = demoPupil(people, 4);
  accounts.push({ email: y10.email ?? '', name: `${y10.givenName} ${y10.familyName}`, role: 'pupil' });
  accounts.push({ email: y4.email ?? '', name: `${y4.givenName} ${y4.familyName}`, role: 'pupil' });
  const signIns: DemoSignIn[] = [];
  for (const a of accounts) {
    const email = a.email ?? emailOf(a.key as string);
    await createUser(ctx, { email, name: a.name, role: a.role, password: options.password });
    signIns.push({ email, name: a.name, role: a.role, password: options.password });
  }
  step('a month of sign-ins and the security alerts they raise');
  await loadDemoSecurity(ctx, rng, people, { director: emailOf('director'), network: emailOf('network') });
  step("five years of perception surveys and this year's");
  await loadDemoSurveys(ctx, { seed: options.seed ?? DEMO_SEED, emailOf });
  step('projects, risks, the strategy, meetings and to-dos');
  await loadDemoPlanning(ctx, emailOf);
  step('a week of Wi-Fi controller data');
  await loadDemoWifi(ctx, { seed: options.seed ?? DEMO_SEED, people, prepSchoolId: prep.id });
  // The help desk has its own generator stream, so other modules' demo data does not shift it.
  step('two terms of help desk tickets');
  await loadHelpdeskDemo(ctx, seededRng((options.seed ?? DEMO_SEED) + 4));
  step('two past phishing simulations, scanner noise and all');
  await loadDemoPhishingCampaigns(ctx, seededRng((options.seed ?? DEMO_SEED) + 5));
  step('the standards tracker and the termly reports');
  await loadDemoReports(ctx, emailOf);
  step('a term of weekly briefings, drafted from all of the above, and the useful info');
  await loadDemoBriefings(ctx, emailOf);
  return { signIns, people: people.length };
}
