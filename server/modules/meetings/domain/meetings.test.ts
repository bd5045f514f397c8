import JSZip from 'jszip';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../lib/context.ts';
import { Forbidden } from '../../../lib/errors.ts';
import type { captureMailer } from '../../../lib/mailer.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { addMilestone, createObjective, createProject, createRisk, reviewRisk, updateProject } from '../../projects/index.ts';
import { createIncident } from '../../security/index.ts';
import { createTask, listTasksBySource, setTaskStatus } from '../../tasks/index.ts';
import { addAction, sendActionToTasks, updateAction } from './actions.ts';
import { buildAgenda, updateItem } from './agenda.ts';
import { addDecision, createMeeting, getMeeting, type MeetingView, planNextMeeting, updateMeeting } from './meetings.ts';
import { exportMeetingPaper, sendMeetingPaper } from './send-papers.ts';
import { createSeries } from './series.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;
const titles = (m: MeetingView, section: string) => m.sections.find((s) => s.id === section)?.items.map((i) => i.title) ?? [];

/*
 * The Director of Finance 1:1 meets every four weeks at 09:00. It met on Thu 15 Oct 2026
 * (BST); the next is four weeks on, Thu 12 Nov 2026 (GMT), and "coming up" runs to the one
 * after, Thu 10 Dec.
 */
describeEachDatabase('meeting agendas, minutes and actions', (t) => {
  let director: UserActor;
  let bursar: UserActor;
  let seriesId = '';
  let itmgId = '';
  const ids = { m1: '', m2: '', firewall: '', devices: '', r1: '', r2: '', a1: '', a2: '', a3: '', a4: '' };
  const at = (iso: string, who: Actor = director) => t.ctx(who, iso);

  beforeAll(async () => {
    const sys = t.ctx();
    const d = (await createUser(sys, { email: 'sam@t.example', name: 'Sam Harding', role: 'admin', sso: true })).user;
    const b = (await createUser(sys, { email: 'helen@t.example', name: 'Helen Fitzgerald', role: 'slt', sso: true })).user;
    director = { kind: 'user', id: d.id, email: d.email, name: d.name, role: 'admin' };
    bursar = { kind: 'user', id: b.id, email: b.email, name: b.name, role: 'slt' };
    const ctx = at('2026-09-01T09:00:00Z');
    seriesId = (
      await createSeries(ctx, {
        name: 'Director of Finance 1:1',
        kind: 'finance',
        cadenceWeeks: 4,
        defaultTime: '09:00',
        members: [
          { userId: director.id },
          { userId: bursar.id, roleLabel: 'Director of Finance' },
          { name: 'Finance assistant', email: 'fa@t.example' },
        ],
      })
    ).id;
    itmgId = (
      await createSeries(ctx, { name: 'IT management group', kind: 'itmg', cadenceWeeks: 12, members: [{ userId: director.id }] })
    ).id;
    await createObjective(ctx, { code: 'O1', title: 'Secure by default', status: 'published' });
    ids.firewall = (await createProject(ctx, { name: 'Firewall replacement', status: 'active', capitalBudget: 2_400_000 })).id;
    ids.devices = (
      await createProject(ctx, {
        name: 'Staff laptop refresh',
        status: 'active',
        rag: 'amber',
        ragReason: 'Prices up 8%',
        capitalBudget: 9_000_000,
      })
    ).id;
    await addMilestone(ctx, ids.firewall, { title: 'Rules migrated', dueOn: '2026-10-30' });
    await addMilestone(ctx, ids.firewall, { title: 'Quotes in', dueOn: '2026-10-01' }); // overdue before the last meeting
    await addMilestone(ctx, ids.firewall, { title: 'Cut-over', dueOn: '2026-11-20' });
    await addMilestone(ctx, ids.devices, { title: 'Laptops delivered', dueOn: '2027-03-01' });
    ids.r1 = (
      await createRisk(ctx, { title: 'Ransomware', category: 'cyber', likelihood: 3, impact: 5, reviewOn: '2026-11-10' })
    ).id;
    ids.r2 = (
      await createRisk(ctx, {
        title: 'Single internet line',
        category: 'infrastructure',
        likelihood: 2,
        impact: 4,
        reviewOn: '2027-01-10',
      })
    ).id;
    await createRisk(ctx, {
      title: 'Printer fleet ageing',
      category: 'infrastructure',
      likelihood: 2,
      impact: 2,
      reviewOn: '2027-02-01',
    });

    // The October meeting and its actions.
    ids.m1 = (await createMeeting(at('2026-10-08T09:00:00Z'), seriesId, { date: '2026-10-15', time: '09:00' })).id;
    const m1 = at('2026-10-15T09:30:00Z');
    ids.a1 = (
      await addAction(m1, ids.m1, { text: 'Send the firewall quote to finance', ownerId: bursar.id, dueOn: '2026-10-30' })
    ).id;
    ids.a2 = (
      await addAction(m1, ids.m1, { text: 'Check the laptop lease terms', ownerId: director.id, dueOn: '2026-11-10' })
    ).id;
    ids.a3 = (
      await addAction(m1, ids.m1, { text: 'Update the asset register', ownerName: 'Finance assistant', dueOn: '2026-11-20' })
    ).id;
    ids.a4 = (await addAction(m1, ids.m1, { text: 'Price a third internet line', ownerId: director.id })).id;
    await sendActionToTasks(m1, ids.a1);
    await sendActionToTasks(m1, ids.a2);
    await updateAction(m1, ids.a4, { status: 'dropped' });
    await updateMeeting(at('2026-10-15T10:30:00Z'), ids.m1, { status: 'held' });

    // Between the meetings.
    await updateProject(at('2026-10-20T10:00:00Z'), ids.firewall, { rag: 'amber', ragReason: 'Supplier slipped delivery' });
    await reviewRisk(at('2026-10-22T10:00:00Z'), ids.r2, { likelihood: 3, impact: 4, note: 'Two outages in October' });
    const a2task = (await listTasksBySource(at('2026-11-05T10:00:00Z'), { module: 'meetings', kind: 'action', id: ids.a2 }))[0];
    await setTaskStatus(at('2026-11-05T10:00:00Z'), a2task?.id as string, 'done');
    ids.m2 = (await planNextMeeting(at('2026-11-09T09:00:00Z'), ids.m1)).id;
  });

  it('assembles the next agenda from what changed since the last meeting, open actions first', async () => {
    const m2 = await getMeeting(at('2026-11-09T09:00:00Z'), ids.m2);
    expect([m2.date, m2.time, m2.status]).toEqual(['2026-11-12', '09:00', 'planned']);
    expect(m2.sections.map((s) => s.id)).toEqual(['actions', 'projects', 'budget', 'milestones', 'risks', 'standing']);
    // A2's to-do is done and A4 was dropped: only A1 (overdue) and A3 are still open.
    expect(titles(m2, 'actions')).toEqual(['Send the firewall quote to finance', 'Update the asset register']);
    expect(m2.sections[0]?.items.map((i) => i.detail)).toEqual([
      'Helen Fitzgerald · due Fri 30 Oct (overdue) · from Thu 15 Oct',
      'Finance assistant · due Fri 20 Nov · from Thu 15 Oct',
    ]);
    // The laptops stayed amber with the same budget: not on the agenda.
    expect(titles(m2, 'projects')).toEqual(['Firewall replacement: RAG green → amber']);
    expect(titles(m2, 'budget')).toEqual(['Project budgets: £0 spent and £0 committed of £114,000']);
    // Fell due since the last meeting (15 Oct) or due by the next (10 Dec); March is too far, and
    // 'Quotes in' was already overdue at the last meeting.
    expect(titles(m2, 'milestones')).toEqual(['Firewall replacement: Rules migrated', 'Firewall replacement: Cut-over']);
    expect(m2.sections.find((s) => s.id === 'milestones')?.items[0]?.detail).toBe('Overdue: was due Fri 30 Oct');
    // R02 rose from 8 to 12 since 15 Oct; R01's review is due (10 Nov); the printers are neither.
    expect(titles(m2, 'risks')).toEqual(['R02 Single internet line: 12 (high)', 'R01 Ransomware: 15 (critical)']);
    expect(m2.sections.find((s) => s.id === 'risks')?.items[0]?.detail).toMatch(/^rising: 8 at the last meeting, 12 now/);
    expect(titles(m2, 'standing')).toEqual([
      'Renewals and contracts in the next 12 months',
      'Cyber risk and insurance conditions',
      'Decisions needed',
    ]);
    expect(m2.previous?.id).toBe(ids.m1);
  });

  it('keeps the Director’s edits through a refresh and drops what is no longer true', async () => {
    const ctx = at('2026-11-10T09:00:00Z');
    const m2 = await getMeeting(ctx, ids.m2);
    const project = m2.sections.find((s) => s.id === 'projects')?.items[0];
    const renewals = m2.sections.find((s) => s.id === 'standing')?.items[0];
    await updateItem(ctx, project?.id as string, { title: 'Firewall: delivery slipped, agree the new date' });
    await updateItem(ctx, renewals?.id as string, { hidden: true });
    await updateAction(ctx, ids.a1, { status: 'done' }); // the quote arrived
    await buildAgenda(ctx, ids.m2);
    const after = await getMeeting(ctx, ids.m2);
    expect(titles(after, 'actions')).toEqual(['Update the asset register']);
    expect(titles(after, 'projects')).toEqual(['Firewall: delivery slipped, agree the new date']);
    expect(titles(after, 'standing')).toEqual(['Cyber risk and insurance conditions', 'Decisions needed']);
    // Marking the action done finished its to-do too.
    const [task] = await listTasksBySource(ctx, { module: 'meetings', kind: 'action', id: ids.a1 });
    expect(task?.status).toBe('done');
  });

  it('records decisions and actions, puts actions on to-do lists, and carries the open one forward', async () => {
    const ctx = at('2026-11-12T09:40:00Z');
    await addDecision(ctx, ids.m2, { text: 'Approve the extra £3,500 for the firewall licence' });
    const x = await addAction(ctx, ids.m2, { text: 'Raise the purchase order', ownerId: bursar.id, dueOn: '2026-11-19' });
    const y = await addAction(ctx, ids.m2, { text: 'Book the cut-over weekend', ownerId: director.id, dueOn: '2026-11-27' });
    const z = await addAction(ctx, ids.m2, { text: 'Send the renewal list', ownerName: 'Finance assistant' });
    await sendActionToTasks(ctx, x.id);
    await sendActionToTasks(ctx, y.id);
    await sendActionToTasks(ctx, z.id);
    const tasks = await listTasksBySource(ctx, { module: 'meetings', kind: 'action', id: [x.id, y.id, z.id] });
    expect(tasks.map((t_) => [t_.title, t_.owner.name, t_.dueOn, t_.source?.label, t_.source?.url])).toEqual([
      [
        'Raise the purchase order',
        'Helen Fitzgerald',
        '2026-11-19',
        'Director of Finance 1:1, Thursday 12 November 2026',
        `/meetings/${ids.m2}`,
      ],
      [
        'Book the cut-over weekend',
        'Sam Harding',
        '2026-11-27',
        'Director of Finance 1:1, Thursday 12 November 2026',
        `/meetings/${ids.m2}`,
      ],
      [
        'Chase Finance assistant: Send the renewal list',
        'Sam Harding',
        null,
        'Director of Finance 1:1, Thursday 12 November 2026',
        `/meetings/${ids.m2}`,
      ],
    ]);
    await expect(sendActionToTasks(ctx, x.id)).rejects.toThrow(/already on a to-do list/);
    // The bursar does the purchase order from her own list.
    await setTaskStatus(at('2026-11-13T10:00:00Z', bursar), tasks[0]?.id as string, 'done');
    await updateMeeting(ctx, ids.m2, { status: 'held' });
    const next = await planNextMeeting(at('2026-11-13T10:00:00Z'), ids.m2);
    const m3 = await getMeeting(at('2026-11-13T10:00:00Z'), next.id);
    expect(m3.date).toBe('2026-12-10');
    expect(titles(m3, 'actions')).toEqual(['Update the asset register', 'Book the cut-over weekend', 'Send the renewal list']);
    const m2 = await getMeeting(at('2026-11-13T10:00:00Z'), ids.m2);
    expect(m2.actions.map((a) => [a.text, a.status])).toEqual([
      ['Raise the purchase order', 'done'],
      ['Book the cut-over weekend', 'open'],
      ['Send the renewal list', 'open'],
    ]);
    expect(m2.next?.id).toBe(next.id);
  });

  it('exports the agenda and minutes as DOCX that opens and says what the meeting said', async () => {
    const ctx = at('2026-11-13T10:00:00Z');
    const { fileName, bytes } = await exportMeetingPaper(ctx, ids.m2, 'minutes');
    expect(fileName).toBe('Director-of-Finance-1-1-minutes-2026-11-12.docx');
    const zip = await JSZip.loadAsync(bytes);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    for (const expected of [
      'Director of Finance 1:1: minutes, Thursday 12 November 2026',
      'Update the asset register',
      'Firewall: delivery slipped, agree the new date',
      'Approve the extra £3,500 for the firewall licence',
      'Raise the purchase order',
      'Book the cut-over weekend',
      'Helen Fitzgerald',
    ])
      expect(text).toContain(expected);
    const agenda = await exportMeetingPaper(ctx, ids.m2, 'agenda');
    const agendaText = ((await (await JSZip.loadAsync(agenda.bytes)).file('word/document.xml')?.async('string')) ?? '').replace(
      /<[^>]+>/g,
      '',
    );
    expect(agendaText).toContain('R02 Single internet line: 12 (high)');
    expect(agendaText).not.toContain('Approve the extra');
  });

  it('emails the papers to the members with the DOCX attached', async () => {
    const ctx = at('2026-11-13T10:00:00Z');
    const sent = await sendMeetingPaper(ctx, ids.m2, 'minutes');
    expect(sent.sentTo).toEqual(['sam@t.example', 'helen@t.example', 'fa@t.example']);
    const mail = (ctx.mail as ReturnType<typeof captureMailer>).sent[0];
    expect(mail?.subject).toBe('Director of Finance 1:1: minutes, Thursday 12 November 2026');
    expect(mail?.text).toContain('- Book the cut-over weekend | Sam Harding | Fri 27 Nov | Open');
    expect(mail?.attachments?.[0]?.filename).toBe('Director-of-Finance-1-1-minutes-2026-11-12.docx');
    expect((await getMeeting(ctx, ids.m2)).minutesSentAt).toBe('2026-11-13T10:00:00.000Z');
  });

  it('gives the IT management group its strategy section, and lets SLT read but not edit', async () => {
    const id = (await createMeeting(at('2026-11-13T10:00:00Z'), itmgId, { date: '2026-11-26', time: '15:30' })).id;
    const m = await getMeeting(at('2026-11-13T10:00:00Z'), id);
    expect(m.sections.map((s) => s.id)).toEqual(['strategy', 'projects', 'milestones', 'risks', 'standing']);
    expect(titles(m, 'strategy')).toEqual(['O1 Secure by default: 0% done']);
    expect(m.time).toBe('15:30');
    const read = await getMeeting(at('2026-11-13T10:00:00Z', bursar), id);
    expect(read.id).toBe(id);
    await expect(addAction(at('2026-11-13T10:00:00Z', bursar), id, { text: 'x', ownerName: 'y' })).rejects.toThrow(Forbidden);
    await expect(createTask(at('2026-11-13T10:00:00Z', bursar), { title: 'own to-do' })).resolves.toBeTruthy();
  });

  it('puts open security incidents, with the ICO clock, on the Director of Finance agenda', async () => {
    // Aware Mon 23 Nov 10:00 GMT with pupils' data involved: the ICO decision is due 72 h later.
    const ctx = at('2026-11-23T10:00:00Z');
    await createIncident(ctx, {
      title: 'Phished staff mailbox forwarded pupil reports',
      category: 'phishing',
      severity: 'high',
      becameAwareAt: '2026-11-23T10:00:00Z',
      personalData: true,
      dataSubjects: ['pupils'],
    });
    const next = (await createMeeting(at('2026-11-23T12:00:00Z'), seriesId, { date: '2026-11-24', time: '09:00' })).id;
    const m = await getMeeting(at('2026-11-23T12:00:00Z'), next);
    expect(titles(m, 'security')).toEqual(['Incident INC-2026-001: phishing (high)']);
    // Built at 12:00, 2 hours after awareness: 70 hours left.
    expect(m.sections.find((s) => s.id === 'security')?.items[0]?.detail).toBe('status open · ICO decision due in 70 h');
  });
});
