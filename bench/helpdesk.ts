import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { migrate } from '../server/db/migrate.ts';
import { queryRows } from '../server/db/rows.ts';
import { systemClock } from '../server/lib/clock.ts';
import { type Actor, type Ctx, systemActor } from '../server/lib/context.ts';
import { silentLogger } from '../server/lib/logger.ts';
import { captureMailer } from '../server/lib/mailer.ts';
import { seededRng } from '../server/lib/random.ts';
import { TEST_CONFIG } from '../server/lib/test-db.ts';
import { createUser } from '../server/modules/accounts/index.ts';
import { createSchool } from '../server/modules/directory/index.ts';
import { addressesSetting, HELPDESK_SETTINGS } from '../server/modules/helpdesk/domain/helpdesk-settings.ts';
import { listQueue, searchTickets } from '../server/modules/helpdesk/domain/queue.ts';
import { startSmtpListener } from '../server/modules/helpdesk/domain/smtp-listener.ts';
import { type BulkTicket, bulkLoadTickets } from '../server/modules/helpdesk/index.ts';
import { setSetting } from '../server/modules/settings/index.ts';
import { openBenchDatabase } from './bench-db.ts';
import { type Benchmark, type BenchResult, type Metric, summarize, timeLoop } from './lib.ts';

/**
 * The help desk at scale (research AT-40-42): inbound mail over loopback SMTP into tickets
 * (new, replies, auto-replies, duplicates), then 100,000 tickets and 600,000 messages loaded with
 * COPY and the IT team's queues and full-text search timed on them. PGlite always; PostgreSQL too
 * when BENCH_PG_URL is set.
 */

const env = process.env;
const MAILS = Number(env.BENCH_HELPDESK_MAILS ?? 2000);
const TICKETS = Number(env.BENCH_HELPDESK_TICKETS ?? 100_000);
const MESSAGES_PER_TICKET = 6;
const ITERATIONS = 200;
const DESK = 'itservices@oakfield.example';

const WORDS =
  'printer projector wifi network laptop password account locked email teams classroom library science hall screen keyboard charger ipad chromebook license software install update slow offline error login speaker sound camera cable monitor drive folder onedrive sharepoint exam coursework timetable booking sign mfa phone toner paper scan'.split(
    ' ',
  );

function text(rng: ReturnType<typeof seededRng>, n: number): string {
  return Array.from({ length: n }, () => rng.pick(WORDS)).join(' ');
}

const open = (kind: 'pglite' | 'postgres') => openBenchDatabase(kind, 'helpdesk');

async function ingest(ctx: () => Ctx, log: (l: string) => void) {
  const listener = await startSmtpListener({ host: '127.0.0.1', port: 0, ctx });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const rng = seededRng(7);
  const mails: SendMailOptions[] = [];
  let news = 0;
  for (let i = 0; mails.length < MAILS; i++) {
    const from = `person${i}@oakfield.example`;
    mails.push({
      from,
      to: DESK,
      subject: `Problem ${i}: ${text(rng, 4)}`,
      text: text(rng, 30),
      messageId: `<bench-${i}@client.example>`,
    });
    news++;
    if (rng.chance(0.4))
      mails.push({
        from,
        to: DESK,
        subject: `Re: Problem ${i}`,
        text: text(rng, 12),
        messageId: `<bench-${i}-r@client.example>`,
        inReplyTo: `<bench-${i}@client.example>`,
      });
    if (rng.chance(0.15))
      mails.push({
        from,
        to: DESK,
        subject: `Automatic reply: Problem ${i}`,
        text: 'Out of office',
        messageId: `<bench-${i}-a@client.example>`,
        headers: { 'Auto-Submitted': 'auto-replied' },
        inReplyTo: `<bench-${i}@client.example>`,
      });
    if (rng.chance(0.08))
      mails.push({ from, to: DESK, subject: `Problem ${i}`, text: 'again', messageId: `<bench-${i}@client.example>` });
  }
  // New mail first, then what follows it (replies, auto-replies): a reply never overtakes its original.
  const isFirst = (m: SendMailOptions) => !m.inReplyTo;
  const phases = [mails.filter(isFirst), mails.filter((m) => !isFirst(m))];
  const start = performance.now();
  for (const phase of phases) {
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < phase.length) await transport.sendMail(phase[next++] as SendMailOptions);
      }),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  transport.close();
  await listener.close();
  const db = ctx().db;
  const [tickets] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM helpdesk_tickets`);
  const [inbound] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM helpdesk_inbound`);
  const unique = new Set(mails.map((m) => m.messageId)).size;
  log(
    `${mails.length} mails (${news} new, ${unique} unique) in ${seconds.toFixed(1)} s; ${tickets?.n} tickets, ${inbound?.n} recorded`,
  );
  if (tickets?.n !== news) throw new Error(`expected ${news} tickets, got ${tickets?.n}`);
  if (inbound?.n !== unique) throw new Error(`expected ${unique} inbound records, got ${inbound?.n}`);
  return { perSecond: mails.length / seconds, mails: mails.length, seconds };
}

async function load(ctx: Ctx, agents: string[], log: (l: string) => void): Promise<number> {
  const rng = seededRng(42);
  const now = Date.now();
  const start = performance.now();
  for (let done = 0; done < TICKETS; done += 10_000) {
    const batch: BulkTicket[] = [];
    for (let i = done; i < Math.min(TICKETS, done + 10_000); i++) {
      const createdAt = new Date(now - (TICKETS - i) * 30 * 60000 - rng.int(0, 1800000));
      const open = i > TICKETS * 0.95;
      const assignee = open && rng.chance(0.3) ? null : (rng.pick(agents) as string);
      const messages: BulkTicket['messages'] = [];
      for (let m = 0; m < MESSAGES_PER_TICKET; m++) {
        const at = new Date(createdAt.getTime() + m * 3600000);
        messages.push({
          at,
          authorKind: m % 2 ? 'agent' : 'requester',
          authorName: 'x',
          authorEmail: null,
          visibility: m === 3 ? 'internal' : 'public',
          channel: 'email',
          body: text(rng, 25),
        });
      }
      const events: BulkTicket['events'] = [{ at: createdAt, kind: 'created', actorLabel: 'x', data: { status: 'new' } }];
      events.push({ at: new Date(createdAt.getTime() + 3600000), kind: 'agent_reply', actorLabel: 'x', data: { public: true } });
      events.push({
        at: new Date(createdAt.getTime() + 3600000),
        kind: 'status',
        actorLabel: 'x',
        data: { from: 'new', to: 'open' },
      });
      if (!open)
        events.push({
          at: new Date(createdAt.getTime() + 5 * 3600000),
          kind: 'status',
          actorLabel: 'x',
          data: { from: 'open', to: 'resolved' },
        });
      batch.push({
        id: crypto.randomUUID(),
        subject: text(rng, 5),
        status: open ? 'open' : 'resolved',
        priority: 'p3',
        category: rng.pick(['Wi-Fi', 'Printing', 'Accounts', 'AV', 'Hardware']),
        tags: [],
        channel: 'email',
        requesterEmail: `user${rng.int(1, 3000)}@oakfield.example`,
        requesterName: 'Someone',
        requesterKind: 'staff',
        requesterPersonId: null,
        assigneeId: assignee,
        assigneeName: assignee ? 'Agent' : null,
        team: null,
        schoolId: null,
        buildingId: null,
        roomId: null,
        locationLabel: null,
        asset: null,
        createdAt,
        messages,
        events,
      });
    }
    await ctx.db.transaction((db) => bulkLoadTickets({ ...ctx, db }, batch));
    log(`loaded ${Math.min(TICKETS, done + 10_000).toLocaleString('en-GB')} tickets`);
  }
  await ctx.db.execute(sql`ANALYZE`);
  return (performance.now() - start) / 1000;
}

async function runVariant(kind: 'pglite' | 'postgres', log: (l: string) => void) {
  const { database, close } = await open(kind);
  try {
    await migrate(database.db);
    const mail = captureMailer();
    const config = { ...TEST_CONFIG, mail: { host: 'x', port: 25, secure: false, from: DESK } };
    const ctx = (actor: Actor = systemActor('bench')): Ctx => ({
      db: database.db,
      clock: systemClock,
      config,
      log: silentLogger,
      mail,
      actor,
    });
    await setSetting(ctx(), HELPDESK_SETTINGS, addressesSetting.key, { value: [DESK] });
    await createSchool(ctx(), { code: 'senior', name: 'Senior' });
    const agents: Actor[] = [];
    for (const n of ['one', 'two', 'three', 'four']) {
      const { user } = await createUser(ctx(), {
        email: `${n}@oakfield.example`,
        name: n,
        role: 'it',
        password: 'correct horse battery staple',
      });
      agents.push({ kind: 'user', id: user.id, email: user.email, name: user.name, role: 'it' });
    }
    const inbound = await ingest(() => ctx(), log);
    const loadSeconds = await load(
      ctx(),
      agents.map((a) => (a.kind === 'user' ? a.id : '')),
      log,
    );
    const agent = agents[0] as Actor;
    const requester: Actor = {
      kind: 'user',
      id: crypto.randomUUID(),
      email: 'user17@oakfield.example',
      name: 'r',
      role: 'staff',
    };
    const rng = seededRng(3);
    const measure = (fn: () => Promise<unknown>) => timeLoop(fn, { warmup: 20, iterations: ITERATIONS }).then(summarize);
    const results = {
      mine: await measure(() => listQueue(ctx(agent), { view: 'mine', limit: 50 })),
      unassigned: await measure(() => listQueue(ctx(agent), { view: 'unassigned', limit: 50 })),
      search: await measure(() => searchTickets(ctx(agent), { q: `${rng.pick(WORDS)} ${rng.pick(WORDS)}` })),
      ownSearch: await measure(() => searchTickets(ctx(requester), { q: `${rng.pick(WORDS)} ${rng.pick(WORDS)}` })),
      number: await measure(() => searchTickets(ctx(agent), { q: `#${rng.int(1, TICKETS)}` })),
    };
    return { inbound, loadSeconds, results };
  } finally {
    await close();
  }
}

export const benchmark: Benchmark = {
  description: 'help desk: inbound SMTP mail/s to tickets; queue and search latency on 100,000 tickets',
  run: async (log) => {
    const variants: ('pglite' | 'postgres')[] = env.BENCH_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
    const out: Record<string, Awaited<ReturnType<typeof runVariant>>> = {};
    for (const v of variants) {
      log(`== ${v}`);
      out[v] = await runVariant(v, log);
    }
    const per = (f: (r: Awaited<ReturnType<typeof runVariant>>) => number) =>
      Object.fromEntries(variants.map((v) => [v, f(out[v] as Awaited<ReturnType<typeof runVariant>>)]));
    const metrics: Metric[] = [
      {
        name: `inbound mail over SMTP → tickets (${MAILS} mails, 4 connections)`,
        unit: 'mails/s',
        values: per((r) => r.inbound.perSecond),
      },
      {
        name: `load ${TICKETS.toLocaleString('en-GB')} tickets + ${(TICKETS * MESSAGES_PER_TICKET).toLocaleString('en-GB')} messages (COPY, SLA computed)`,
        unit: 's',
        values: per((r) => r.loadSeconds),
      },
    ];
    const rows: [keyof Awaited<ReturnType<typeof runVariant>>['results'], string][] = [
      ['mine', 'queue "mine", 50 rows'],
      ['unassigned', 'queue "unassigned, by age", 50 rows'],
      ['search', 'two-word full-text search (IT)'],
      ['ownSearch', "two-word search, a requester's own tickets"],
      ['number', 'ticket number lookup'],
    ];
    for (const [key, label] of rows) {
      metrics.push({ name: `${label}: median`, unit: 'ms', values: per((r) => r.results[key].median) });
      metrics.push({ name: `${label}: p95`, unit: 'ms', values: per((r) => r.results[key].p95) });
    }
    const result: BenchResult = {
      variants,
      metrics,
      notes: [
        'Mail: 60% new, 25% replies, 10% auto-replies, 5% re-deliveries of the same Message-ID; acknowledgements go to an in-memory mailer.',
        `Queue and search: ${ITERATIONS} sequential calls each after 20 warm-up, through the use cases (no HTTP).`,
      ],
      details: Object.fromEntries(variants.map((v) => [v, out[v]])),
    };
    return result;
  },
};
