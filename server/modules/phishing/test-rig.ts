import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../../config.ts';
import { type Clock, fixedClock } from '../../lib/clock.ts';
import { type Actor, type Ctx, systemActor } from '../../lib/context.ts';
import { captureMailer } from '../../lib/mailer.ts';
import { TEST_CONFIG, type TestDb } from '../../lib/test-db.ts';
import { createUser } from '../accounts/index.ts';
import { addCalendarEntry } from '../calendar/index.ts';
import { type PersonInput, syncPeople } from '../directory/index.ts';
import { setSetting } from '../settings/index.ts';
import { createCampaign, scheduleCampaign } from './domain/campaigns.ts';
import { listLures } from './domain/lures.ts';
import { PHISHING_SETTINGS } from './domain/phishing-settings.ts';
import { saveProfile } from './domain/profiles.ts';
import { runSender, type SenderOptions } from './domain/sender.ts';
import { buildTrackingServer } from './http/tracking-server.ts';

/**
 * Phishing tests on loopback (research §9 conventions): a real smtp-server sink that answers each
 * recipient with the reply codes a test chooses, the real tracking listener, a clock the test
 * moves, and a small staff directory with groups.
 */

export type SinkMessage = { mailFrom: string; rcptTo: string[]; raw: string; mail: ParsedMail; at: Date };

export type Sink = {
  port: number;
  messages: SinkMessage[];
  /** Reply codes for an address, one per RCPT attempt; 250 once they run out. */
  script: Map<string, number[]>;
  /** Every RCPT with the code it got. */
  attempts: { to: string; code: number; at: Date }[];
  /** Drop the connection instead of answering (a relay or process that dies mid-send). */
  dropAfter?: number;
  close: () => Promise<void>;
};

export async function startSink(clock: Clock): Promise<Sink> {
  const sink: Sink = { port: 0, messages: [], script: new Map(), attempts: [], close: async () => {} };
  let arrived = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, session, callback) {
      const to = address.address.toLowerCase();
      const codes = sink.script.get(to);
      const code = codes?.length ? (codes.shift() as number) : 250;
      sink.attempts.push({ to, code, at: clock.now() });
      if (code === 250) return callback();
      void session;
      const err = new Error(code >= 500 ? 'No such user here' : 'Try again later') as Error & { responseCode: number };
      err.responseCode = code;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (sink.dropAfter !== undefined && arrived >= sink.dropAfter) {
          (session as unknown as { socket?: { destroy: () => void } }).socket?.destroy?.();
          callback(Object.assign(new Error('connection lost'), { responseCode: 421 }));
          return;
        }
        arrived++;
        const raw = Buffer.concat(chunks).toString('utf8');
        sink.messages.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          mail: await simpleParser(raw),
          at: clock.now(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  sink.port = typeof address === 'object' && address ? address.port : 0;
  sink.close = () => new Promise((resolve) => server.close(() => resolve()));
  return sink;
}

export type Rig = {
  clock: Clock & { set(t: Date | string): void; advance(ms: number): void };
  sink: Sink;
  /** Every line the code logged (tests search them for secrets). */
  logLines: string[];
  mail: ReturnType<typeof captureMailer>;
  trackingUrl: string;
  config: Config;
  ctx: (actor?: Actor) => Ctx;
  /** An HTTP request to the tracking listener from `ip` (X-Forwarded-For, trusted from loopback). */
  hit: (method: string, path: string, o?: { ip?: string; ua?: string; body?: string; type?: string }) => Promise<Response>;
  /** The fake clock's sleep: moves time on instead of waiting. */
  sleep: (ms: number) => Promise<void>;
  close: () => Promise<void>;
};

export const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
/** The Director: a real account once a rig has started (its id and email are filled in then). */
export const ADMIN: Extract<Actor, { kind: 'user' }> = { kind: 'user', id: '', email: '', name: 'Director', role: 'admin' };

export async function startRig(t: TestDb, start = '2026-11-16T09:00:00Z'): Promise<Rig> {
  const clock = fixedClock(start);
  const sink = await startSink(clock);
  let config: Config = TEST_CONFIG;
  const mail = captureMailer();
  const logLines: string[] = [];
  const keep = (obj: unknown, msg?: string) =>
    logLines.push(`${JSON.stringify(obj, (_k, v) => (v instanceof Error ? v.message : v))} ${msg ?? ''}`);
  const log = { info: keep, warn: keep, error: keep, debug: keep };
  const base = (): Ctx => ({ db: t.database().db, clock, config, log, mail });
  const ctx = (actor: Actor = systemActor('phishing test')): Ctx => ({ ...base(), actor });
  // The tracking listener acts for nobody: its requests come from the internet.
  const app = buildTrackingServer(base, { trustProxy: ['127.0.0.1'] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const trackingUrl = `http://127.0.0.1:${port}`;
  // A real account for the Director, so to-dos made for them have an owner.
  const { user } = await createUser(ctx(), {
    email: `director-${Date.now()}-${++seq}@school.example`,
    name: 'Director',
    role: 'admin',
    password: 'correct horse battery staple',
  });
  Object.assign(ADMIN, { id: user.id, email: user.email });
  config = Object.freeze({
    ...TEST_CONFIG,
    phishing: {
      baseUrl: trackingUrl,
      port,
      host: '127.0.0.1',
      trustedProxies: ['127.0.0.1'],
      key: 'phishing-test-key-phishing-test-key-0123',
    },
  });
  return {
    clock,
    sink,
    logLines,
    mail,
    trackingUrl,
    get config() {
      return config;
    },
    ctx,
    hit: (method, path, o = {}) =>
      fetch(`${trackingUrl}${path}`, {
        method,
        headers: {
          'user-agent': o.ua ?? CHROME,
          ...(o.ip ? { 'x-forwarded-for': o.ip } : {}),
          ...(o.type ? { 'content-type': o.type } : {}),
        },
        body: o.body,
        redirect: 'manual',
      }),
    sleep: async (ms) => {
      clock.advance(Math.max(0, ms));
    },
    close: async () => {
      await app.close();
      await sink.close();
    },
  };
}

let seq = 0;

/** Staff in groups: `groups` maps a group code to how many people; `extra` adds people to several. */
export async function seedStaff(
  ctx: Ctx,
  groups: Record<string, number>,
  options: { shared?: { email: string; groups: string[] }[] } = {},
) {
  const people: PersonInput[] = [];
  const run = ++seq;
  for (const [code, n] of Object.entries(groups))
    for (let i = 0; i < n; i++)
      people.push({
        externalId: `T${run}-${code}-${i}`,
        kind: 'staff',
        givenName: `Given${i}`,
        familyName: `${code}Family${i}`,
        preferredName: null,
        email: `${code.toLowerCase()}.${i}.${run}@school.example`,
        schoolId: null,
        yearGroup: null,
        house: null,
        tutorGroup: null,
        jobTitle: 'Teacher',
        department: code,
        groups: [`${code}-${run}`],
      });
  for (const [i, s] of (options.shared ?? []).entries())
    people.push({
      externalId: `T${run}-shared-${i}`,
      kind: 'staff',
      givenName: 'Shared',
      familyName: `Person${i}`,
      preferredName: null,
      email: s.email,
      schoolId: null,
      yearGroup: null,
      house: null,
      tutorGroup: null,
      jobTitle: 'Teacher',
      department: 'Shared',
      groups: s.groups.map((g) => `${g}-${run}`),
    });
  await syncPeople(ctx, people, { dryRun: false, deactivateMissing: false });
  return { run, code: (g: string) => `${g}-${run}` };
}

/** The autumn term 2026, so the calendar guard has school days to send on. */
export async function seedTerm(ctx: Ctx): Promise<void> {
  await addCalendarEntry(ctx, { kind: 'term', name: 'Autumn term', startsOn: '2026-09-02', endsOn: '2026-12-16' });
  await setSetting(ctx, PHISHING_SETTINGS, 'phishing.scannerNetworks', { value: ['40.94.0.0/16', '40.107.0.0/16'] });
}

export async function groupIdsOf(ctx: Ctx, codes: string[]): Promise<string[]> {
  const { listStaffGroups } = await import('../directory/index.ts');
  const groups = await listStaffGroups(ctx);
  return codes.map((c) => {
    const g = groups.find((x) => x.code === c);
    if (!g) throw new Error(`no group ${c}`);
    return g.id;
  });
}

export type CampaignFixture = { campaignId: string; lureIds: string[] };

/** A profile to the sink, starter lures without sensitive pretexts, and a scheduled campaign. */
export async function scheduledCampaign(
  rig: Rig,
  o: {
    groups: string[];
    lures?: number;
    perMinute?: number;
    seed?: number;
    windowHours?: number;
    profile?: Record<string, unknown>;
    landingMode?: 'teachable' | 'form';
  },
): Promise<CampaignFixture> {
  const ctx = rig.ctx(ADMIN);
  const profile = await saveProfile(ctx, undefined, {
    name: `Sink ${++seq}`,
    host: '127.0.0.1',
    port: rig.sink.port,
    envelopeFrom: 'bounces@oakfie1d-school.example',
    perMinute: o.perMinute ?? 0,
    retryMinSeconds: 60,
    maxConnections: 3,
    ...o.profile,
  });
  const lures = (await listLures(ctx)).filter((l) => l.ethicsFlags.length === 0 && l.technique !== 'qr').slice(0, o.lures ?? 1);
  const now = rig.clock.now();
  const c = await createCampaign(
    ctx,
    {
      name: `Test campaign ${seq}`,
      lureIds: lures.map((l) => l.id),
      groupIds: await groupIdsOf(ctx, o.groups),
      profileId: profile.id,
      windowStart: now.toISOString(),
      windowEnd: new Date(now.getTime() + (o.windowHours ?? 6) * 3600_000).toISOString(),
      sendFrom: '08:00',
      sendUntil: '17:00',
      spread: false,
      landingMode: o.landingMode ?? 'teachable',
    },
    { seed: o.seed ?? 42 },
  );
  await scheduleCampaign(ctx, c.id);
  return { campaignId: c.id, lureIds: lures.map((l) => l.id) };
}

export const send = (rig: Rig, campaignId: string, options: SenderOptions = {}) =>
  runSender(rig.ctx(), campaignId, { sleep: rig.sleep, waitForWindow: true, ...options });

/** The token in a delivered message's tracked link. */
export function tokenOf(m: SinkMessage): string {
  const match = /\/c\/([A-Za-z0-9_-]{22,})/.exec(m.raw.replace(/=\r?\n/g, ''));
  if (!match) throw new Error('no token in message');
  return match[1] as string;
}
