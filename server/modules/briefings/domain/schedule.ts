import { type Ctx, systemActor } from '../../../lib/context.ts';
import { localDate, localParts, pad2 } from '../../../lib/zoned-time.ts';
import { getSetting } from '../../settings/index.ts';
import { selectBriefingOfWeek } from '../db/briefing-queries.ts';
import { draftTimeSetting } from './briefing-settings.ts';
import { draftBriefing } from './draft.ts';
import { isoWeekOf, lastSchoolDayOfWeek, loadCalendars, mondayOfDate } from './weeks.ts';

/**
 * The scheduled draft: on the last school day of the week (from the school calendar, so a week
 * whose Friday is an INSET day is drafted on the Thursday), from the draft time on, once. Returns
 * the week drafted, or null when today is not the day or the week already has its briefing.
 */
export async function draftIfDue(ctx: Ctx): Promise<string | null> {
  const tz = ctx.config.timeZone;
  const now = ctx.clock.now();
  const today = localDate(now, tz);
  const calendars = (await loadCalendars(ctx)).map((c) => c.calendar);
  if (lastSchoolDayOfWeek(calendars, mondayOfDate(today)) !== today) return null;
  const p = localParts(now, tz);
  if (`${pad2(p.hour)}:${pad2(p.minute)}` < (await getSetting(ctx, draftTimeSetting))) return null;
  const week = isoWeekOf(today);
  if (await selectBriefingOfWeek(ctx.db, week)) return null;
  await draftBriefing({ ...ctx, actor: systemActor('weekly briefing') }, { week });
  return week;
}
