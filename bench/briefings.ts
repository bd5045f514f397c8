import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { migrate } from '../server/db/migrate.ts';
import { queryRows } from '../server/db/rows.ts';
import { fixedClock } from '../server/lib/clock.ts';
import { type Actor, type Ctx, systemActor } from '../server/lib/context.ts';
import { silentLogger } from '../server/lib/logger.ts';
import { captureMailer } from '../server/lib/mailer.ts';
import { seededRng } from '../server/lib/random.ts';
import { TEST_CONFIG } from '../server/lib/test-db.ts';
import { addDays, zonedToUtc } from '../server/lib/zoned-time.ts';
import { listUsers } from '../server/modules/accounts/index.ts';
import { saveTemplate } from '../server/modules/briefings/domain/template.ts';
import {
  addUseful,
  draftBriefing,
  getBriefing,
  isoWeekOf,
  listBriefings,
  publishBriefing,
  searchArchive,
  updateSection,
} from '../server/modules/briefings/index.ts';
import { loadDemoSchool } from '../server/modules/demo/index.ts';
import { openBenchDatabase } from './bench-db.ts';
import { type Benchmark, type BenchResult, type Metric, summarize } from './lib.ts';

/**
 * The weekly briefing. (1) Drafting a week from the demo school's data (every feed: help desk
 * metrics and drill-downs, kudos, alerts and incidents, projects, the Wi-Fi verdict, meetings,
 * to-dos, the calendar): this week's draft drafted again, and five weeks of the previous term
 * drafted afresh. (2) Search over five years of weekly briefings (260 published, about 4 KB of
 * words each) and 500 useful-info items: full-text search (ranked, highlighted, pinned first)
 * against a plain ILIKE scan of the same text, side by side. In process, through the use cases;
 * PGlite always, PostgreSQL too when BENCH_PG_URL is set. The 1-minute load average is recorded
 * beside each group of figures: the machine is shared.
 */

const env = process.env;
const NOW = '2026-11-19T14:00:00Z';
const YEARS = Number(env.BENCH_BRIEFING_YEARS ?? 5);
const USEFUL = Number(env.BENCH_BRIEFING_USEFUL ?? 500);
const QUERIES = Number(env.BENCH_BRIEFING_QUERIES ?? 300);
const load1 = () => os.loadavg()[0] as number;

const DOMAIN = [
  'projector',
  'firewall',
  'password',
  'Wi-Fi',
  'printer',
  'laptop',
  'Chromebook',
  'switch',
  'backup',
  'phishing',
  'licence',
  'supplier',
  'timetable',
  'interactive',
  'whiteboard',
  'broadband',
  'headset',
  'camera',
  'toner',
  'enrolment',
  'filtering',
  'monitoring',
  'safeguarding',
  'library',
  'science',
  'boarding',
  'sports',
  'exams',
  'governors',
  'bursary',
];
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'van', 'dro', 'sel', 'pun', 'gra', 'hex', 'nor', 'bli', 'tas', 'wen', 'quo', 'rin'];

function wordsOf(rng: ReturnType<typeof seededRng>, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.25)) out.push(rng.pick(DOMAIN));
    else out.push(Array.from({ length: rng.int(2, 3) }, () => rng.pick(SYLLABLES)).join(''));
  }
  return out.join(' ');
}

type Ctxs = { at: (now: string) => Ctx };

async function director(base: Omit<Ctx, 'clock' | 'actor'>): Promise<Ctxs> {
  const sys = { ...base, clock: fixedClock(NOW), actor: systemActor('bench') };
  const u = (await listUsers(sys)).find((x) => x.role === 'admin');
  if (!u) throw new Error('no admin in the demo');
  const actor: Actor = { kind: 'user', id: u.id, email: u.email, name: u.name, role: 'admin' };
  return { at: (now) => ({ ...base, clock: fixedClock(now), actor }) };
}

async function drafting(base: Omit<Ctx, 'clock' | 'actor'>, put: Put, kind: string) {
  const t0 = performance.now();
  await loadDemoSchool({ ...base, clock: fixedClock(NOW), actor: systemActor('bench') }, { password: 'bench-password-2026' });
  put('load the demo school, 12 briefings included', 's', kind, (performance.now() - t0) / 1000);
  const d = await director(base);
  const ctx = d.at(NOW);
  const current = (await listBriefings(ctx)).find((b) => b.status === 'draft');
  if (!current) throw new Error('the demo has no draft this week');
  put('load average (1 min) while drafting', '', kind, load1());
  const again: number[] = [];
  const feeds = new Map<string, number[]>();
  for (let i = 0; i < 5; i++) {
    let last = performance.now();
    let step = '';
    const t = performance.now();
    await draftBriefing(
      ctx,
      { week: current.week },
      {
        progress: (next) => {
          const now = performance.now();
          if (step) feeds.set(step, [...(feeds.get(step) ?? []), now - last]);
          step = next;
          last = now;
        },
      },
    );
    const end = performance.now();
    if (step) feeds.set(step, [...(feeds.get(step) ?? []), end - last]);
    again.push(end - t);
  }
  const s = summarize(again);
  put('draft this week again from the demo data (all 11 feeds), median of 5', 'ms', kind, s.median);
  put('draft this week again, slowest of 5', 'ms', kind, s.max);
  for (const [feed, xs] of feeds) put(`  of which ${feed}, median`, 'ms', kind, summarize(xs).median);
  // Five weeks of the previous term, each drafted for the first time.
  const fresh: number[] = [];
  const earliest = (await listBriefings(ctx)).at(-1)?.startsOn as string;
  for (let w = 1; w <= 5; w++) {
    const monday = addDays(earliest, -7 * (w + 8));
    const t = performance.now();
    await draftBriefing(d.at(zonedToUtc(addDays(monday, 4), '11:00', 'Europe/London').toISOString()), {
      week: isoWeekOf(monday),
    });
    fresh.push(performance.now() - t);
  }
  put('draft a week of the previous term afresh, median of 5', 'ms', kind, summarize(fresh).median);
  return { again: s, fresh: summarize(fresh), feeds: Object.fromEntries([...feeds].map(([k, v]) => [k, summarize(v)])) };
}

async function searching(base: Omit<Ctx, 'clock' | 'actor'>, put: Put, kind: string) {
  const rng = seededRng(16);
  const sys = { ...base, clock: fixedClock(NOW), actor: systemActor('bench') };
  const ctx = (now = NOW): Ctx => ({ ...sys, clock: fixedClock(now) });
  await saveTemplate(ctx(), {
    sections: [
      { key: 'thoughts', title: 'Thoughts', feeds: [] },
      { key: 'notices', title: 'Notices', feeds: [] },
      { key: 'week', title: 'The week', feeds: [] },
    ],
  });
  const t0 = performance.now();
  const weeks = YEARS * 52;
  const start = '2021-11-22';
  for (let w = 0; w < weeks; w++) {
    const monday = addDays(start, 7 * w);
    const at = zonedToUtc(addDays(monday, 4), '11:00', 'Europe/London').toISOString();
    const { id } = await draftBriefing(ctx(at), { week: isoWeekOf(monday) });
    const b = await getBriefing(ctx(at), id);
    for (const s of b.sections ?? []) {
      const paragraphs = Array.from({ length: 4 }, () => `- ${wordsOf(rng, rng.int(20, 40))}`).join('\n');
      await updateSection(ctx(at), s.id, { markdown: `${wordsOf(rng, 30)}.\n\n${paragraphs}` });
    }
    await publishBriefing(ctx(at), id, { email: false });
  }
  for (let i = 0; i < USEFUL; i++)
    await addUseful(ctx(), {
      title: `${rng.pick(DOMAIN)} ${wordsOf(rng, 3)}`,
      body: `${wordsOf(rng, rng.int(60, 200))}\n\n1. ${wordsOf(rng, 12)}\n2. ${wordsOf(rng, 12)}`,
      tags: [rng.pick(['how-to', 'contacts', 'procedure', 'suppliers'])],
      pinned: i % 25 === 0,
    });
  put(`publish ${weeks} briefings and add ${USEFUL} useful-info items`, 's', kind, (performance.now() - t0) / 1000);
  const [size] = await queryRows<{ kb: number }>(
    base.db,
    sql`SELECT (sum(length(search_text)) / 1024)::int AS kb FROM briefings_revisions`,
  );
  put('words indexed in the briefings', 'KiB', kind, Number(size?.kb ?? 0));

  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const kindOf = i % 4;
    if (kindOf === 0) return rng.pick(DOMAIN);
    if (kindOf === 1) return `${rng.pick(DOMAIN)} ${rng.pick(DOMAIN)}`;
    if (kindOf === 2) return wordsOf(rng, 1);
    return `"${rng.pick(DOMAIN)} ${wordsOf(rng, 1)}"`;
  });
  const it = ctx();
  for (const q of queries.slice(0, 10)) await searchArchive(it, { q });
  put('load average (1 min) while searching', '', kind, load1());
  const fts: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    hits += (await searchArchive(it, { q })).length;
    fts.push(performance.now() - t);
  }
  const naive: number[] = [];
  for (const q of queries) {
    const like = `%${q.replace(/"/g, '').split(' ')[0]}%`;
    const t = performance.now();
    await queryRows(
      base.db,
      sql`SELECT id, title FROM (
            SELECT u.id, u.title, u.pinned, u.updated_at AS at FROM briefings_useful u WHERE u.archived_at IS NULL AND (u.title ILIKE ${like} OR u.body_text ILIKE ${like})
            UNION ALL
            SELECT b.id, r.title, false, r.published_at FROM briefings_briefings b JOIN briefings_revisions r ON r.id = b.current_revision_id WHERE r.search_text ILIKE ${like}
          ) x ORDER BY pinned DESC, at DESC LIMIT 20`,
    );
    naive.push(performance.now() - t);
  }
  const f = summarize(fts);
  const n = summarize(naive);
  put(`search, full-text (ranked, highlighted), median of ${QUERIES}`, 'ms', kind, f.median);
  put('search, full-text, p95 (goal: under 50 ms on PGlite)', 'ms', kind, f.p95);
  put('search, plain ILIKE scan (no rank, no highlight), median', 'ms', kind, n.median);
  put('search, plain ILIKE scan, p95', 'ms', kind, n.p95);
  put('results per full-text search, mean', 'count', kind, hits / QUERIES);
  return { fts: f, naive: n };
}

type Put = (name: string, unit: string, variant: string, value: number) => void;

export const benchmark: Benchmark = {
  description:
    'Weekly briefing: drafting a week from the demo data, and search over five years of briefings and 500 useful-info items',
  run: async (log): Promise<BenchResult> => {
    const variants: ('pglite' | 'postgres')[] = env.BENCH_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
    const metrics: Record<string, Metric> = {};
    const details: Record<string, unknown> = {};
    const put: Put = (name, unit, variant, value) => {
      metrics[name] ??= { name, unit, values: {} };
      (metrics[name] as Metric).values[variant] = value;
    };
    for (const kind of variants) {
      for (const part of ['drafting', 'search'] as const) {
        const { database, close } = await openBenchDatabase(kind, `briefings-${part}`);
        try {
          await migrate(database.db);
          const base = { db: database.db, config: TEST_CONFIG, log: silentLogger, mail: captureMailer() };
          details[`${kind}: ${part}`] = part === 'drafting' ? await drafting(base, put, kind) : await searching(base, put, kind);
          log(`${kind}: ${part} done (load ${load1().toFixed(2)})`);
        } finally {
          await close();
        }
      }
    }
    return {
      variants,
      metrics: Object.values(metrics),
      notes: [
        `Drafting: the demo school as of ${NOW} (a Thursday); "again" redrafts this week's draft, every section unedited, so every feed runs.`,
        `Search: ${YEARS * 52} weekly briefings (every week of ${YEARS} years) of generated words with the school's own vocabulary mixed in, ${USEFUL} useful-info items, ${QUERIES} queries (one word, two words, a rare word, a phrase), each timed through searchArchive (websearch_to_tsquery, ts_rank_cd, ts_headline on the page of results); the ILIKE scan finds the first word only, unranked.`,
      ],
      details,
    };
  },
};
