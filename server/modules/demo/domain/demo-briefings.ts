import { fixedClock } from '../../../lib/clock.ts';
import type { Actor, Ctx } from '../../../lib/context.ts';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import {
  addNote,
  addNotice,
  addUseful,
  draftBriefing,
  draftDayOf,
  getBriefing,
  isoWeekOf,
  publishBriefing,
  removeNotice,
  shareBriefing,
  updateSection,
} from '../../briefings/index.ts';
import { listMetricTickets } from '../../helpdesk/index.ts';
import { listProjectChangesBetween } from '../../projects/index.ts';

/**
 * Oakfield's weekly briefings: the last twelve teaching weeks before this one, each drafted on its
 * last school day through the same code as a real week (draftBriefing), given a few lines by the
 * Director, and published before lunch; notes the team made during those weeks, standing
 * notices, a dozen useful-info items, and this week's draft waiting for the Director.
 */

type User = Extract<Actor, { kind: 'user' }>;
type Staff = Record<'director' | 'network' | 'servicedesk' | 'tech1', User>;

const WEEKS = 12;

/** The Director's opening lines, one a week, filled from the week's own figures. */
const THOUGHTS: ((f: Figures) => string)[] = [
  (f) =>
    `A steady week: ${f.created} requests in and ${f.resolved} out. Thank you all for keeping the queue short while the new starters' accounts came through.`,
  (f) =>
    `Most of what came in this week was ${f.topCategory}. If you see the same fault three times, note it for the briefing so we can fix the cause rather than the symptom.`,
  () =>
    'Cyber security is the theme for the next INSET day. I will share the running order next week; please think about one real example from our own queue we could use.',
  (f) =>
    `${f.kudosFor ? `Lovely feedback for ${f.kudosFor} again this week. ` : ''}Please keep asking people to rate their tickets: it is the evidence we use in the termly report to SLT.`,
  () =>
    'The firewall project has slipped. Nothing changes for the school yet, but please avoid scheduling any network changes until we have a firm delivery date.',
  (f) =>
    `Busy week with ${f.created} requests. I know the Wi-Fi complaints from the Science Centre are wearing: the controller data points at capacity at lunchtime, and the fix is in the Wi-Fi refresh project.`,
  () =>
    'Half-term is a good time for the jobs we cannot do with pupils in: the list is on the to-do board. Please pick one and put your name on it.',
  (f) =>
    `Thanks to everyone who helped with parents' evening. ${f.resolved} requests resolved as well: that is a lot of work alongside the AV.`,
  () =>
    'Reminder: no one should ever need a pupil’s password. If a member of staff asks, point them to the reset page and log the request.',
  (f) =>
    `${f.created} new requests, and the backlog is ${f.openAtEnd}. Let us try to get everything older than two weeks closed or explained before the end of term.`,
  () =>
    'I have started the termly report for SLT. If anything from this half-term should be in it, an outage, a success, a risk, add a note for the briefing and I will pick it up.',
  (f) => `Good week all round: ${f.resolved} resolved. Enjoy the weekend.`,
];

const NOTES: { who: keyof Staff; text: string; ticket?: boolean; project?: boolean }[] = [
  {
    who: 'servicedesk',
    text: 'Replaced the projector lamp, and checked the others in the block while I was there.',
    ticket: true,
  },
  { who: 'network', text: 'Firmware on the core switches updated out of hours; no downtime.' },
  { who: 'tech1', text: 'The Year 7 iPads are all enrolled now; three were missing the case and are with the house staff.' },
  { who: 'network', text: 'The supplier has confirmed a new delivery date for the firewall.', project: true },
  { who: 'servicedesk', text: 'The head of music thanked us in person for the recording set-up for the concert.', ticket: true },
  { who: 'tech1', text: 'Printer in the staff room replaced under warranty.' },
];

const NOTICES = [
  'Change freeze for core systems in the last week of each term: nothing goes live without the Director agreeing.',
  'Out of hours: the on-call phone is with Priya this half-term; the rota is in the useful info.',
];

const USEFUL: { title: string; body: string; tags: string[]; pinned?: boolean; who: keyof Staff }[] = [
  {
    title: 'Out-of-hours on-call rota',
    body: 'The on-call phone is **07700 900418**. Whoever has it answers within 15 minutes between 07:00 and 19:00 on school days.\n\n- Autumn first half: Priya Raman\n- Autumn second half: Tom Okafor\n- Spring: Jess Marsh',
    tags: ['contacts', 'on-call'],
    pinned: true,
    who: 'director',
  },
  {
    title: 'Broadband supplier: fault line',
    body: 'Fault line **0800 028 0123** (24/7). Circuit reference **OAK-FTTP-00417**. Have the circuit reference and the router’s serial number ready; they will ask whether the lights on the NTE are green.',
    tags: ['suppliers', 'network', 'contacts'],
    pinned: true,
    who: 'network',
  },
  {
    title: 'Printer and copier supplier',
    body: 'Copyworld service desk **01632 960123**, account **OAK-4471**. Toner is ordered by the bursary; log faults with the machine number on the front panel.',
    tags: ['suppliers', 'printing'],
    who: 'servicedesk',
  },
  {
    title: 'Resetting a pupil’s password',
    body: '1. Check who is asking: a pupil in person, or a tutor on their behalf.\n2. In the admin centre, find the pupil and choose **Reset password**.\n3. Tick *require a change at next sign-in* and give them the temporary one on paper, never by email.\n4. Log it on the ticket.',
    tags: ['accounts', 'how-to'],
    who: 'servicedesk',
  },
  {
    title: 'A member of staff leaves',
    body: 'On their last day: disable sign-in, remove MFA methods, convert the mailbox to shared and give their line manager access for 30 days, collect the laptop and the badge. The HR leaver form is the trigger; nothing happens on a verbal request.',
    tags: ['accounts', 'procedure'],
    who: 'director',
  },
  {
    title: 'Projector fault in a classroom',
    body: 'Check the input source and the cable first. If the lamp warning light is on, the spare lamps are in the AV cupboard in the Science Centre (key in the IT office). Note the lamp hours on the ticket.',
    tags: ['av', 'how-to'],
    who: 'tech1',
  },
  {
    title: 'Exam season: what not to touch',
    body: 'From the first exam to the last: no Windows feature updates, no changes to the exam room laptops’ image, no Wi-Fi work in the Sports Hall. The exams officer has the list of rooms.',
    tags: ['exams', 'procedure'],
    who: 'director',
  },
  {
    title: 'Suspicious sign-in on a staff account',
    body: 'Follow the alert in Belfry: check the sign-ins, revoke sessions, reset the password with the person on the phone, and record what happened. If personal data could have been seen, open an incident: the ICO clock is 72 hours from when we knew.',
    tags: ['security', 'procedure'],
    pinned: true,
    who: 'director',
  },
  {
    title: 'Visitor Wi-Fi vouchers',
    body: 'Reception prints day vouchers from the guest portal. A voucher lasts until 18:00 and is limited to two devices. Events: ask the network manager for a batch a week ahead.',
    tags: ['wi-fi', 'how-to'],
    who: 'network',
  },
  {
    title: 'MIS support desk',
    body: 'iSAMS support **01632 960555**, option 2. Our customer number is **OAKF-2231**. Log anything about timetables or reports there, not with us.',
    tags: ['suppliers', 'contacts'],
    who: 'servicedesk',
  },
  {
    title: 'Backups: where they are and how to restore',
    body: 'Nightly to the on-site appliance, weekly copy to the immutable cloud vault (30 days). A test restore is on the to-do list on the first of each month. Restores of a single file: the self-service portal; whole servers: the network manager.',
    tags: ['backups', 'procedure'],
    who: 'network',
  },
  {
    title: 'Loan laptops',
    body: 'Six loan laptops in the IT office, labelled LOAN-01 to LOAN-06. Sign them out on the ticket, for a week at most; wipe and re-image when they come back.',
    tags: ['devices', 'how-to'],
    who: 'tech1',
  },
];

type Figures = { created: number; resolved: number; openAtEnd: number; topCategory: string; kudosFor: string | null };

function figuresOf(sections: { key: string; data: Record<string, unknown> }[]): Figures {
  const numbers = sections.find((s) => s.key === 'numbers')?.data.helpdesk as
    | { created: number; resolved: number; openAtEnd: number; topCategories: { category: string }[] }
    | undefined;
  const kudos = sections.find((s) => s.key === 'kudos')?.data.kudos as { byPerson: Record<string, number> } | undefined;
  const best = Object.entries(kudos?.byPerson ?? {}).sort((a, b) => b[1] - a[1])[0];
  return {
    created: numbers?.created ?? 0,
    resolved: numbers?.resolved ?? 0,
    openAtEnd: numbers?.openAtEnd ?? 0,
    topCategory: numbers?.topCategories[0]?.category.toLowerCase() ?? 'the usual mix',
    kudosFor: best?.[0] ?? null,
  };
}

export async function loadDemoBriefings(ctx: Ctx, emailOf: (key: string) => string): Promise<void> {
  const tz = ctx.config.timeZone;
  const users = await listUserSummaries(ctx);
  const staff = {} as Staff;
  for (const key of ['director', 'network', 'servicedesk', 'tech1'] as const) {
    const u = users.find((x) => x.email === emailOf(key));
    if (!u) throw new Error(`demo: no account for ${key}`);
    staff[key] = { kind: 'user', id: u.id, email: u.email, name: u.name, role: u.role };
  }
  const as = (who: keyof Staff, at: Date): Ctx => ({ ...ctx, clock: fixedClock(at), actor: staff[who] });
  const today = localDate(ctx.clock.now(), tz);
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  // The last twelve weeks with a school day, oldest first, and the day each was drafted.
  const weeks: { monday: string; last: string }[] = [];
  for (
    let monday = addDays(thisMonday, -7);
    weeks.length < WEEKS && monday > addDays(thisMonday, -7 * 40);
    monday = addDays(monday, -7)
  ) {
    const last = await draftDayOf(ctx, monday);
    if (last) weeks.unshift({ monday, last });
  }
  if (weeks.length === 0) return;
  const first = weeks[0] as { monday: string };
  const at = (date: string, time: string) => zonedToUtc(date, time, tz);

  const notices = [];
  for (const text of NOTICES)
    notices.push(await addNotice(as('director', at(first.monday, '08:00')), { text, startsOn: first.monday }));
  for (const [i, u] of USEFUL.entries()) await addUseful(as(u.who, at(addDays(first.monday, i % 5), '16:00')), u);

  const firewall = (await listProjectChangesBetween(ctx, { from: new Date(0), to: ctx.clock.now() })).find(
    (p) => p.name === 'Firewall replacement',
  );
  for (const [n, w] of weeks.entries()) {
    // Notes made during the week, some linked to what they were about.
    const note = NOTES[n % NOTES.length] as (typeof NOTES)[number];
    let source: { module: string; kind: string; id: string; label: string; url: string } | null = null;
    if (note.ticket) {
      const [t] = (
        await listMetricTickets(as('director', at(w.last, '12:00')), {
          from: w.monday,
          to: addDays(w.monday, 6),
          metric: 'resolved',
        })
      ).tickets.filter((x) => !x.restricted);
      if (t)
        source = { module: 'helpdesk', kind: 'ticket', id: t.id, label: `Ticket #${t.number}`, url: `/helpdesk/tickets/${t.id}` };
    }
    if (note.project && firewall)
      source = {
        module: 'projects',
        kind: 'project',
        id: firewall.projectId,
        label: firewall.name,
        url: `/projects/${firewall.projectId}`,
      };
    await addNote(as(note.who, at(addDays(w.monday, 1), '15:30')), { text: note.text, source });

    // The Director drafts it before lunch on the last school day, writes a few lines, and publishes.
    const drafted = at(w.last, '11:00');
    const { id } = await draftBriefing(as('director', drafted), { week: isoWeekOf(w.monday) });
    const b = await getBriefing(as('director', drafted), id);
    const thoughts = b.sections?.find((s) => s.key === 'thoughts');
    if (thoughts) {
      const mine = (THOUGHTS[n % THOUGHTS.length] as (f: Figures) => string)(figuresOf(b.sections ?? []));
      await updateSection(as('director', at(w.last, '11:40')), thoughts.id, {
        markdown: [mine, thoughts.markdown].filter((x) => x.trim()).join('\n\n'),
      });
    }
    await publishBriefing(as('director', at(w.last, '12:15')), id, { email: false });
    // The Director shares the half-term and end-of-term briefings with SLT.
    if (n === WEEKS - 1 || n % 6 === 5) await shareBriefing(as('director', at(w.last, '12:20')), id, { shared: true });
    // The on-call notice was for the first half of term.
    const onCall = notices[1];
    if (n === 5 && onCall) await removeNotice(as('director', at(w.last, '14:00')), onCall.id);
  }

  // This week: the notes so far, and the draft waiting for the Director.
  await addNote(as('servicedesk', at(thisMonday, '10:00')), {
    text: 'Two more reports of the library Wi-Fi dropping at lunchtime: both tickets linked to the Wi-Fi finding.',
  });
  await addNote(as('network', ctx.clock.now()), { text: 'The new access points for the Sports Hall have arrived.' });
  await draftBriefing(as('director', ctx.clock.now()));
}
