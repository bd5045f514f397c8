import { beforeAll, expect, it } from 'vitest';
import type { Actor, Ctx } from '../../../lib/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../../lib/errors.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { addCalendarEntry, ensureBundledBankHolidays } from '../../calendar/index.ts';
import { type BulkTicket, bulkLoadTickets, getHelpdeskMetrics } from '../../helpdesk/index.ts';
import { addAction, addDecision, createMeeting, createSeries } from '../../meetings/index.ts';
import { addMilestone, createProject, listProjectChangesBetween, updateProject } from '../../projects/index.ts';
import { countAlertsBySeverity, createIncident, readIncidentActivity } from '../../security/index.ts';
import { createTask, setTaskStatus } from '../../tasks/index.ts';
import { getBriefing, getRevision, getThisWeek, listBriefings } from './briefing-view.ts';
import { draftBriefing, regenerateSection, updateSection } from './draft.ts';
import { addNote } from './notes.ts';
import { addNotice } from './notices.ts';
import { publishBriefing, shareBriefing, startCorrection } from './publish.ts';
import { draftIfDue } from './schedule.ts';
import { searchArchive } from './search.ts';
import { saveTemplate } from './template.ts';
import { addUseful } from './useful.ts';

/**
 * A small school's week 47 of 2026 (Monday 16 to Sunday 22 November; Friday 20 is an INSET day),
 * made through each module's own use cases, and the briefing drafted from it on Thursday 19th.
 */

const NOW = '2026-11-19T14:00:00Z';
type User = Extract<Actor, { kind: 'user' }>;

describeEachDatabase('the weekly briefing', (t) => {
  const u: Record<'director' | 'priya' | 'tom' | 'helen' | 'dan', User> = {} as never;
  let mail: ReturnType<typeof captureMailer>;
  const as = (who: keyof typeof u, now = NOW): Ctx => ({ ...t.ctx(u[who], now), mail });
  let briefingId = '';

  beforeAll(async () => {
    mail = captureMailer();
    const sys = t.ctx(undefined, '2026-09-01T08:00:00Z');
    for (const [key, name, role] of [
      ['director', 'Sam Harding', 'admin'],
      ['priya', 'Priya Raman', 'it'],
      ['tom', 'Tom Okafor', 'it'],
      ['helen', 'Helen Fitzgerald', 'slt'],
      ['dan', 'Daniel Cooper', 'staff'],
    ] as const) {
      const { user } = await createUser(sys, { email: `${key}@oakfield.example`, name, role, sso: true });
      u[key] = { kind: 'user', id: user.id, email: user.email, name, role };
    }
    await ensureBundledBankHolidays(sys);
    for (const e of [
      { kind: 'term', name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-11' },
      { kind: 'half_term', name: 'Autumn half-term', startsOn: '2026-10-26', endsOn: '2026-10-30' },
      { kind: 'inset', name: 'INSET day', startsOn: '2026-11-20', endsOn: '2026-11-20' },
    ] as const)
      await addCalendarEntry(sys, { ...e, schoolId: null });

    // Three tickets: a P1 fixed on Monday, a Wi-Fi one still open, and one resolved with kudos.
    const at = (s: string) => new Date(s);
    const ticket = (n: number, o: Partial<BulkTicket> & { createdAt: Date; events: BulkTicket['events'] }): BulkTicket => ({
      id: `00000000-0000-4000-8000-00000000000${n}`,
      subject: `Ticket ${n}`,
      status: 'resolved',
      priority: 'p3',
      category: 'Hardware',
      tags: [],
      channel: 'portal',
      requesterEmail: 'dan@oakfield.example',
      requesterName: 'Daniel Cooper',
      requesterKind: 'staff',
      requesterPersonId: null,
      assigneeId: u.tom.id,
      assigneeName: 'Tom Okafor',
      team: null,
      schoolId: null,
      buildingId: null,
      roomId: null,
      locationLabel: null,
      asset: null,
      messages: [],
      ...o,
    });
    const life = (created: string, reply: string, resolved?: string): BulkTicket['events'] => [
      { at: at(created), kind: 'created', actorLabel: 'Daniel Cooper', data: { status: 'new' } },
      { at: at(reply), kind: 'agent_reply', actorLabel: 'Tom Okafor', data: { public: true, channel: 'web' } },
      { at: at(reply), kind: 'status', actorLabel: 'Tom Okafor', data: { from: 'new', to: 'open' } },
      ...(resolved
        ? [{ at: at(resolved), kind: 'status', actorLabel: 'Tom Okafor', data: { from: 'open', to: 'resolved' } }]
        : []),
    ];
    const tickets = [
      ticket(1, {
        subject: 'Projector in S12 has no picture',
        priority: 'p1',
        createdAt: at('2026-11-16T09:00:00Z'),
        events: life('2026-11-16T09:00:00Z', '2026-11-16T09:20:00Z', '2026-11-16T11:00:00Z'),
      }),
      ticket(2, {
        subject: 'Wi-Fi drops in the library',
        status: 'open',
        category: 'Wi-Fi',
        createdAt: at('2026-11-17T10:00:00Z'),
        events: life('2026-11-17T10:00:00Z', '2026-11-17T10:30:00Z'),
      }),
      ticket(3, {
        subject: 'Locked out of my account',
        category: 'Accounts',
        createdAt: at('2026-11-18T10:00:00Z'),
        events: life('2026-11-18T10:00:00Z', '2026-11-18T10:10:00Z', '2026-11-18T12:00:00Z'),
        survey: {
          sentAt: at('2026-11-18T13:00:00Z'),
          rating: 5,
          comment: 'Brilliant, sorted in minutes. Thank you!',
          consent: true,
          answeredAt: at('2026-11-18T15:00:00Z'),
          agentName: 'Tom Okafor',
        },
      }),
    ];
    const load = as('director', NOW);
    await load.db.transaction((db) => bulkLoadTickets({ ...load, db }, tickets));

    await createIncident(as('priya', '2026-11-17T10:30:00Z'), {
      title: 'Phished staff account',
      category: 'account_compromise',
      severity: 'high',
      becameAwareAt: '2026-11-17T10:00:00Z',
      personalData: true,
    });
    const firewall = await createProject(as('director', '2026-11-09T10:00:00Z'), {
      name: 'Firewall replacement',
      status: 'active',
      rag: 'amber',
      ragReason: 'Supplier slow to quote',
    });
    await addMilestone(as('director', '2026-11-09T10:00:00Z'), firewall.id, { title: 'Rules migrated', dueOn: '2026-11-27' });
    await addMilestone(as('director', '2026-11-09T10:00:00Z'), firewall.id, {
      title: 'Quotes compared',
      dueOn: '2026-11-13',
      doneOn: '2026-11-17',
    });
    await updateProject(as('director', '2026-11-18T10:00:00Z'), firewall.id, {
      rag: 'red',
      ragReason: 'Delivery slipped to January',
    });
    const series = await createSeries(as('director', '2026-11-01T10:00:00Z'), {
      name: 'Director of Finance 1:1',
      kind: 'finance',
    });
    const meeting = await createMeeting(as('director', '2026-11-10T10:00:00Z'), series.id, { date: '2026-11-17', time: '09:00' });
    await addDecision(as('director', '2026-11-17T10:00:00Z'), meeting.id, { text: 'Fund the PoE licences from contingency' });
    await addAction(as('director', '2026-11-17T10:00:00Z'), meeting.id, {
      text: 'Get a quote for the PoE licences',
      ownerId: u.priya.id,
      dueOn: '2026-11-27',
    });
    const todo = await createTask(as('priya', '2026-11-16T08:00:00Z'), { title: 'Firmware on the new access points' });
    await setTaskStatus(as('priya', '2026-11-18T16:00:00Z'), todo.id, 'done');
    await addNotice(as('director', '2026-11-02T08:00:00Z'), {
      text: 'Change freeze from **7 December**.',
      startsOn: '2026-11-02',
    });
    await addNote(as('priya', '2026-11-17T12:00:00Z'), {
      text: 'Lamp replaced in S12, the Head of Science was delighted',
      source: {
        module: 'helpdesk',
        kind: 'ticket',
        id: tickets[0]?.id as string,
        label: 'Ticket #1',
        url: `/helpdesk/tickets/${tickets[0]?.id}`,
      },
    });
    await addUseful(as('tom', '2026-11-03T09:00:00Z'), {
      title: 'Printer supplier: Copyworld',
      body: 'Service desk **01632 960123**, account OAK-4471. Toner is ordered by the bursary.',
      tags: ['suppliers', 'printing'],
      pinned: true,
    });
    await addUseful(as('tom', '2026-11-18T09:00:00Z'), {
      title: 'Resetting a pupil password',
      body: 'In the admin centre, search for the pupil, then Reset password; the printer prints the slip.',
      tags: ['accounts', 'how-to'],
    });
  }, 120_000);

  it('drafts each section from the source modules’ own read functions, for the same window', async () => {
    const ctx = as('director');
    const { id, created } = await draftBriefing(ctx);
    expect(created).toBe(true);
    briefingId = id;
    const b = await getBriefing(ctx, id);
    expect(b.week).toBe('2026-W47');
    expect(b.title).toBe('IT Services briefing, w/c 16 November 2026 (Autumn term, week 11 of 14)');
    const section = (key: string) => b.sections?.find((s) => s.key === key);

    const metrics = (await getHelpdeskMetrics(ctx, { from: '2026-11-16', to: '2026-11-22' })).metrics;
    expect(section('numbers')?.data.helpdesk).toMatchObject({
      created: metrics.created,
      resolved: metrics.resolved,
      openAtEnd: metrics.openAtEnd,
      firstResponseMedian: metrics.firstResponse.median,
      resolutionMedian: metrics.resolution.median,
      responseBreached: metrics.responseSla.breached,
      resolutionBreached: metrics.resolutionSla.breached,
    });
    // By hand: 3 raised, 2 resolved, 1 open; first responses of 20, 30 and 10 working minutes.
    expect([metrics.created, metrics.resolved, metrics.openAtEnd, metrics.firstResponse.median]).toEqual([3, 2, 1, 20]);
    const numbers = section('numbers')?.markdown ?? '';
    expect(numbers).toContain('[**3** raised](/helpdesk/metrics?from=2026-11-16&to=2026-11-22&drill=created)');
    expect(numbers).toContain('First response: median [**20 min**]');
    expect(numbers).toContain('[#1 Projector in S12 has no picture](/helpdesk/tickets/00000000-0000-4000-8000-000000000001): P1');

    expect(section('kudos')?.markdown).toBe(
      '- “Brilliant, sorted in minutes. Thank you!” — for **Tom Okafor** (5 out of 5, [#3](/helpdesk/tickets/00000000-0000-4000-8000-000000000003))',
    );

    const start = new Date('2026-11-16T00:00:00Z');
    const security = section('security')?.data.security as { alerts: unknown; incidents: unknown };
    expect(security.alerts).toEqual(await countAlertsBySeverity(ctx, { from: start, to: new Date(NOW) }));
    expect(security.incidents).toEqual(await readIncidentActivity(ctx, { from: '2026-11-16', to: '2026-11-22' }));
    expect(section('security')?.markdown).toMatch(
      /Incidents opened: \[INC-2026-001\]\(\/incidents\?open=[0-9a-f-]+\) \(account compromise, high, Tue 17 Nov\)/,
    );
    expect(section('security')?.markdown).toContain('the ICO decision is due by **Fri 20 Nov 10:00**');

    const changes = await listProjectChangesBetween(ctx, { from: start, to: new Date(NOW) });
    expect(changes).toHaveLength(1);
    const drafted = section('projects')?.data.projects as { changes: { projectId: string }[] };
    expect(drafted.changes.map((c) => c.projectId)).toEqual(changes.map((c) => c.projectId));
    expect(section('projects')?.markdown).toContain('RAG amber → red: Delivery slipped to January');
    expect(section('projects')?.markdown).toMatch(
      /\*\*Milestones reached\*\*\n\n- \[Firewall replacement: Quotes compared\]\(\/projects\/[0-9a-f-]+\) \(Tue 17 Nov\)\n\n\*\*Milestones due by Sun 29 Nov\*\*\n\n- \[Firewall replacement: Rules migrated\]\(\/projects\/[0-9a-f-]+\) \(Fri 27 Nov\)$/,
    );

    expect(section('meetings')?.markdown).toContain('- Decided: Fund the PoE licences from contingency');
    expect(section('meetings')?.markdown).toContain('- Priya Raman: Get a quote for the PoE licences, by Fri 27 Nov');
    expect(section('done')?.markdown).toBe('- **Priya Raman** (1): Firmware on the new access points');
    expect(section('notices')?.markdown).toBe('- Change freeze from **7 December**.');
    expect(section('thoughts')?.markdown).toMatch(
      /^- Lamp replaced in S12, the Head of Science was delighted \(\[Ticket #1\]\(\/helpdesk\/tickets\/0+-0+-4000-8000-0+1\)\) — Priya Raman$/,
    );
    // Drafted on Thursday: the week ahead starts with the INSET Friday.
    expect(section('ahead')?.markdown?.split('\n')[0]).toBe('- [**Fri 20 Nov**](/calendar): INSET day');
    expect(section('useful')?.markdown).toMatch(
      /^- \[Resetting a pupil password\]\(\/briefings\/useful\/[0-9a-f-]+\) \(new\): accounts, how-to$/,
    );
    // No controller data to judge, but one Wi-Fi complaint: the section says so and nothing more.
    expect(section('wifi')?.markdown).toBe(
      '- [1 Wi-Fi complaint](/wifi?tab=complaints&from=2026-11-16&to=2026-11-19) to the help desk.',
    );
  });

  it('keeps the Director’s words when a section is drafted again, or the whole week', async () => {
    const ctx = as('director');
    const before = await getBriefing(ctx, briefingId);
    const thoughts = before.sections?.find((s) => s.key === 'thoughts');
    const numbers = before.sections?.find((s) => s.key === 'numbers');
    const mine = `A good week: thank you all.\n\n${thoughts?.markdown}`;
    await updateSection(ctx, thoughts?.id as string, { markdown: mine });
    await regenerateSection(ctx, numbers?.id as string);
    await draftBriefing(ctx, { week: '2026-W47' });
    const after = await getBriefing(ctx, briefingId);
    expect(after.sections?.find((s) => s.key === 'thoughts')).toMatchObject({ markdown: mine, edited: true });
    expect(after.sections?.find((s) => s.key === 'numbers')).toMatchObject({ markdown: numbers?.markdown, edited: false });
    await expect(regenerateSection(ctx, thoughts?.id as string)).resolves.toBeUndefined();
    // Regenerating a section on purpose replaces its words with the draft; put them back.
    await updateSection(ctx, thoughts?.id as string, { markdown: mine });

    // A note made now lands in the draft, after the Director's words.
    const note = await addNote(as('tom', '2026-11-19T15:00:00Z'), { text: 'Year 9 laptops imaged' });
    expect(note.landedIn).toBe('draft');
    const withNote = await getBriefing(ctx, briefingId);
    expect(withNote.sections?.find((s) => s.key === 'thoughts')?.markdown).toBe(`${mine}\n- Year 9 laptops imaged — Tom Okafor`);
  });

  it('is the Director’s until it is published: IT, SLT and staff cannot read the draft', async () => {
    await expect(getBriefing(as('priya'), briefingId)).rejects.toThrow(NotFound);
    await expect(getBriefing(as('helen'), briefingId)).rejects.toThrow(NotFound);
    await expect(getBriefing(as('dan'), briefingId)).rejects.toThrow(Forbidden);
    await expect(updateSection(as('priya'), briefingId, { markdown: 'x' })).rejects.toThrow(Forbidden);
    expect(await listBriefings(as('priya'))).toEqual([]);
    expect((await getThisWeek(as('director'))).briefing?.status).toBe('draft');
  });

  it('publishes an immutable revision and emails it to the team as HTML and plain text', async () => {
    const ctx = as('director', '2026-11-19T15:30:00Z');
    const sectionId = (await getBriefing(ctx, briefingId)).sections?.[0]?.id as string;
    const sent = await publishBriefing(ctx, briefingId, { email: true });
    expect(sent).toEqual({
      revision: 1,
      sentTo: ['director@oakfield.example', 'priya@oakfield.example', 'tom@oakfield.example'],
      mailError: null,
    });
    const message = mail.sent.at(-1);
    expect(message?.subject).toBe('IT Services briefing, w/c 16 November 2026 (Autumn term, week 11 of 14)');
    expect(message?.html).toContain('<h2>Thoughts</h2>');
    expect(message?.html).toContain('href="http://localhost:3000/helpdesk/tickets/00000000-0000-4000-8000-000000000001"');
    expect(message?.text).toContain('A good week: thank you all.');
    expect(message?.text).toContain('<http://localhost:3000/helpdesk/metrics?from=2026-11-16&to=2026-11-22&drill=created>');
    expect(message?.text).not.toContain('<h2>');

    // The team reads it as published; nothing in it can change any more.
    const b = await getBriefing(as('priya'), briefingId);
    expect(b.current?.html).toContain('<h2>The week in numbers</h2>');
    expect(b.sections).toBeNull();
    const director = await getBriefing(ctx, briefingId);
    expect(director.revisions.map((r) => r.number)).toEqual([1]);
    expect(director.deliveries).toEqual([
      expect.objectContaining({ revision: 1, audience: 'team', recipients: sent.sentTo, sentBy: 'Sam Harding' }),
    ]);
    await expect(draftBriefing(ctx, { week: '2026-W47' })).rejects.toThrow(Conflict);
    await expect(updateSection(ctx, sectionId, { markdown: 'changed' })).rejects.toThrow(Conflict);
    await expect(regenerateSection(ctx, sectionId)).rejects.toThrow(Conflict);
    const numbers = (await getBriefing(ctx, briefingId)).sections;
    expect(numbers).toBeNull();
    const [row] = await listBriefings(as('priya'));
    expect(row).toMatchObject({ id: briefingId, status: 'published' });
  });

  it('corrects by a new revision, keeping the old one as it was', async () => {
    const ctx = as('director', '2026-11-20T09:00:00Z');
    const first = await getRevision(ctx, briefingId, 1);
    await startCorrection(ctx, briefingId);
    const draft = await getBriefing(ctx, briefingId);
    const thoughts = draft.sections?.find((s) => s.key === 'thoughts');
    await updateSection(ctx, thoughts?.id as string, { markdown: `${thoughts?.markdown}\n- Correction: it was S14, not S12.` });
    await expect(publishBriefing(ctx, briefingId, { email: false })).rejects.toThrow(
      new Invalid('note: say what the correction changes'),
    );
    expect(await publishBriefing(ctx, briefingId, { email: false, note: 'The room was S14' })).toMatchObject({
      revision: 2,
      sentTo: [],
    });
    expect(await getRevision(ctx, briefingId, 1)).toEqual(first);
    const second = await getRevision(ctx, briefingId, 2);
    expect(second.markdown).toContain('*Corrected Fri 20 Nov: The room was S14*');
    expect(second.note).toBe('The room was S14');
    expect((await getBriefing(as('priya'), briefingId)).current?.number).toBe(2);
  });

  it('finds the briefing by its words, ranked and highlighted, with pinned useful info first', async () => {
    const [hit] = await searchArchive(as('priya'), { q: 'lamp' });
    expect(hit).toMatchObject({ kind: 'briefing', id: briefingId, url: `/briefings/${briefingId}` });
    expect(hit?.snippet.filter((s) => s.hit).map((s) => s.text)).toEqual(['Lamp']);
    const printer = await searchArchive(as('priya'), { q: 'printer' });
    expect(printer.map((r) => [r.kind, r.title, r.pinned])).toEqual([
      ['useful', 'Printer supplier: Copyworld', true],
      ['useful', 'Resetting a pupil password', false],
    ]);
    expect(await searchArchive(as('priya'), { q: 'printer', tag: 'how-to' })).toHaveLength(1);
    // "wifi" finds "Wi-Fi", and a phrase in quotes is a phrase.
    expect((await searchArchive(as('priya'), { q: 'wifi' })).map((r) => r.id)).toEqual([briefingId]);
    expect(await searchArchive(as('priya'), { q: '"lamp replaced"' })).toHaveLength(1);
    expect(await searchArchive(as('priya'), { q: '"replaced lamp"' })).toEqual([]);
    // SLT see no useful info, and briefings only once shared.
    expect(await searchArchive(as('helen'), { q: 'lamp' })).toEqual([]);
    await expect(getBriefing(as('helen'), briefingId)).rejects.toThrow(NotFound);
    await shareBriefing(as('director'), briefingId, { shared: true });
    expect((await searchArchive(as('helen'), { q: 'lamp' })).map((r) => r.id)).toEqual([briefingId]);
    expect(await searchArchive(as('helen'), { q: 'printer' })).toEqual([]);
    expect((await getBriefing(as('helen'), briefingId)).current?.number).toBe(2);
    await expect(searchArchive(as('dan'), { q: 'lamp' })).rejects.toThrow(Forbidden);
  });

  it('lets the Director change the template, and refuses one that makes no sense', async () => {
    await expect(
      saveTemplate(as('director'), {
        sections: [
          { key: 'numbers', title: 'Numbers', feeds: ['helpdesk'] },
          { key: 'again', title: 'Again', feeds: ['helpdesk'] },
        ],
      }),
    ).rejects.toThrow('sections.1.feeds: "Help desk: the week in numbers" already feeds "Numbers"');
    await expect(
      saveTemplate(as('director'), { sections: [{ key: 'x', title: 'X', feeds: ['bus-timetable'] }] }),
    ).rejects.toThrow('sections.0.feeds: there is no feed "bus-timetable"');
    await expect(saveTemplate(as('priya'), { sections: [{ key: 'x', title: 'X' }] })).rejects.toThrow(Forbidden);
    const view = await saveTemplate(as('director'), {
      sections: [
        { key: 'thoughts', title: 'From Sam', feeds: ['notes'] },
        { key: 'numbers', title: 'Numbers', feeds: ['helpdesk', 'kudos'] },
      ],
    });
    expect(view.sections.map((s) => [s.key, s.title, s.position, s.feeds])).toEqual([
      ['thoughts', 'From Sam', 0, ['notes']],
      ['numbers', 'Numbers', 1, ['helpdesk', 'kudos']],
    ]);
    const { id } = await draftBriefing(as('director', '2026-11-13T12:00:00Z'), { week: '2026-W46' });
    expect((await getBriefing(as('director'), id)).sections?.map((s) => s.title)).toEqual(['From Sam', 'Numbers']);
  });
});

describeEachDatabase('the scheduled draft', (t) => {
  beforeAll(async () => {
    const sys = t.ctx(undefined, '2026-09-01T08:00:00Z');
    await ensureBundledBankHolidays(sys);
    await addCalendarEntry(sys, { kind: 'term', name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-11', schoolId: null });
    await addCalendarEntry(sys, {
      kind: 'inset',
      name: 'INSET day',
      startsOn: '2026-11-20',
      endsOn: '2026-11-20',
      schoolId: null,
    });
  });

  it('drafts on the last school day of the week, from 07:00: the Thursday when the Friday is an INSET day', async () => {
    const at = (now: string) => draftIfDue(t.ctx(undefined, now));
    expect(await at('2026-11-18T12:00:00Z')).toBeNull();
    expect(await at('2026-11-19T06:30:00Z')).toBeNull();
    expect(await at('2026-11-19T07:05:00Z')).toBe('2026-W47');
    expect(await at('2026-11-19T09:00:00Z')).toBeNull();
    expect(await at('2026-11-20T09:00:00Z')).toBeNull();
    // An ordinary week: Friday.
    expect(await at('2026-11-26T09:00:00Z')).toBeNull();
    expect(await at('2026-11-27T09:00:00Z')).toBe('2026-W48');
    // The holidays: no draft.
    expect(await at('2026-12-18T09:00:00Z')).toBeNull();
    const b = await getThisWeek(t.ctx(undefined, '2026-11-19T09:00:00Z'));
    expect(b).toMatchObject({
      week: '2026-W47',
      draftDay: '2026-11-19',
      briefing: { status: 'draft', draftedAt: '2026-11-19T07:05:00.000Z' },
    });
  });
});
