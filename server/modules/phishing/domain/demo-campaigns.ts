import { eq } from 'drizzle-orm';
import type MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { SMTPServer } from 'smtp-server';
import { fixedClock } from '../../../lib/clock.ts';
import type { Ctx } from '../../../lib/context.ts';
import { lazyRequire } from '../../../lib/lazy.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import type { Rng } from '../../../lib/random.ts';
import { addDays, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { listStaffGroups, listStaffInGroups } from '../../directory/index.ts';
import { setSetting } from '../../settings/index.ts';
import { phishingCampaigns, phishingRecipients, phishingTraining } from '../db/tables.ts';
import { createCampaign, scheduleCampaign } from './campaigns.ts';
import { addExclusion } from './exclusions.ts';
import { closeCampaign, markReported, setCommentary } from './lifecycle.ts';
import { listLures, signOffLure } from './lures.ts';
import { receiveReport } from './mail-reports.ts';
import { PHISHING_SETTINGS } from './phishing-settings.ts';
import { saveProfile } from './profiles.ts';
import { runSender } from './sender.ts';
import { recordInteraction } from './track.ts';
import { completeLesson, sendFollowUp } from './training.ts';

/**
 * Oakfield's two past simulations for the demo school, through the real code: a profile, starter
 * lures, scheduling against the calendar, sending over SMTP to a loopback sink, and then what a
 * school really sees come back: Safe Links detonating every link within seconds, HEAD checks, the
 * honeypot followed, Gmail's image proxy, a mail gateway fanning out over several people's links,
 * the Report button's check after each report, and people: opening, clicking, reporting (the
 * button, the mailbox, a phone call), a few typing into the pretend sign-in.
 */

const SCANNER_NETS = ['40.94.0.0/16', '40.107.0.0/16', '52.100.0.0/14'];
const CHROME = (v: number) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`;
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

type Plan = { click: number; report: number; submit: number; mailboxShare: number };

async function startSink(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new (lazyRequire<{ SMTPServer: typeof SMTPServer }>('smtp-server')().SMTPServer)({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      stream.resume();
      stream.on('end', () => cb());
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.server.address();
  return { port: typeof a === 'object' && a ? a.port : 0, close: () => new Promise((r) => server.close(() => r())) };
}

const build = (o: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Buffer>((resolve, reject) =>
    new (lazyRequire<typeof MailComposer>('nodemailer/lib/mail-composer/index.js')())(o)
      .compile()
      .build((err, m) => (err ? reject(err) : resolve(m))),
  );

/** The latest day on or before `date` that the guard accepts (scheduling is the test), so it stays in the past. */
async function scheduleNear(
  ctx: Ctx,
  draftId: string,
  date: string,
): Promise<{ ctx: Ctx; clock: ReturnType<typeof fixedClock>; day: string }> {
  for (let d = date, i = 0; i < 120; i++, d = addDays(d, -1)) {
    const clock = fixedClock(zonedToUtc(d, '07:30', ctx.config.timeZone));
    const at = { ...ctx, clock };
    await at.db
      .update(phishingCampaigns)
      .set({ windowStart: zonedToUtc(d, '08:45', ctx.config.timeZone), windowEnd: zonedToUtc(d, '15:30', ctx.config.timeZone) })
      .where(eq(phishingCampaigns.id, draftId));
    try {
      await scheduleCampaign(at, draftId);
      return { ctx: at, clock, day: d };
    } catch (err) {
      if (!/No time to send/.test((err as Error).message)) throw err;
    }
  }
  throw new Error('demo: no school day to send a simulation on');
}

async function runOne(
  base: Ctx,
  rng: Rng,
  o: {
    name: string;
    purpose: string;
    groups: string[];
    lureKeys: string[];
    date: string;
    landingMode: 'teachable' | 'form';
    plan: Plan;
    profileId: string;
    closeAfterDays: number;
  },
): Promise<string> {
  const lures = await listLures(base);
  const lureIds = o.lureKeys.map((k) => lures.find((l) => l.starterKey === k)?.id as string);
  const groups = await listStaffGroups(base);
  const draft = await createCampaign(
    base,
    {
      name: o.name,
      purpose: o.purpose,
      lureIds,
      groupIds: o.groups.map((code) => groups.find((g) => g.code === code)?.id as string),
      profileId: o.profileId,
      landingMode: o.landingMode,
      windowStart: zonedToUtc(o.date, '08:45', base.config.timeZone).toISOString(),
      windowEnd: zonedToUtc(o.date, '15:30', base.config.timeZone).toISOString(),
      sendFrom: '08:45',
      sendUntil: '15:30',
      spread: true,
    },
    { seed: rng.int(1, 1_000_000) },
  );
  const { ctx, clock } = await scheduleNear(base, draft.id, o.date);
  await runSender(ctx, draft.id, { waitForWindow: true, sleep: async (ms) => clock.advance(ms) });
  const people = await ctx.db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, draft.id));
  type Ev = { at: number; run: () => Promise<unknown> };
  const events: Ev[] = [];
  const hit = (
    at: number,
    kind: 'open' | 'click' | 'beacon' | 'submit' | 'report',
    token: string,
    ip: string,
    ua: string | undefined,
    extra: Partial<Parameters<typeof recordInteraction>[1]> = {},
  ) =>
    events.push({
      at,
      run: () =>
        recordInteraction(
          { ...ctx, clock: fixedClock(new Date(at)) },
          { kind, token, method: 'GET', ip, userAgent: ua, source: 'http', ...extra },
        ),
    });
  const scanner = () => `40.94.${rng.int(1, 250)}.${rng.int(1, 250)}`;
  const egress = () => `198.51.100.${rng.int(2, 200)}`;
  const home = () => `81.${rng.int(100, 180)}.${rng.int(1, 250)}.${rng.int(1, 250)}`;
  for (const p of people) {
    if (!p.smtpAcceptedAt) continue;
    const t0 = p.smtpAcceptedAt.getTime();
    // Safe Links detonates most links at delivery, with a stale Chrome; some get a HEAD check first.
    if (rng.chance(0.7)) {
      const ip = scanner();
      if (rng.chance(0.3))
        hit(t0 + rng.int(300, 1500), 'click', p.token, `40.107.${rng.int(1, 250)}.${rng.int(1, 250)}`, CHROME(96), {
          method: 'HEAD',
        });
      hit(t0 + rng.int(700, 2500), 'click', p.token, ip, CHROME(rng.pick([79, 80, 96])));
      if (rng.chance(0.5)) hit(t0 + rng.int(2600, 4000), 'click', p.token, ip, CHROME(96), { honeypot: true });
    }
    if (rng.chance(0.08))
      hit(
        t0 + rng.int(1, 30) * 1000,
        'open',
        p.token,
        `66.249.${rng.int(80, 93)}.${rng.int(1, 250)}`,
        'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
      );
    const seenAt = t0 + rng.int(4, 300) * 60_000;
    const onSite = rng.chance(0.7);
    const ua = onSite ? CHROME(rng.int(140, 143)) : IPHONE;
    const ip = onSite ? egress() : home();
    if (rng.chance(0.45)) hit(seenAt, 'open', p.token, ip, ua);
    const reports = rng.chance(o.plan.report);
    const clicks = rng.chance(reports ? o.plan.click / 3 : o.plan.click);
    if (clicks) {
      const at = seenAt + rng.int(5, 90) * 1000;
      hit(at, 'click', p.token, ip, ua);
      if (rng.chance(0.85))
        hit(at + rng.int(2, 12) * 1000, 'beacon', p.token, ip, ua, {
          method: 'POST',
          beaconInteraction: rng.pick(['pointer', 'touch', 'pointer']),
        });
      if (o.landingMode === 'form' && rng.chance(o.plan.submit))
        hit(at + rng.int(15, 60) * 1000, 'submit', p.token, ip, ua, { method: 'POST', fieldsFilled: rng.int(1, 2) });
    }
    if (reports) {
      const at = seenAt + (clicks ? rng.int(3, 40) * 60_000 : rng.int(20, 240) * 1000);
      const how = rng.next();
      if (how < o.plan.mailboxShare) {
        const raw = await build({
          from: p.email,
          to: 'phishing-reports@oakfield.example',
          subject: 'FW: suspicious email',
          messageId: `<report-${p.id}@oakfield.example>`,
          text: `Looks like phishing to me.\n\n> Open: ${ctx.config.phishing?.baseUrl}/c/${p.token}`,
        });
        events.push({ at, run: () => receiveReport({ ...ctx, clock: fixedClock(new Date(at)) }, raw) });
      } else if (how < 0.97) hit(at, 'report', p.token, ip, ua, { method: 'POST' });
      else events.push({ at, run: () => markReported({ ...ctx, clock: fixedClock(new Date(at)) }, p.id) });
      // The Report button sends the message to Microsoft, which opens its links again.
      if (rng.chance(0.5)) hit(at + rng.int(20, 90) * 1000, 'click', p.token, scanner(), CHROME(96));
    }
  }
  // A mail gateway rescanning four people's links from one address in a few seconds.
  const sample = people.slice(0, 4);
  const gw = t0Of(people) + 45 * 60_000;
  for (const [i, p] of sample.entries()) hit(gw + i * 1500, 'click', p.token, '203.0.113.77', CHROME(141));
  events.sort((a, b) => a.at - b.at);
  for (const e of events) await e.run();
  const closing = { ...ctx, clock: fixedClock(new Date(t0Of(people) + o.closeAfterDays * 86_400_000)) };
  await closeCampaign(closing, draft.id);
  // The follow-up goes through the real code, into a mailbox that keeps it: demo staff get no mail.
  await sendFollowUp({ ...closing, mail: captureMailer() }, draft.id);
  const lessons = await ctx.db.select().from(phishingTraining).where(eq(phishingTraining.campaignId, draft.id));
  for (const l of lessons) if (l.kind === 'lesson' && rng.chance(0.7)) await completeLesson(closing, l.token);
  return draft.id;
}

const t0Of = (people: { smtpAcceptedAt: Date | null }[]) =>
  Math.min(...people.map((p) => p.smtpAcceptedAt?.getTime() ?? Number.POSITIVE_INFINITY));

export async function loadDemoPhishing(ctx: Ctx, rng: Rng, options: { headName: string }): Promise<void> {
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  const base: Ctx = {
    ...ctx,
    config: {
      ...ctx.config,
      phishing: {
        host: '127.0.0.1',
        trustedProxies: [],
        ...ctx.config.phishing,
        baseUrl: ctx.config.phishing?.baseUrl ?? 'https://oakfield-staff-portal.example',
      },
    },
  };
  await setSetting(base, PHISHING_SETTINGS, 'phishing.scannerNetworks', { value: SCANNER_NETS });
  await setSetting(base, PHISHING_SETTINGS, 'phishing.reportingAddress', { value: 'phishing-reports@oakfield.example' });
  await setSetting(base, PHISHING_SETTINGS, 'phishing.blockedDates', {
    value: [{ from: addDays(today, 150), to: addDays(today, 165), reason: 'GCSE and A level exams' }],
  });
  const sink = await startSink();
  try {
    const profile = await saveProfile(base, undefined, {
      name: 'Simulation relay',
      host: '127.0.0.1',
      port: sink.port,
      envelopeFrom: 'notifications@oakfield-staff-portal.example',
      perMinute: 0,
      maxConnections: 3,
    });
    const lures = await listLures(base);
    const payslip = lures.find((l) => l.starterKey === 'payroll-payslip');
    if (payslip)
      await signOffLure(base, payslip.id, {
        byName: options.headName,
        note: 'Agreed at SLT: payslip pretext acceptable for support staff, no mention of amounts.',
      });
    const first = await runOne(base, rng, {
      name: 'Autumn 1: support staff',
      purpose: 'A first baseline for support staff: do people report a convincing internal message, and how quickly?',
      groups: ['staff-support'],
      lureKeys: ['it-password-expiry', 'shared-document-onedrive', 'parcel-redelivery'],
      date: addDays(today, -63),
      landingMode: 'teachable',
      plan: { click: 0.24, report: 0.28, submit: 0, mailboxShare: 0.5 },
      profileId: profile.id,
      closeAfterDays: 14,
    });
    await setCommentary(
      { ...base },
      first,
      'A first baseline for support staff. About a quarter reported the message, most of them before clicking anything: the reporting habit is there to build on. About one in five opened a link. At these numbers no lure did conclusively better or worse than the others. Next: a reminder in the staff bulletin about the Report button, and a second round on harder, internal-looking lures.',
    );
    await runOne(base, rng, {
      name: 'Autumn 2: leadership and IT management group',
      purpose: 'Senior staff are the most targeted: a harder round with a pretend sign-in page (nothing typed is captured).',
      groups: ['slt', 'itmg', 'it-services'],
      lureKeys: ['head-urgent-favour', 'mis-reauthenticate', 'payroll-payslip'],
      date: addDays(today, -24),
      landingMode: 'form',
      plan: { click: 0.2, report: 0.45, submit: 0.4, mailboxShare: 0.3 },
      profileId: profile.id,
      closeAfterDays: 7,
    });
    // Where the relay really is; the loopback sink was for the demo's sending only.
    await saveProfile(base, profile.id, {
      name: 'Simulation relay',
      host: 'smtp-relay.oakfield.example',
      port: 587,
      envelopeFrom: 'notifications@oakfield-staff-portal.example',
      perMinute: 20,
      perDay: 1500,
      maxConnections: 3,
    });
  } finally {
    await sink.close();
  }
  const teaching = (await listStaffGroups(base)).find((g) => g.code === 'staff-teaching');
  const [onLeave, newStarter] = teaching ? await listStaffInGroups(base, [teaching.id]) : [];
  if (onLeave) await addExclusion(base, { personId: onLeave.personId, kind: 'leave', untilOn: addDays(today, 40) });
  if (newStarter) await addExclusion(base, { personId: newStarter.personId, kind: 'new_starter', fromOn: addDays(today, -10) });
  const real = await build({
    from: 'a.teacher@oakfield.example',
    to: 'phishing-reports@oakfield.example',
    subject: 'FW: Invoice 44817 overdue - please pay today',
    messageId: '<real-report-1@oakfield.example>',
    text: 'This came to my school address from a company I have never heard of. Is it real?\n\n> Pay now: https://pay-invoices-online.example/44817',
  });
  await receiveReport({ ...base, clock: fixedClock(zonedToUtc(addDays(today, -1), '10:12', base.config.timeZone)) }, real);
}
