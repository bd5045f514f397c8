import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Forbidden, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import type { SchoolCalendar } from '../../../lib/working-time.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { listSchools } from '../../directory/index.ts';
import {
  deleteOpenOccurrencesFrom,
  insertOccurrences,
  insertRecurrence,
  type RecurrenceRow,
  selectDueRecurrences,
  selectRecurrence,
  selectRecurrences,
  updateRecurrenceRow,
} from '../db/task-queries.ts';
import { describeRule, laterDate, occurrencesBetween, type RecurrenceRule } from './recurrence-rules.ts';
import { loadOwners, ownerName, requireOwner, TASK_ROLES } from './task-owners.ts';
import { IsoDate, PRIORITIES } from './task-schemas.ts';

export const todayOf = (ctx: Ctx): string => localDate(ctx.clock.now(), ctx.config.timeZone);

/** How far back a server that was switched off catches up on missed occurrences. */
const CATCH_UP_DAYS = 14;
/** Beyond any rule's distance from anchor back to due date (30 school days before the end of term). */
const LOOK_AHEAD_DAYS = 60;

export const RecurrenceInput = z
  .object({
    title: z.string().trim().min(1, 'Enter a title').max(300),
    notes: z.string().trim().max(5000).nullish(),
    priority: z.enum(PRIORITIES).default('normal'),
    ownerId: z.uuid().optional(),
    rule: z.enum(['weekly', 'monthly', 'term_end']),
    weekday: z.number().int().min(1).max(7).nullish(),
    interval: z.number().int().min(1).max(52).default(1),
    dayOfMonth: z.number().int().min(1).max(31).nullish(),
    schoolDaysBefore: z.number().int().min(0).max(30).default(0),
    termOnly: z.boolean().default(false),
    schoolId: z.uuid().nullish(),
    startsOn: IsoDate.optional(),
    endsOn: IsoDate.nullish(),
    leadDays: z.number().int().min(0).max(60).default(7),
  })
  .refine((r) => r.rule !== 'weekly' || r.weekday, { message: 'Choose a day of the week', path: ['weekday'] })
  .refine((r) => r.rule !== 'monthly' || r.dayOfMonth, { message: 'Choose a day of the month', path: ['dayOfMonth'] });
export type RecurrenceInput = z.input<typeof RecurrenceInput>;

export type Recurrence = {
  id: string;
  title: string;
  notes: string | null;
  priority: string;
  owner: { id: string; name: string };
  rule: RecurrenceRule['rule'];
  weekday: number | null;
  interval: number;
  dayOfMonth: number | null;
  schoolDaysBefore: number;
  termOnly: boolean;
  schoolId: string | null;
  startsOn: string;
  endsOn: string | null;
  leadDays: number;
  isActive: boolean;
  description: string;
  /** The next few due dates from today. */
  next: string[];
};

const ruleOf = (r: RecurrenceRow): RecurrenceRule => ({
  rule: r.rule as RecurrenceRule['rule'],
  weekday: r.weekday,
  interval: r.interval,
  dayOfMonth: r.dayOfMonth,
  schoolDaysBefore: r.schoolDaysBefore,
  termOnly: r.termOnly,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
});

/** One school's calendar, or every school's when none is chosen (a school day at any counts). */
async function calendarsFor(ctx: Ctx, schoolId: string | null, cache: Map<string, SchoolCalendar[]>) {
  const key = schoolId ?? '*';
  let cals = cache.get(key);
  if (!cals) {
    if (schoolId) cals = [await loadSchoolCalendar(ctx, schoolId)];
    else {
      const schools = await listSchools(ctx);
      cals = schools.length
        ? await Promise.all(schools.map((s) => loadSchoolCalendar(ctx, s.id)))
        : [await loadSchoolCalendar(ctx)];
    }
    cache.set(key, cals);
  }
  return cals;
}

/**
 * Makes the to-dos of every repeating item whose next occurrence is within its lead time.
 * Idempotent (one to-do per occurrence, by a unique index); run by the scheduler, when a
 * repeating item is saved, and before the to-do list and the Today card are read.
 */
export async function materialiseRecurrences(ctx: Ctx): Promise<number> {
  const today = todayOf(ctx);
  const due = await selectDueRecurrences(ctx.db, today);
  const cache = new Map<string, SchoolCalendar[]>();
  let made = 0;
  for (const r of due) {
    const next = r.generatedThrough ? addDays(r.generatedThrough, 1) : r.startsOn;
    const catchUp = addDays(today, -CATCH_UP_DAYS);
    const from = laterDate(next, catchUp);
    const horizon = addDays(today, r.leadDays);
    const to = r.endsOn && r.endsOn < horizon ? r.endsOn : horizon;
    if (to < from) continue;
    // Due dates come before their anchors (the end of term, an INSET Friday), so look ahead
    // and keep what is due within the lead time; the unique index stops a second copy.
    const occurrences = occurrencesBetween(
      ruleOf(r),
      await calendarsFor(ctx, r.schoolId, cache),
      from,
      addDays(to, LOOK_AHEAD_DAYS),
    ).filter((o) => o.dueOn <= to);
    const now = ctx.clock.now();
    made += await insertOccurrences(
      ctx.db,
      occurrences.map((o) => ({
        id: newId(),
        title: r.title,
        notes: r.notes,
        dueOn: o.dueOn,
        priority: r.priority,
        status: 'open',
        ownerId: r.ownerId,
        createdBy: r.createdBy,
        createdByLabel: 'Repeating to-do',
        createdAt: now,
        updatedAt: now,
        recurrenceId: r.id,
        occurrenceOn: o.anchor,
      })),
    );
    await updateRecurrenceRow(ctx.db, r.id, { generatedThrough: to });
  }
  return made;
}

async function present(ctx: Ctx, rows: RecurrenceRow[]): Promise<Recurrence[]> {
  const owners = await loadOwners(ctx);
  const today = todayOf(ctx);
  const cache = new Map<string, SchoolCalendar[]>();
  const out: Recurrence[] = [];
  for (const r of rows) {
    const cals = await calendarsFor(ctx, r.schoolId, cache);
    const next = r.isActive
      ? occurrencesBetween(ruleOf(r), cals, today, addDays(today, 400))
          .filter((o) => o.dueOn >= today)
          .slice(0, 3)
          .map((o) => o.dueOn)
      : [];
    out.push({
      id: r.id,
      title: r.title,
      notes: r.notes,
      priority: r.priority,
      owner: { id: r.ownerId, name: ownerName(owners, r.ownerId) },
      rule: r.rule as RecurrenceRule['rule'],
      weekday: r.weekday,
      interval: r.interval,
      dayOfMonth: r.dayOfMonth,
      schoolDaysBefore: r.schoolDaysBefore,
      termOnly: r.termOnly,
      schoolId: r.schoolId,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      leadDays: r.leadDays,
      isActive: r.isActive,
      description: describeRule(ruleOf(r)),
      next,
    });
  }
  return out;
}

export async function listRecurrences(ctx: Ctx): Promise<Recurrence[]> {
  const actor = requireRole(ctx, ...TASK_ROLES);
  const seesAll = actor.role === 'admin' || actor.role === 'it';
  const rows = await selectRecurrences(ctx.db, { visibleTo: seesAll || actor.kind !== 'user' ? undefined : actor.id });
  return present(ctx, rows);
}

function fields(data: z.output<typeof RecurrenceInput>) {
  return {
    title: data.title,
    notes: data.notes || null,
    priority: data.priority,
    rule: data.rule,
    weekday: data.rule === 'weekly' ? (data.weekday ?? null) : null,
    interval: data.interval,
    dayOfMonth: data.rule === 'monthly' ? (data.dayOfMonth ?? null) : null,
    schoolDaysBefore: data.rule === 'term_end' ? data.schoolDaysBefore : 0,
    termOnly: data.rule === 'term_end' ? true : data.termOnly,
    schoolId: data.schoolId ?? null,
    endsOn: data.endsOn ?? null,
    leadDays: data.leadDays,
  };
}

/** A repeating to-do. Occurrences before today are not made; the first ones appear at once. */
export async function createRecurrence(ctx: Ctx, input: RecurrenceInput): Promise<Recurrence> {
  const actor = requireRole(ctx, ...TASK_ROLES);
  const data = parseInput(RecurrenceInput, input);
  const ownerId = data.ownerId ?? (actor.kind === 'user' ? actor.id : undefined);
  if (!ownerId) throw new Invalid('ownerId: say whose to-do this is');
  requireOwner(await loadOwners(ctx), ownerId);
  const today = todayOf(ctx);
  const startsOn = data.startsOn ?? today;
  if (data.endsOn && data.endsOn < startsOn) throw new Invalid('endsOn: the last date is before the first');
  const now = ctx.clock.now();
  const row = await insertRecurrence(ctx.db, {
    id: newId(),
    ...fields(data),
    ownerId,
    startsOn,
    generatedThrough: addDays(laterDate(startsOn, today), -1),
    createdBy: actor.kind === 'user' ? actor.id : null,
    createdAt: now,
    updatedAt: now,
  });
  await materialiseRecurrences(ctx);
  return (await present(ctx, [row]))[0] as Recurrence;
}

async function getChangeable(ctx: Ctx, id: string): Promise<RecurrenceRow> {
  const actor = requireRole(ctx, ...TASK_ROLES);
  const row = await selectRecurrence(ctx.db, id);
  const mine = actor.kind === 'user' && (row?.ownerId === actor.id || row?.createdBy === actor.id);
  if (!row || !(mine || actor.role === 'admin' || actor.role === 'it')) throw new NotFound('No such repeating to-do');
  if (!(mine || actor.role === 'admin')) throw new Forbidden('Only its owner or the Director can change this');
  return row;
}

/** Changes the rule from today on: to-dos due before today stay as they are. */
export async function updateRecurrence(ctx: Ctx, id: string, input: RecurrenceInput): Promise<Recurrence> {
  const row = await getChangeable(ctx, id);
  const data = parseInput(RecurrenceInput, input);
  if (data.ownerId) requireOwner(await loadOwners(ctx), data.ownerId);
  const today = todayOf(ctx);
  const yesterday = addDays(today, -1);
  // What was made before today stays; what is still to come is made again by the new rule.
  await deleteOpenOccurrencesFrom(ctx.db, id, today);
  const updated = await updateRecurrenceRow(ctx.db, id, {
    ...fields(data),
    ...(data.ownerId ? { ownerId: data.ownerId } : {}),
    generatedThrough: row.generatedThrough && row.generatedThrough < yesterday ? row.generatedThrough : yesterday,
    updatedAt: ctx.clock.now(),
  });
  await materialiseRecurrences(ctx);
  return (await present(ctx, [updated as RecurrenceRow]))[0] as Recurrence;
}

/** Stops (or restarts) a repeating to-do; the to-dos it made stay. */
export async function setRecurrenceActive(ctx: Ctx, id: string, isActive: boolean): Promise<Recurrence> {
  await getChangeable(ctx, id);
  const today = todayOf(ctx);
  const updated = await updateRecurrenceRow(ctx.db, id, {
    isActive,
    ...(isActive ? { generatedThrough: addDays(today, -1) } : {}),
    updatedAt: ctx.clock.now(),
  });
  if (isActive) await materialiseRecurrences(ctx);
  return (await present(ctx, [updated as RecurrenceRow]))[0] as Recurrence;
}
