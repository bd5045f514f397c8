import { performance } from 'node:perf_hooks';
import type { Database } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { fixedClock } from '../server/lib/clock.ts';
import { type Actor, type Ctx, systemActor } from '../server/lib/context.ts';
import { silentLogger } from '../server/lib/logger.ts';
import { captureMailer } from '../server/lib/mailer.ts';
import { seededRng } from '../server/lib/random.ts';
import { TEST_CONFIG } from '../server/lib/test-db.ts';
import { addDays } from '../server/lib/zoned-time.ts';
import { createUser } from '../server/modules/accounts/index.ts';
import { buildAgenda } from '../server/modules/meetings/domain/agenda.ts';
import { exportMeetingPaper } from '../server/modules/meetings/domain/send-papers.ts';
import {
  addAction,
  createMeeting,
  createSeries,
  getMeeting,
  sendActionToTasks,
  updateAction,
  updateMeeting,
} from '../server/modules/meetings/index.ts';
import { listProjects } from '../server/modules/projects/domain/projects.ts';
import { getPublishedStrategy } from '../server/modules/projects/domain/strategy.ts';
import {
  addMilestone,
  createInitiative,
  createObjective,
  createProject,
  createRisk,
  reviewRisk,
  updateProject,
} from '../server/modules/projects/index.ts';
import { loadTaskCard } from '../server/modules/tasks/domain/task-card.ts';
import { createRecurrence, createTask } from '../server/modules/tasks/index.ts';
import { openBenchDatabase } from './bench-db.ts';
import { type Benchmark, type BenchResult, type Metric, summarize, timeLoop } from './lib.ts';

/**
 * The planning modules at the size of a busy IT department over two years: 60 projects with 12
 * changes each, 40 risks reviewed 8 times, 24 Director of Finance meetings with 8 actions each, and
 * 300 open to-dos. Times what a person waits for: the agenda rebuilding itself, the meeting page,
 * the DOCX export, the to-do card on Today, the project list and the staff strategy page.
 * In process, through the use cases; PGlite always, PostgreSQL too when BENCH_PG_URL is set.
 */

const env = process.env;
const PROJECTS = Number(env.BENCH_PLANNING_PROJECTS ?? 60);
const CHANGES = 12;
const RISKS = 40;
const REVIEWS = 8;
const MEETINGS = 24;
const ACTIONS = 8;
const TODOS = 300;
const NOW = '2026-11-16T09:00:00Z';
const ITERATIONS = 30;

const open = (kind: 'pglite' | 'postgres') => openBenchDatabase(kind, 'planning');

async function seed(db: Database['db']): Promise<{ ctx: (when?: string) => Ctx; nextMeeting: string }> {
  const rng = seededRng(7);
  const base = { db, config: TEST_CONFIG, log: silentLogger, mail: captureMailer() };
  const sys = { ...base, clock: fixedClock(NOW), actor: systemActor('bench') };
  const d = (await createUser(sys, { email: 'director@bench.example', name: 'Director', role: 'admin', sso: true })).user;
  const b = (await createUser(sys, { email: 'bursar@bench.example', name: 'Bursar', role: 'slt', sso: true })).user;
  const director: Actor = { kind: 'user', id: d.id, email: d.email, name: d.name, role: 'admin' };
  const ctx = (when = NOW): Ctx => ({ ...base, clock: fixedClock(when), actor: director });
  const day = (n: number) => `${addDays(NOW.slice(0, 10), n)}T10:00:00Z`;
  const start = -730;
  const initiatives: string[] = [];
  for (let o = 1; o <= 3; o++) {
    const { id } = await createObjective(ctx(day(start)), { code: `O${o}`, title: `Objective ${o}`, status: 'published' });
    for (let i = 0; i < 2; i++)
      initiatives.push((await createInitiative(ctx(day(start)), { objectiveId: id, title: `Initiative ${o}.${i}` })).id);
  }
  // Every dated event, then played in order.
  const events: { at: string; run: () => Promise<unknown> }[] = [];
  const projects: string[] = [];
  for (let p = 0; p < PROJECTS; p++) {
    const created = start + rng.int(0, 300);
    events.push({
      at: day(created),
      run: async () => {
        const { id } = await createProject(ctx(day(created)), {
          name: `Project ${p}`,
          status: 'active',
          initiativeId: rng.pick(initiatives),
          capitalBudget: rng.int(1, 100) * 100_000,
        });
        projects[p] = id;
        for (let m = 0; m < 4; m++)
          await addMilestone(ctx(day(created)), id, { title: `Milestone ${m}`, dueOn: day(created + 60 * (m + 1)).slice(0, 10) });
      },
    });
    for (let c = 0; c < CHANGES; c++) {
      const at = created + 10 + Math.floor(((-created - 11) * (c + 1)) / CHANGES);
      const rag = rng.pick(['green', 'amber', 'red'] as const);
      const spent = rng.int(0, 50) * 10_000;
      events.push({
        at: day(at),
        run: () =>
          updateProject(ctx(day(at)), projects[p] as string, {
            rag,
            ragReason: rag === 'green' ? null : 'bench',
            capitalSpent: spent,
          }),
      });
    }
  }
  const risks: string[] = [];
  for (let r = 0; r < RISKS; r++) {
    events.push({
      at: day(start + r),
      run: async () => {
        risks[r] = (
          await createRisk(ctx(day(start + r)), {
            title: `Risk ${r}`,
            category: 'cyber',
            likelihood: rng.int(1, 5),
            impact: rng.int(1, 5),
          })
        ).id;
      },
    });
    for (let v = 1; v <= REVIEWS; v++)
      events.push({
        at: day(start + r + v * 80),
        run: () =>
          reviewRisk(ctx(day(start + r + v * 80)), risks[r] as string, { likelihood: rng.int(1, 5), impact: rng.int(1, 5) }),
      });
  }
  let series = '';
  events.push({
    at: day(start),
    run: async () =>
      (series = (
        await createSeries(ctx(day(start)), { name: 'DoF', kind: 'finance', members: [{ userId: d.id }, { userId: b.id }] })
      ).id),
  });
  for (let m = 0; m < MEETINGS; m++) {
    const on = -28 * (MEETINGS - m);
    events.push({
      at: day(on - 1),
      run: async () => {
        const { id } = await createMeeting(ctx(day(on - 1)), series, { date: day(on).slice(0, 10), time: '09:00' });
        for (let a = 0; a < ACTIONS; a++) {
          const action = await addAction(ctx(day(on)), id, {
            text: `Action ${m}.${a}`,
            ownerId: a % 2 ? d.id : b.id,
            dueOn: day(on + 14).slice(0, 10),
          });
          if (a % 3) await sendActionToTasks(ctx(day(on)), action.id);
          if (m < MEETINGS - 2 && a % 4 !== 3) await updateAction(ctx(day(on + 10)), action.id, { status: 'done' });
        }
        await updateMeeting(ctx(day(on)), id, { status: 'held' });
      },
    });
  }
  events.sort((x, y) => x.at.localeCompare(y.at));
  for (const e of events) await e.run();
  for (let t = 0; t < TODOS; t++)
    await createTask(ctx(), { title: `To-do ${t}`, dueOn: addDays(NOW.slice(0, 10), rng.int(-20, 40)) });
  await createRecurrence(ctx(), { title: 'Weekly briefing', rule: 'weekly', weekday: 5 });
  await createRecurrence(ctx(), { title: 'SLT report', rule: 'term_end', schoolDaysBefore: 5 });
  const next = await createMeeting(ctx(), series, { date: addDays(NOW.slice(0, 10), 3), time: '09:00' });
  return { ctx, nextMeeting: next.id };
}

export const benchmark: Benchmark = {
  description: 'Agenda build, meeting page, DOCX export, to-do card, project list and strategy page at two years of data',
  run: async (log): Promise<BenchResult> => {
    const variants: ('pglite' | 'postgres')[] = env.BENCH_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
    const metrics: Record<string, Metric> = {};
    const details: Record<string, unknown> = {};
    const put = (name: string, unit: string, variant: string, value: number) => {
      metrics[name] ??= { name, unit, values: {} };
      (metrics[name] as Metric).values[variant] = value;
    };
    for (const kind of variants) {
      const { database, close } = await open(kind);
      try {
        await migrate(database.db);
        const t0 = performance.now();
        const { ctx, nextMeeting } = await seed(database.db);
        put('seed the data through the use cases', 's', kind, (performance.now() - t0) / 1000);
        log(`${kind}: seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        const agenda = await getMeeting(ctx(), nextMeeting);
        put(
          'agenda items on the next meeting',
          'count',
          kind,
          agenda.sections.reduce((n, s) => n + s.items.length, 0),
        );
        const runs: [string, () => Promise<unknown>][] = [
          ['rebuild the agenda (every source + merge)', () => buildAgenda(ctx(), nextMeeting)],
          ['open the meeting page (GET use case)', () => getMeeting(ctx(), nextMeeting)],
          ['export the minutes as DOCX', () => exportMeetingPaper(ctx(), nextMeeting, 'minutes')],
          ['Today: the to-do card (300 open)', () => loadTaskCard(ctx())],
          ['project list with totals', () => listProjects(ctx())],
          ['staff strategy page', () => getPublishedStrategy(ctx())],
        ];
        for (const [name, fn] of runs) {
          const s = summarize(await timeLoop(fn, { warmup: 3, iterations: ITERATIONS }));
          put(`${name}, median`, 'ms', kind, s.median);
          put(`${name}, p95`, 'ms', kind, s.p95);
          details[`${kind}: ${name}`] = s;
          log(`${kind}: ${name} median ${s.median.toFixed(1)} ms`);
        }
      } finally {
        await close();
      }
    }
    return {
      variants,
      metrics: Object.values(metrics),
      notes: [
        `${PROJECTS} projects x ${CHANGES} changes, ${RISKS} risks x ${REVIEWS} reviews, ${MEETINGS} meetings x ${ACTIONS} actions, ${TODOS} to-dos; ${ITERATIONS} timed runs each after 3 warm-up`,
      ],
      details,
    };
  },
};
