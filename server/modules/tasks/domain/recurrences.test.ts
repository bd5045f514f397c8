import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../lib/context.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { addCalendarEntry, ensureBundledBankHolidays } from '../../calendar/index.ts';
import { createSchool } from '../../directory/index.ts';
import {
  createRecurrence,
  listRecurrences,
  materialiseRecurrences,
  setRecurrenceActive,
  updateRecurrence,
} from './recurrences.ts';
import { listTasks, setTaskStatus } from './tasks.ts';

/*
 * The stored calendar (as in recurrence-rules.test.ts, worked by hand): Autumn 3 Sep - 11 Dec
 * 2026 for both schools; senior half-term 19 - 30 Oct, prep 26 - 30 Oct; INSET Fri 27 Nov.
 * Mondays at 08:00 London time; the lead time is 7 days unless given.
 */
describeEachDatabase('repeating to-dos', (t) => {
  let director: Actor;
  let seniorId = '';
  const at = (date: string) => t.ctx(director, `${date}T08:00:00Z`);
  const dues = async (date: string, title: string) =>
    (await listTasks(at(date), { status: 'open' })).filter((x) => x.title === title).map((x) => x.dueOn);

  beforeAll(async () => {
    const ctx = t.ctx();
    const { user } = await createUser(ctx, { email: 'director@t.example', name: 'Sam Harding', role: 'admin', sso: true });
    director = { kind: 'user', id: user.id, email: user.email, name: user.name, role: 'admin' };
    seniorId = (await createSchool(ctx, { code: 'senior', name: 'Senior', phase: 'senior' })).id;
    const prepId = (await createSchool(ctx, { code: 'prep', name: 'Prep', phase: 'prep' })).id;
    await ensureBundledBankHolidays(ctx);
    await addCalendarEntry(ctx, { kind: 'term', name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-11', schoolId: null });
    await addCalendarEntry(ctx, { kind: 'term', name: 'Spring', startsOn: '2027-01-05', endsOn: '2027-03-26', schoolId: null });
    const half = { kind: 'half_term' as const, name: 'Autumn half-term', endsOn: '2026-10-30' };
    await addCalendarEntry(ctx, { ...half, startsOn: '2026-10-19', schoolId: seniorId });
    await addCalendarEntry(ctx, { ...half, startsOn: '2026-10-26', schoolId: prepId });
    await addCalendarEntry(ctx, { kind: 'inset', name: 'INSET', startsOn: '2026-11-27', endsOn: '2026-11-27', schoolId: null });
  });

  it('makes the weekly briefing each term Friday within the lead time, skipping half-term', async () => {
    const r = await createRecurrence(at('2026-10-05'), {
      title: 'Weekly briefing',
      rule: 'weekly',
      weekday: 5,
      termOnly: true,
      schoolId: seniorId,
      priority: 'high',
    });
    expect(r.description).toBe('Every Friday in term time');
    // Next three: 9 Oct, 16 Oct, then 6 Nov (senior half-term 19 - 30 Oct).
    expect(r.next).toEqual(['2026-10-09', '2026-10-16', '2026-11-06']);
    expect(await dues('2026-10-05', 'Weekly briefing')).toEqual(['2026-10-09']);
    expect(await dues('2026-10-12', 'Weekly briefing')).toEqual(['2026-10-09', '2026-10-16']);
    // Running twice changes nothing.
    expect(await materialiseRecurrences(at('2026-10-12'))).toBe(0);
    // Half-term: nothing new on 19 or 26 Oct.
    expect(await dues('2026-10-26', 'Weekly briefing')).toEqual(['2026-10-09', '2026-10-16']);
  });

  it('catches up only two weeks after a gap, and moves the INSET Friday to Thursday', async () => {
    // Off from 26 Oct to Mon 23 Nov: 6 Nov is more than 14 days back and is not made;
    // 13 and 20 Nov are, and Fri 27 Nov (INSET) becomes Thu 26 Nov.
    expect(await dues('2026-11-23', 'Weekly briefing')).toEqual([
      '2026-10-09',
      '2026-10-16',
      '2026-11-13',
      '2026-11-20',
      '2026-11-26',
    ]);
    const open = await listTasks(at('2026-11-23'));
    const done = open.find((x) => x.dueOn === '2026-10-09');
    await setTaskStatus(at('2026-11-23'), done?.id as string, 'done');
    expect(await dues('2026-11-23', 'Weekly briefing')).toHaveLength(4);
    expect(open.find((x) => x.dueOn === '2026-11-26')?.bucket).toBe('week');
  });

  it('makes the SLT report five school days before the end of term, a fortnight ahead', async () => {
    const r = await createRecurrence(at('2026-11-16'), {
      title: 'SLT termly report',
      rule: 'term_end',
      schoolDaysBefore: 5,
      leadDays: 14,
    });
    expect(r.description).toBe('5 school days before the end of each term');
    // Autumn ends Fri 11 Dec -> Fri 4 Dec; Spring ends Fri 26 Mar 2027, Good Friday -> Thu 18 Mar.
    expect(r.next).toEqual(['2026-12-04', '2027-03-18']);
    expect(await dues('2026-11-16', 'SLT termly report')).toEqual([]);
    expect(await dues('2026-11-20', 'SLT termly report')).toEqual(['2026-12-04']);
    expect(await dues('2027-03-04', 'SLT termly report')).toEqual(['2026-12-04', '2027-03-18']);
  });

  it('changes the rule from today on and stops when switched off', async () => {
    const r = await createRecurrence(at('2026-11-16'), { title: 'Backup check', rule: 'weekly', weekday: 3 });
    expect(await dues('2026-11-16', 'Backup check')).toEqual(['2026-11-18']);
    const changed = await updateRecurrence(at('2026-11-16'), r.id, { title: 'Backup check', rule: 'weekly', weekday: 4 });
    expect(changed.description).toBe('Every Thursday');
    expect(await dues('2026-11-16', 'Backup check')).toEqual(['2026-11-19']);
    await setRecurrenceActive(at('2026-11-16'), r.id, false);
    expect(await dues('2026-11-30', 'Backup check')).toEqual(['2026-11-19']);
    const listed = (await listRecurrences(at('2026-11-30'))).find((x) => x.id === r.id);
    expect(listed).toMatchObject({ isActive: false, next: [] });
  });
});
