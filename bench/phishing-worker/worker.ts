import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Config } from '../../server/config.ts';
import { migrate } from '../../server/db/migrate.ts';
import { queryRows } from '../../server/db/rows.ts';
import { systemClock } from '../../server/lib/clock.ts';
import { type Ctx, systemActor } from '../../server/lib/context.ts';
import { silentLogger } from '../../server/lib/logger.ts';
import { captureMailer } from '../../server/lib/mailer.ts';
import { TEST_CONFIG } from '../../server/lib/test-db.ts';
import { addCalendarEntry } from '../../server/modules/calendar/index.ts';
import { listStaffGroups, type PersonInput, syncPeople } from '../../server/modules/directory/index.ts';
import { phishingRecipients } from '../../server/modules/phishing/db/tables.ts';
import { createCampaign, scheduleCampaign } from '../../server/modules/phishing/domain/campaigns.ts';
import { listLures } from '../../server/modules/phishing/domain/lures.ts';
import { buildMessage } from '../../server/modules/phishing/domain/message.ts';
import { PHISHING_SETTINGS } from '../../server/modules/phishing/domain/phishing-settings.ts';
import { saveProfile } from '../../server/modules/phishing/domain/profiles.ts';
import { runSender } from '../../server/modules/phishing/domain/sender.ts';
import { startTrackingServer } from '../../server/modules/phishing/http/tracking-server.ts';
import { setSetting } from '../../server/modules/settings/index.ts';
import { openBenchDatabase } from '../bench-db.ts';

/**
 * The Belfry side of bench/phishing.ts, in its own process so its memory is measured alone: a
 * PGlite database with 10,000 staff in five groups, the real tracking listener, and on command a
 * campaign to one group sent by Belfry's sender or, for comparison, one message at a time over one
 * connection as GoPhish's mailer does. One JSON line out per command.
 */

const SINK_PORT = Number(process.env.SINK_PORT);
const N = Number(process.env.RECIPIENTS ?? 2000);
const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

const bench = await openBenchDatabase('pglite', 'phishing');
await migrate(bench.database.db);
let config: Config = { ...TEST_CONFIG, dataDir: path.join(os.tmpdir(), `belfry-bench-phishing-${process.pid}`) };
const ctx = (): Ctx => ({
  db: bench.database.db,
  clock: systemClock,
  config,
  log: silentLogger,
  mail: captureMailer(),
  actor: systemActor('bench'),
});
const tracking = await startTrackingServer({ host: '127.0.0.1', port: 0, ctx, trustProxy: ['127.0.0.1'] });
config = {
  ...config,
  phishing: {
    baseUrl: `http://127.0.0.1:${tracking.port}`,
    port: tracking.port,
    host: '127.0.0.1',
    trustedProxies: ['127.0.0.1'],
    key: 'bench-phishing-key-bench-phishing-key-000',
  },
};
const today = new Date().toISOString().slice(0, 10);
const y = Number(today.slice(0, 4));
await addCalendarEntry(ctx(), { kind: 'term', name: 'Bench year', startsOn: `${y - 1}-01-01`, endsOn: `${y + 1}-12-31` });
// The benchmark runs at any hour: the guard would refuse a Sunday evening.
await setSetting(ctx(), PHISHING_SETTINGS, 'phishing.calendarGuard', { value: 'off' });
await setSetting(ctx(), PHISHING_SETTINGS, 'phishing.scannerNetworks', { value: ['40.94.0.0/16'] });
const people: PersonInput[] = [];
for (const g of ['a', 'b', 'c', 'd', 'e'])
  for (let i = 0; i < N; i++)
    people.push({
      externalId: `${g}${i}`,
      kind: 'staff',
      givenName: `Given${i}`,
      familyName: `Family${g}${i}`,
      preferredName: null,
      email: `s${i}.${g}@bench.example`,
      schoolId: null,
      yearGroup: null,
      house: null,
      tutorGroup: null,
      jobTitle: null,
      department: null,
      groups: [`bench-${g}`],
    });
await syncPeople(ctx(), people, { dryRun: false, deactivateMissing: false });
const groups = await listStaffGroups(ctx());
const lures = (await listLures(ctx())).filter((l) => !l.ethicsFlags.length && l.technique !== 'qr').slice(0, 3);
const profile = await saveProfile(ctx(), undefined, {
  name: 'Bench sink',
  host: '127.0.0.1',
  port: SINK_PORT,
  envelopeFrom: 'bench@lookalike.example',
  perMinute: 0,
  // No daily cap: three sends of 2,000 in one run would hit the default 2,000 a day.
  perDay: 0,
  maxConnections: Number(process.env.CONNECTIONS ?? 5),
});
global.gc?.();
say({ ready: true, trackingPort: tracking.port });

async function schedule(group: string): Promise<string> {
  const now = Date.now();
  const c = await createCampaign(ctx(), {
    name: `Bench ${group}`,
    lureIds: lures.map((l) => l.id),
    groupIds: [groups.find((g) => g.code === `bench-${group}`)?.id as string],
    profileId: profile.id,
    windowStart: new Date(now - 60_000).toISOString(),
    windowEnd: new Date(now + 6 * 3600_000).toISOString(),
    sendFrom: '00:00',
    sendUntil: '23:59',
    spread: false,
  });
  await scheduleCampaign(ctx(), c.id);
  return c.id;
}

/** GoPhish's way: one connection, one message at a time, each written before the next. */
async function sendOneAtATime(campaignId: string): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: SINK_PORT,
    pool: true,
    maxConnections: 1,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const rows = (await ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId))).sort(
    (a, b) => a.sendOrder - b.sendOrder,
  );
  const lureById = new Map(lures.map((l) => [l.id, l]));
  let accepted = 0;
  for (const r of rows) {
    const m = await buildMessage({
      lure: lureById.get(r.lureId) as never,
      token: r.token,
      email: r.email,
      firstName: r.firstName,
      messageId: r.messageId,
      campaignId,
      baseUrl: config.phishing?.baseUrl as string,
      schoolName: 'Bench School',
      envelopeFrom: profile.envelopeFrom,
      headerName: profile.headerName,
      date: new Date(),
      timeZone: config.timeZone,
    });
    await transport.sendMail(m);
    await ctx()
      .db.update(phishingRecipients)
      .set({ status: 'accepted', smtpAcceptedAt: new Date() })
      .where(eq(phishingRecipients.id, r.id));
    accepted++;
  }
  transport.close();
  return accepted;
}

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const cmd = JSON.parse(line) as { cmd: string; variant?: string; group?: string; campaignId?: string; file?: string };
  if (cmd.cmd === 'gc') {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 200));
    say({ gc: true });
  } else if (cmd.cmd === 'send') {
    const campaignId = await schedule(cmd.group as string);
    say({ scheduled: campaignId });
    const started = performance.now();
    const accepted =
      cmd.variant === 'one-at-a-time' ? await sendOneAtATime(campaignId) : (await runSender(ctx(), campaignId)).accepted;
    say({ sent: campaignId, accepted, seconds: (performance.now() - started) / 1000 });
  } else if (cmd.cmd === 'tokens') {
    const rows = await ctx()
      .db.select({ token: phishingRecipients.token })
      .from(phishingRecipients)
      .where(eq(phishingRecipients.campaignId, cmd.campaignId as string));
    writeFileSync(cmd.file as string, rows.map((r) => r.token).join('\n'));
    say({ tokens: rows.length });
  } else if (cmd.cmd === 'count') {
    const rows = await queryRows<{ classification: string; n: number }>(
      ctx().db,
      (await import('drizzle-orm'))
        .sql`SELECT classification, count(*)::int AS n FROM phishing_interactions WHERE campaign_id = ${cmd.campaignId} GROUP BY classification`,
    );
    say({ classes: Object.fromEntries(rows.map((r) => [r.classification, Number(r.n)])) });
  } else if (cmd.cmd === 'quit') {
    await tracking.close();
    await bench.close();
    say({ bye: true });
    process.exit(0);
  }
}
