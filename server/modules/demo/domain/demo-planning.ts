import { fixedClock } from '../../../lib/clock.ts';
import type { Ctx } from '../../../lib/context.ts';
import { describeDay } from '../../../lib/working-time.ts';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { listSchools } from '../../directory/index.ts';
import { meetingEvents } from './demo-meetings.ts';
import { projectEvents } from './demo-projects.ts';
import { riskEvents } from './demo-risks.ts';
import { loadDemoTasks } from './demo-tasks.ts';
import type { DemoStaff, DemoTimeline } from './demo-timeline.ts';

/**
 * Oakfield's planning record, built through the real use cases as a timeline: the strategy,
 * a dozen projects and the risk register changing over the months, and the Director of Finance
 * 1:1s and IT management group meetings in between (each agenda built on its own day from what
 * had changed), then this week's to-dos. Every date is relative to the demo's "now".
 */

export async function loadDemoPlanning(ctx: Ctx, emailOf: (key: string) => string): Promise<void> {
  const users = await listUserSummaries(ctx);
  const staff = { emailOf } as DemoStaff;
  for (const key of ['director', 'network', 'servicedesk', 'tech1', 'head', 'bursar'] as const) {
    const u = users.find((x) => x.email === emailOf(key));
    if (!u) throw new Error(`demo: no account for ${key}`);
    staff[key] = { kind: 'user', id: u.id, email: u.email, name: u.name, role: u.role };
  }
  const tz = ctx.config.timeZone;
  const today = localDate(ctx.clock.now(), tz);
  const year = Number(today.slice(0, 4));
  const summer = `${year}-08-21` <= addDays(today, -7) ? `${year}-08-21` : `${year - 1}-08-21`;
  const calendars = await Promise.all((await listSchools(ctx)).map((sc) => loadSchoolCalendar(ctx, sc.id)));
  const inTerm = (date: string) => calendars.every((cal) => describeDay(cal, date).kind === 'term');
  const weekdayOnOrBefore = (date: string, weekday: number) => addDays(date, -((isoWeekday(date) - weekday + 7) % 7));
  const tl: DemoTimeline = {
    today,
    day: (days) => addDays(today, days),
    at: (date, time = '10:00') => zonedToUtc(date, time, tz),
    weekdayOnOrBefore,
    schoolDayNear: (date, weekday) => {
      const base = weekdayOnOrBefore(date, weekday);
      for (let w = 0; w < 10; w++) for (const d of [addDays(base, -7 * w), addDays(base, 7 * (w + 1))]) if (inTerm(d)) return d;
      return base;
    },
    lastSummer: summer,
    ids: new Map(),
  };
  const events = [...projectEvents(tl, staff), ...riskEvents(tl, staff), ...meetingEvents(tl, staff)].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
  for (const e of events) {
    if (e.at > ctx.clock.now()) throw new Error('demo: an event in the future');
    await e.run({ ...ctx, clock: fixedClock(e.at), actor: staff[e.who ?? 'director'] });
  }
  await loadDemoTasks({ ...ctx, actor: staff.director }, tl, staff);
}
