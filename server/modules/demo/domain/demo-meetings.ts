import type { Ctx } from '../../../lib/context.ts';
import { addDays } from '../../../lib/zoned-time.ts';
import {
  addAction,
  addDecision,
  createMeeting,
  createSeries,
  getMeeting,
  sendActionToTasks,
  updateItem,
  updateMeeting,
} from '../../meetings/index.ts';
import { listTasksBySource, setTaskStatus } from '../../tasks/index.ts';
import type { DemoEvent, DemoStaff, DemoTimeline, StaffKey } from './demo-timeline.ts';

type DemoAction = {
  text: string;
  /** An account, or the name of someone without one. */
  owner: StaffKey | string;
  due: number;
  toTodo: boolean;
  /** Days after the meeting the to-do was ticked off. */
  doneAfter?: number;
};
type DemoMeeting = {
  key: string;
  series: 'finance' | 'itmg';
  date: string;
  time: string;
  decisions: string[];
  actions: DemoAction[];
  /** Minutes against the first item of a section. */
  minutes: Record<string, string>;
  notes?: string;
};

function pastMeetings(tl: DemoTimeline): DemoMeeting[] {
  const dof1 = tl.weekdayOnOrBefore(tl.day(-50), 4);
  const itmg1 = tl.schoolDayNear(tl.day(-120), 2);
  return [
    {
      key: 'itmg1',
      series: 'itmg',
      date: itmg1,
      time: '15:30',
      decisions: ['Adopt the three strategy objectives and publish them to staff in plain words'],
      actions: [
        { text: 'Draft guidance for staff on generative AI in lessons', owner: 'Harriet Pemberton', due: 42, toTodo: false },
        {
          text: 'Write up the annual filtering and monitoring review for governors',
          owner: 'director',
          due: 30,
          toTodo: true,
          doneAfter: 26,
        },
        { text: 'Publish the strategy page to all staff', owner: 'director', due: 14, toTodo: true, doneAfter: 9 },
      ],
      minutes: { strategy: 'Objectives agreed; EdTech to lead on the classroom devices objective.' },
      notes: 'Apologies: Marcus Bennett.',
    },
    {
      key: 'dof1',
      series: 'finance',
      date: dof1,
      time: '09:00',
      decisions: ['Go ahead with the second internet line at £4,800 a year'],
      actions: [
        { text: 'Send Helen the three firewall quotes', owner: 'director', due: 7, toTodo: true, doneAfter: 5 },
        {
          text: 'Confirm the capital budget line for the Chromebook refresh',
          owner: 'bursar',
          due: 21,
          toTodo: true,
          doneAfter: 18,
        },
        { text: 'Get a quote for the extra PoE licences', owner: 'network', due: 14, toTodo: true },
        { text: 'Check the cyber insurance renewal conditions (MFA, backups, patching)', owner: 'bursar', due: 40, toTodo: true },
      ],
      minutes: { budget: 'Capital spend on track; the laptop price rise to be absorbed.' },
    },
    {
      key: 'itmg2',
      series: 'itmg',
      date: tl.schoolDayNear(tl.day(-36), 2),
      time: '15:30',
      decisions: ['Take the Chromebook refresh to the spring capital round'],
      actions: [
        { text: 'Plan the Chromebook pilot with a Year 6 class', owner: 'Rhys Lloyd', due: 30, toTodo: false },
        { text: 'Ask staff how the new laptops are working', owner: 'servicedesk', due: 21, toTodo: true },
      ],
      minutes: {},
    },
    {
      key: 'dof2',
      series: 'finance',
      date: addDays(dof1, 28),
      time: '09:00',
      decisions: ['The laptop refresh absorbs the 5% price rise by buying fewer spares'],
      actions: [
        { text: 'Agree how to fund the £3,500 PoE licence overspend', owner: 'bursar', due: 27, toTodo: true },
        { text: 'Chase the firewall supplier for a firm delivery date', owner: 'director', due: 7, toTodo: true, doneAfter: 6 },
        { text: 'Add door access control to the capital bids list', owner: 'director', due: 18, toTodo: true },
      ],
      minutes: { projects: 'Firewall delay discussed; end of support is the hard deadline.' },
    },
  ];
}

export function meetingEvents(tl: DemoTimeline, staff: DemoStaff): DemoEvent[] {
  const start = tl.day(-230);
  const events: DemoEvent[] = [
    {
      at: tl.at(start, '08:30'),
      run: async (ctx) => {
        const finance = await createSeries(ctx, {
          name: 'Director of Finance 1:1',
          kind: 'finance',
          purpose: 'Projects, budget, renewals and cyber risk with the Director of Finance and Operations.',
          cadenceWeeks: 4,
          defaultTime: '09:00',
          location: 'Bursary meeting room',
          members: [{ email: staff.emailOf('director') }, { email: staff.emailOf('bursar') }],
        });
        const itmg = await createSeries(ctx, {
          name: 'IT management group',
          kind: 'itmg',
          purpose: 'Owns the technology strategy: progress, standards, policies and what is coming.',
          cadenceWeeks: 12,
          defaultTime: '15:30',
          defaultMinutes: 90,
          location: 'Library seminar room',
          members: ['director', 'prepit', 'edtech', 'deputy', 'teacher'].map((k) => ({ email: staff.emailOf(k) })),
        });
        tl.ids.set('series:finance', finance.id);
        tl.ids.set('series:itmg', itmg.id);
      },
    },
  ];
  let lastOf: Record<string, string> = {};
  for (const m of pastMeetings(tl)) {
    const ownerOf = (o: string) => (o in staff ? { ownerId: staff[o as StaffKey].id } : { ownerName: o });
    events.push({
      at: tl.at(addDays(m.date, -7), '16:00'),
      run: async (ctx) => {
        const { id } = await createMeeting(ctx, tl.ids.get(`series:${m.series}`) as string, { date: m.date, time: m.time });
        tl.ids.set(`meeting:${m.key}`, id);
      },
    });
    events.push({
      at: tl.at(m.date, m.series === 'finance' ? '09:55' : '16:55'),
      run: async (ctx) => {
        const id = tl.ids.get(`meeting:${m.key}`) as string;
        const view = await getMeeting(ctx, id);
        for (const [section, text] of Object.entries(m.minutes)) {
          const item = view.sections.find((s) => s.id === section)?.items[0];
          if (item) await updateItem(ctx, item.id, { minutes: text });
        }
        for (const text of m.decisions) await addDecision(ctx, id, { text });
        for (const [i, a] of m.actions.entries()) {
          const action = await addAction(ctx, id, { text: a.text, ...ownerOf(a.owner), dueOn: addDays(m.date, a.due) });
          tl.ids.set(`action:${m.key}:${i}`, action.id);
          if (a.toTodo) await sendActionToTasks(ctx, action.id);
        }
        await updateMeeting(ctx, id, { status: 'held', notes: m.notes ?? null });
      },
    });
    for (const [i, a] of m.actions.entries())
      if (a.doneAfter !== undefined)
        events.push({
          at: tl.at(addDays(m.date, a.doneAfter), '15:00'),
          run: async (ctx) => {
            const actionId = tl.ids.get(`action:${m.key}:${i}`) as string;
            const [task] = await listTasksBySource(ctx, { module: 'meetings', kind: 'action', id: actionId });
            if (task) await setTaskStatus(ctx, task.id, 'done');
          },
        });
    lastOf = { ...lastOf, [m.series]: m.date };
  }
  // The next meeting of each series, planned yesterday: its agenda is already waiting.
  const next = { finance: addDays(lastOf.finance as string, 28), itmg: tl.schoolDayNear(tl.day(28), 2) };
  for (const series of ['finance', 'itmg'] as const)
    events.push({
      at: tl.at(tl.day(-1), '12:00'),
      run: (ctx: Ctx) => createMeeting(ctx, tl.ids.get(`series:${series}`) as string, { date: next[series] }),
    });
  return events;
}
