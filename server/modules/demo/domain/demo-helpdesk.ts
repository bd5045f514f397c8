import type { Ctx } from '../../../lib/context.ts';
import type { Rng } from '../../../lib/random.ts';
import { addWorkingMinutes, describeDay, type SchoolCalendar, type WorkingPolicy } from '../../../lib/working-time.ts';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { listPeople, listPlaces, type Person } from '../../directory/index.ts';
import { addCannedResponse, type BulkTicket, bulkLoadTickets, helpdeskModule } from '../../helpdesk/index.ts';
import { setSetting } from '../../settings/index.ts';
import { CATEGORY_WEIGHTS, GRUMBLES, KUDOS, TOPICS } from './demo-helpdesk-text.ts';

/**
 * Oakfield's help desk: the previous term and this one up to today, made from the seed and the
 * demo's "now". Busier in the first fortnight of each term (accounts and devices), quiet in the
 * holidays, and a cluster of Wi-Fi complaints from the Science Centre at lunchtime (the Wi-Fi
 * module's capacity problem). Satisfaction answers include kudos; a handful of tickets are open,
 * unassigned or close to their targets so the queue looks like a real morning.
 */

const POLICY: WorkingPolicy = { countedDays: new Set(['term', 'inset', 'holiday']) };
const MIN = 60000;

const uuid = (rng: Rng) =>
  'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(rng.next() * 16);
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });

function weighted<T>(rng: Rng, items: [T, number][]): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = rng.next() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]?.[0] as T;
}

async function allPeople(ctx: Ctx): Promise<Person[]> {
  const out: Person[] = [];
  for (let offset = 0; ; offset += 500) {
    const { people } = await listPeople(ctx, { limit: 500, offset });
    out.push(...people);
    if (people.length < 500) return out;
  }
}

type Env = {
  rng: Rng;
  now: Date;
  tz: string;
  cal: Map<string, SchoolCalendar>;
  agents: { id: string; name: string }[];
};

function lifecycle(
  env: Env,
  t: BulkTicket,
  topic: { reply: string; fix: string },
  requester: { name: string; email: string | null },
  fill: (s: string) => string,
) {
  const { rng } = env;
  const cal = env.cal.get(t.schoolId ?? '') as SchoolCalendar;
  const work = (from: Date, minutes: number) => addWorkingMinutes(cal, POLICY, from, Math.max(1, Math.round(minutes)));
  const urgent = t.priority === 'p1' || t.priority === 'p2' ? 0.4 : 1;
  const agent =
    t.category === 'Wi-Fi' || t.category === 'Network' ? (env.agents[0] as { id: string; name: string }) : rng.pick(env.agents);
  const events: BulkTicket['events'] = [
    {
      at: t.createdAt,
      kind: 'created',
      actorLabel: requester.name,
      data: { status: 'new', channel: t.channel, priority: t.priority, category: t.category },
    },
  ];
  const messages: BulkTicket['messages'] = [];
  const say = (at: Date, who: 'agent' | 'requester', body: string) =>
    messages.push({
      at,
      authorKind: who,
      authorName: who === 'agent' ? agent.name : requester.name,
      authorEmail: who === 'agent' ? null : requester.email,
      visibility: 'public',
      channel: t.channel === 'email' ? 'email' : 'web',
      body,
    });
  const status = (at: Date, from: string, to: string, by: string) =>
    events.push({ at, kind: 'status', actorLabel: by, data: { from, to } });
  const replied = work(t.createdAt, Math.min(1500, Math.exp(rng.normal(Math.log(35), 1)) * urgent));
  events.push({
    at: new Date(replied.getTime() - 3 * MIN),
    kind: 'assigned',
    actorLabel: agent.name,
    data: { to: agent.id, toName: agent.name },
  });
  // About a third are fixed with the first reply (one touch); the rest need a question first.
  const oneTouch = rng.chance(0.35);
  if (!oneTouch) {
    events.push({ at: replied, kind: 'agent_reply', actorLabel: agent.name, data: { public: true, channel: 'web' } });
    say(replied, 'agent', fill(topic.reply));
  }
  status(replied, 'new', 'open', agent.name);
  let at = replied;
  if (!oneTouch && rng.chance(0.18)) {
    status(at, 'open', 'waiting_requester', agent.name);
    at = new Date(at.getTime() + rng.int(3, 30) * 60 * MIN);
    events.push({ at, kind: 'requester_reply', actorLabel: requester.name, data: {} });
    status(at, 'waiting_requester', 'open', requester.name);
    say(at, 'requester', 'Here are the details you asked for.');
  }
  // Some wait days for a part or a supplier: the backlog a real Monday morning starts with.
  const slow = !oneTouch && rng.chance(0.14);
  if (slow) status(at, 'open', 'waiting_third_party', agent.name);
  const effort = slow ? rng.int(1000, 5000) : Math.min(6000, Math.exp(rng.normal(Math.log(150), 1.1)) * urgent);
  const resolved = oneTouch ? replied : work(at, effort);
  events.push({ at: resolved, kind: 'agent_reply', actorLabel: agent.name, data: { public: true, channel: 'web' } });
  status(resolved, slow ? 'waiting_third_party' : 'open', 'resolved', agent.name);
  say(resolved, 'agent', fill(topic.fix));
  let last = resolved;
  if (rng.chance(0.04)) {
    const back = work(resolved, rng.int(60, 600));
    events.push({ at: back, kind: 'requester_reply', actorLabel: requester.name, data: {} });
    status(back, 'resolved', 'open', requester.name);
    say(back, 'requester', 'It has stopped working again.');
    last = work(back, rng.int(30, 240));
    status(last, 'open', 'resolved', agent.name);
    say(last, 'agent', 'Fixed properly this time, sorry about that.');
  }
  const closed = new Date(last.getTime() + 7 * 86400000);
  status(closed, 'resolved', 'closed', 'Belfry');
  // Only what has happened by "now": later tickets are still open, some unassigned.
  t.events = events.filter((e) => e.at <= env.now).sort((a, b) => a.at.getTime() - b.at.getTime());
  t.messages.push(...messages.filter((m) => m.at <= env.now));
  const statuses = t.events.filter((e) => e.kind === 'status');
  t.status = String(statuses.at(-1)?.data.to ?? 'new');
  const assigned = t.events.some((e) => e.kind === 'assigned');
  t.assigneeId = assigned ? agent.id : null;
  t.assigneeName = assigned ? agent.name : null;
  const done = t.events.find((e) => e.kind === 'status' && e.data.to === 'resolved' && e.at >= last);
  if (done && requester.email && rng.chance(0.5)) {
    const sentAt = new Date(done.at.getTime() + 30 * MIN);
    const answered = rng.chance(0.62) ? new Date(sentAt.getTime() + rng.int(5, 600) * MIN) : null;
    if (sentAt <= env.now) {
      const rating = answered
        ? weighted(rng, [
            [5, 55],
            [4, 28],
            [3, 9],
            [2, 5],
            [1, 3],
          ] as [number, number][])
        : null;
      const comment =
        rating && rng.chance(0.35)
          ? rating >= 4
            ? rng.pick(KUDOS).replace('{agent}', agent.name.split(' ')[0] ?? agent.name)
            : rating <= 2
              ? rng.pick(GRUMBLES)
              : 'Fine.'
          : null;
      const ok = !!answered && answered <= env.now;
      t.survey = {
        sentAt,
        rating: ok ? rating : null,
        comment: ok ? comment : null,
        consent: ok && rng.chance(0.75),
        answeredAt: ok ? answered : null,
        agentName: agent.name,
      };
      t.events.push({ at: sentAt, kind: 'survey_sent', actorLabel: 'Belfry', data: {} });
      if (ok) t.events.push({ at: answered as Date, kind: 'survey_answered', actorLabel: 'Requester', data: { rating } });
    }
  }
}

export async function loadHelpdeskDemo(ctx: Ctx, rng: Rng): Promise<number> {
  const tz = ctx.config.timeZone;
  const now = ctx.clock.now();
  const set = (key: string, value: unknown) => setSetting(ctx, helpdeskModule.settings ?? [], key, { value });
  await set('helpdesk.addresses', ['itservices@oakfield.example']);
  await set('helpdesk.teamLeadEmails', ['t.okafor@oakfield.example']);
  const people = (await allPeople(ctx)).filter((p) => p.email && p.isActive && (p.kind === 'staff' || (p.yearGroup ?? 0) >= 5));
  const places = await listPlaces(ctx);
  const accounts = await listUserSummaries(ctx);
  const byName = (n: string) => accounts.find((a) => a.name === n);
  const agents = ['Priya Raman', 'Tom Okafor', 'Jess Marsh'].map(byName).filter((a) => !!a) as { id: string; name: string }[];
  const cal = new Map<string, SchoolCalendar>();
  for (const p of places) cal.set(p.schoolId, await loadSchoolCalendar(ctx, p.schoolId));
  const shared = await loadSchoolCalendar(ctx);
  const today = localDate(now, tz);
  const terms = [...shared.terms].filter((t) => t.startsOn <= today).sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const first = terms.at(-2) ?? terms.at(-1);
  if (!first || agents.length === 0) return 0;
  const env: Env = { rng, now, tz, cal, agents };
  const senior = places.find((p) => p.schoolCode === 'senior') as (typeof places)[number];
  const sci = senior.buildings.find((b) => b.code === 'SCI');
  const tickets: BulkTicket[] = [];
  const termStarts = terms.map((t) => t.startsOn);
  for (let d = first.startsOn; d <= today; d = addDays(d, 1)) {
    const day = describeDay(shared, d);
    const weekend = isoWeekday(d) >= 6;
    const sinceStart = Math.min(
      ...termStarts.filter((s) => s <= d).map((s) => Math.round((Date.parse(d) - Date.parse(s)) / 86400000)),
    );
    const peak = day.kind === 'term' && sinceStart < 12 ? 2.2 : 1;
    const mean = weekend ? 0.3 : day.kind === 'term' || day.kind === 'inset' ? 12 * peak : 1.5;
    const n = Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))));
    for (let i = 0; i < n; i++) {
      const wifiCluster = !!sci && day.kind === 'term' && !weekend && rng.chance(0.11);
      const category = wifiCluster
        ? 'Wi-Fi'
        : weighted(
            rng,
            CATEGORY_WEIGHTS.map(([c, w]) => [c, peak > 1 && (c === 'Accounts' || c === 'Devices') ? w * 2 : w]),
          );
      const place = wifiCluster ? senior : rng.chance(0.7) ? senior : (places.find((p) => p.schoolCode === 'prep') ?? senior);
      const building = wifiCluster ? sci : rng.pick(place.buildings);
      const room = building?.rooms.length ? rng.pick(building.rooms) : undefined;
      const pupil = wifiCluster ? rng.chance(0.75) : place === senior && rng.chance(0.3);
      const pool = people.filter((p) => p.schoolId === place.schoolId && p.kind === (pupil ? 'pupil' : 'staff'));
      const who = rng.pick(pool.length ? pool : people);
      const minute = wifiCluster
        ? rng.int(12 * 60, 13 * 60 + 45)
        : Math.min(16 * 60 + 50, Math.max(7 * 60 + 45, Math.round(rng.normal(11 * 60, 130))));
      const createdAt = zonedToUtc(
        d,
        `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
        tz,
      );
      if (createdAt > now) continue;
      const topic = rng.pick(TOPICS[category] ?? (TOPICS.Other as []));
      const fill = (s: string) =>
        s.replace(/\{room\}/g, room?.code ?? 'my classroom').replace(/\{building\}/g, building?.name ?? 'school');
      const t: BulkTicket = {
        id: uuid(rng),
        subject: fill(topic.subject),
        status: 'new',
        priority: weighted(rng, [
          ['p1', 3],
          ['p2', 14],
          ['p3', 75],
          ['p4', 8],
        ] as [string, number][]),
        category,
        tags: category === 'Wi-Fi' ? ['wifi'] : [],
        channel: rng.chance(0.55) ? 'email' : 'portal',
        requesterEmail: who.email,
        requesterName: who.displayName,
        requesterKind: who.kind,
        requesterPersonId: who.id,
        assigneeId: null,
        assigneeName: null,
        team: category === 'Wi-Fi' || category === 'Network' ? 'Network' : place === senior ? 'Service desk' : 'Prep IT',
        schoolId: place.schoolId,
        buildingId: building?.id ?? null,
        roomId: room?.id ?? null,
        locationLabel: [place.schoolCode, building?.name, room?.code].filter(Boolean).join(' / '),
        asset: category === 'Hardware' || category === 'Devices' ? `OAK-${rng.int(10000, 99999)}` : null,
        createdAt,
        messages: [
          {
            at: createdAt,
            authorKind: 'requester',
            authorName: who.displayName,
            authorEmail: who.email,
            visibility: 'public',
            channel: 'web',
            body: fill(topic.body),
          },
        ],
        events: [],
      };
      lifecycle(env, t, topic, { name: who.displayName, email: who.email }, fill);
      tickets.push(t);
    }
  }
  await bulkLoadTickets(ctx, tickets, now);
  const canned = [
    [
      'Password reset done',
      'I have reset your password. You will be asked to choose a new one and to set up the authenticator app when you next sign in.',
    ],
    [
      'Bring it to the IT office',
      'Please bring the device to the IT office (Main School, ground floor) between 08:00 and 16:30 and we will lend you one while it is repaired.',
    ],
    [
      'Wi-Fi: forget and rejoin',
      'Please open the Wi-Fi settings, forget OakfieldSecure, then join it again and sign in with your school account.',
    ],
  ];
  for (const [title, body] of canned) await addCannedResponse(ctx, { title: title as string, body: body as string });
  return tickets.length;
}
