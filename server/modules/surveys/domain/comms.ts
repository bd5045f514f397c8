import type { z } from 'zod';
import { z as zod } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { describeDay, type SchoolCalendar } from '../../../lib/working-time.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { listSchools } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  claimMessage,
  type MessageRow,
  selectMessage,
  selectMessages,
  selectUnsentMessages,
  updateMessage,
  upsertDraft,
} from '../db/message-queries.ts';
import { countResponses } from '../db/response-queries.ts';
import { selectInstrument } from '../db/survey-queries.ts';
import { AUDIENCE_LABELS, type Audience } from './audiences.ts';
import { instrumentState, loadInstrumentRow } from './instruments.ts';
import { audienceAddressesSetting, keyStaffSetting } from './survey-settings.ts';
import { type CommsKind, renderTemplate } from './templates.ts';

/**
 * The survey's communications (research §5.2, §6.4): a dated plan worked out in school days from
 * the opening and closing dates (key-staff briefing at least five school days before launch,
 * announcement at launch, two reminders, close, results to SLT, publication), the emails among
 * them drafted from templates for the Director to edit, and sent once each when due.
 */

export type PlanStep = { kind: CommsKind | 'close' | 'results' | 'publish'; label: string; dueOn: string; email: boolean };

function isSchoolDay(cal: SchoolCalendar, date: string): boolean {
  if (cal.terms.length === 0) {
    const d = describeDay(cal, date);
    return !d.isWeekend && d.kind !== 'bank_holiday';
  }
  const d = describeDay(cal, date);
  return d.kind === 'term' && !d.isWeekend;
}

/** `n` school days after (n > 0) or before (n < 0) `date`. */
export function shiftSchoolDays(cal: SchoolCalendar, date: string, n: number): string {
  let d = date;
  for (let moved = 0, guard = 0; moved < Math.abs(n) && guard < 400; guard++) {
    d = addDays(d, Math.sign(n));
    if (isSchoolDay(cal, d)) moved++;
  }
  return d;
}

export function planComms(cal: SchoolCalendar, opensOn: string, closesOn: string): PlanStep[] {
  const span = Math.max(1, Math.round((Date.parse(closesOn) - Date.parse(opensOn)) / 86400000));
  const midpoint = addDays(opensOn, Math.floor(span / 2));
  return [
    { kind: 'briefing', label: 'Key-staff briefing', dueOn: shiftSchoolDays(cal, opensOn, -5), email: true },
    { kind: 'announcement', label: 'Launch announcement', dueOn: opensOn, email: true },
    { kind: 'reminder-1', label: 'First reminder', dueOn: midpoint, email: true },
    { kind: 'reminder-2', label: 'Last reminder', dueOn: shiftSchoolDays(cal, closesOn, -2), email: true },
    { kind: 'close', label: 'Survey closes', dueOn: closesOn, email: false },
    { kind: 'results', label: 'Results to SLT', dueOn: shiftSchoolDays(cal, closesOn, 10), email: false },
    { kind: 'publish', label: 'Publish "you said, we did"', dueOn: shiftSchoolDays(cal, closesOn, 20), email: false },
  ];
}

async function calendarFor(ctx: Ctx, audience: Audience): Promise<SchoolCalendar> {
  const schools = await listSchools(ctx);
  const school = schools.find((s) => s.phase === (audience === 'prep' ? 'prep' : 'senior'));
  return loadSchoolCalendar(ctx, school?.id);
}

export type CommsView = { plan: PlanStep[]; messages: (Omit<MessageRow, 'sentAt'> & { sentAt: string | null })[] };

/**
 * Drafts the survey's emails from the templates, dated from its opening and closing dates. Drafting
 * again (after the dates move) re-dates and rewrites the unsent ones; sent messages stay as sent.
 */
export async function draftComms(ctx: Ctx, instrumentId: string): Promise<CommsView> {
  requireRole(ctx, 'admin');
  const inst = await loadInstrumentRow(ctx, instrumentId);
  if (!inst.opensAt || !inst.closesAt) return { plan: [], messages: [] };
  const audience = inst.audience as Audience;
  const tz = ctx.config.timeZone;
  const plan = planComms(await calendarFor(ctx, audience), localDate(inst.opensAt, tz), localDate(inst.closesAt, tz));
  const keyStaff = await getSetting(ctx, keyStaffSetting);
  const address = (await getSetting(ctx, audienceAddressesSetting))[audience];
  const existing = await selectMessages(ctx.db, inst.id);
  for (const step of plan.filter((s) => s.email)) {
    const kind = step.kind as CommsKind;
    const before = existing.find((m) => m.kind === kind);
    const draft = renderTemplate(kind, {
      title: inst.title,
      audienceLabel: AUDIENCE_LABELS[audience],
      opensAt: inst.opensAt,
      closesAt: inst.closesAt,
      link: `${ctx.config.baseUrl}/s/${inst.shareToken ?? ''}`,
      singleUse: inst.collection === 'single_use',
      timeZone: tz,
    });
    await upsertDraft(ctx.db, {
      id: before?.id ?? newId(),
      instrumentId: inst.id,
      kind,
      dueOn: step.dueOn,
      recipients: kind === 'briefing' ? keyStaff : address ? [address] : [],
      subject: draft.subject,
      body: draft.body,
    });
  }
  return getComms(ctx, inst.id, plan);
}

export async function getComms(ctx: Ctx, instrumentId: string, plan?: PlanStep[]): Promise<CommsView> {
  requireRole(ctx, 'admin');
  const inst = await loadInstrumentRow(ctx, instrumentId);
  const tz = ctx.config.timeZone;
  const steps =
    plan ??
    (inst.opensAt && inst.closesAt
      ? planComms(await calendarFor(ctx, inst.audience as Audience), localDate(inst.opensAt, tz), localDate(inst.closesAt, tz))
      : []);
  const messages = (await selectMessages(ctx.db, inst.id)).map((m) => ({ ...m, sentAt: m.sentAt?.toISOString() ?? null }));
  return { plan: steps, messages };
}

export const MessageChange = zod.object({
  subject: zod.string().trim().min(1).max(200),
  body: zod.string().trim().min(1).max(10000),
  recipients: zod.array(zod.email()).max(50),
});

export async function changeMessage(ctx: Ctx, id: string, input: z.input<typeof MessageChange>): Promise<void> {
  requireRole(ctx, 'admin');
  const data = parseInput(MessageChange, input);
  const m = await selectMessage(ctx.db, id);
  if (!m || m.sentAt) throw new NotFound('No such unsent message');
  await updateMessage(ctx.db, id, data);
}

/**
 * The scheduled task: sends each due message of a published survey once, reminders with the count
 * so far. Without outgoing mail nothing is sent (the drafts wait); a message more than two days
 * late is not sent at all (a briefing after the launch would mislead).
 */
export async function sendDueMessages(ctx: Ctx): Promise<number> {
  if (!ctx.mail.isConfigured) return 0;
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  const stale = addDays(today, -2);
  let sent = 0;
  for (const m of await selectUnsentMessages(ctx.db)) {
    if (m.dueOn > today || m.dueOn < stale || m.recipients.length === 0) continue;
    const inst = await selectInstrument(ctx.db, m.instrumentId);
    if (!inst?.published) continue;
    const state = instrumentState(inst, ctx.clock.now());
    if (m.kind.startsWith('reminder') && state !== 'open') continue;
    if (!(await claimMessage(ctx.db, m.id, ctx.clock.now()))) continue;
    let body = m.body;
    if (m.kind.startsWith('reminder') && inst.eligible.total) {
      const n = await countResponses(ctx.db, inst.id);
      body += `\n\nSo far ${n} of ${inst.eligible.total} have answered (${Math.round((100 * n) / inst.eligible.total)}%).`;
    }
    try {
      await ctx.mail.send({ to: m.recipients, subject: m.subject, text: body, headers: { 'Auto-Submitted': 'auto-generated' } });
      sent++;
    } catch (err) {
      await updateMessage(ctx.db, m.id, { sentAt: null });
      ctx.log.warn({ err, message: m.id }, 'survey message not sent; will retry');
    }
  }
  return sent;
}
