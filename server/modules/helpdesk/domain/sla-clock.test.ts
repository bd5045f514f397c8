import { describe, expect, it } from 'vitest';
import { clockAt, computeTicketFacts, resolutionStateAt, responseStateAt, slaSummary } from './sla-clock.ts';
import { CAL1 } from './test-fixtures.ts';
import { DEFAULT_SLA, type TimelineEvent } from './ticket-model.ts';

const z = (iso: string) => new Date(iso);
const ev = (at: string, kind: string, data: Record<string, unknown> = {}): TimelineEvent => ({ at: z(at), kind, data });
const status = (at: string, to: string) => ev(at, 'status', { to });
const facts = (created: string, events: TimelineEvent[], asOf: string, priority: 'p2' | 'p3' = 'p3') =>
  computeTicketFacts({
    createdAt: z(created),
    events: [ev(created, 'created'), ...events],
    targets: DEFAULT_SLA[priority],
    calendar: CAL1,
    asOf: z(asOf),
  });

describe('the SLA clock on CAL-1', () => {
  it('AT-17: a P3 raised Friday 16:30 BST is due for response Monday 09:30 BST and resolution Tuesday 14:30 BST', () => {
    const f = facts('2026-10-16T15:30:00Z', [], '2026-10-16T15:31:00Z');
    expect(f.response.dueAt?.toISOString()).toBe('2026-10-19T08:30:00.000Z');
    expect(f.resolution.dueAt?.toISOString()).toBe('2026-10-20T13:30:00.000Z');
  });

  it('AT-18: a P2 raised the Friday before half-term is due the Monday after, across the clock change', () => {
    const f = facts('2026-10-23T14:00:00Z', [], '2026-10-23T14:00:00Z', 'p2');
    expect(f.response.dueAt?.toISOString()).toBe('2026-10-23T15:00:00.000Z');
    expect(f.resolution.dueAt?.toISOString()).toBe('2026-11-02T14:00:00.000Z');
    // Still open on Monday 2 Nov: 120 minutes on Friday, none in half-term, 120 on Monday (GMT now).
    const later = facts('2026-10-23T14:00:00Z', [], '2026-11-02T10:00:00Z', 'p2');
    expect(clockAt(later, z('2026-11-02T10:00:00Z'))).toBe(240);
    expect(resolutionStateAt(later, z('2026-11-02T10:00:00Z'))).toBe('pending');
    expect(responseStateAt(later, z('2026-11-02T10:00:00Z'))).toBe('breached');
    const after = facts('2026-10-23T14:00:00Z', [], '2026-11-02T14:01:00Z', 'p2');
    expect(resolutionStateAt(after, z('2026-11-02T14:00:00Z'))).toBe('pending');
    expect(resolutionStateAt(after, z('2026-11-02T14:01:00Z'))).toBe('breached');
  });

  it('AT-19: a bank holiday is skipped (Early May bank holiday 2027)', () => {
    // Friday 30 Apr 16:00 BST: 60 minutes on Friday, Monday 3 May is a bank holiday, 60 on Tuesday.
    const f = facts('2027-04-30T15:00:00Z', [], '2027-04-30T15:00:00Z');
    expect(f.response.dueAt?.toISOString()).toBe('2027-05-04T08:00:00.000Z');
  });

  it('AT-20: waiting on the requester pauses the clock; 420 working minutes over 50 hours', () => {
    const f = facts(
      '2026-11-02T09:00:00Z',
      [
        ev('2026-11-02T09:30:00Z', 'agent_reply'),
        status('2026-11-02T10:00:00Z', 'waiting_requester'),
        ev('2026-11-03T14:00:00Z', 'requester_reply'),
        status('2026-11-03T14:00:00Z', 'open'),
        status('2026-11-04T11:00:00Z', 'resolved'),
      ],
      '2026-11-10T00:00:00Z',
    );
    const resolved = f.resolutions[0] as Date;
    expect(clockAt(f, resolved)).toBe(60 + 180 + 180);
    expect((resolved.getTime() - f.createdAt.getTime()) / 3600000).toBe(50);
    // While paused, no resolution due date is shown; after resuming it moves out by the pause.
    const paused = facts('2026-11-02T09:00:00Z', [status('2026-11-02T10:00:00Z', 'waiting_requester')], '2026-11-03T09:00:00Z');
    expect(slaSummary(paused)).toMatchObject({ paused: true, resolutionDueAt: null });
    const resumed = facts(
      '2026-11-02T09:00:00Z',
      [status('2026-11-02T10:00:00Z', 'waiting_requester'), status('2026-11-03T14:00:00Z', 'open')],
      '2026-11-03T15:00:00Z',
    );
    // 960 - 60 = 900 from Tue 14:00: 180 Tue, 540 Wed, 180 Thu -> Thu 5 Nov 11:00.
    expect(resumed.resolution.dueAt?.toISOString()).toBe('2026-11-05T11:00:00.000Z');
  });

  it('AT-20: two pause cycles add up', () => {
    const f = facts(
      '2026-11-10T09:00:00Z',
      [
        status('2026-11-10T10:00:00Z', 'waiting_requester'),
        status('2026-11-10T11:00:00Z', 'open'),
        status('2026-11-10T12:00:00Z', 'waiting_requester'),
        status('2026-11-10T15:00:00Z', 'open'),
        status('2026-11-10T16:00:00Z', 'resolved'),
      ],
      '2026-11-11T00:00:00Z',
    );
    expect(clockAt(f, f.resolutions[0] as Date)).toBe(180);
  });

  it('AT-21: only a public human agent reply is a first response', () => {
    const f = facts(
      '2026-11-10T09:00:00Z',
      [
        ev('2026-11-10T09:00:00Z', 'auto_ack'),
        ev('2026-11-10T09:05:00Z', 'note'),
        ev('2026-11-10T09:10:00Z', 'assigned', { to: 'x' }),
        status('2026-11-10T09:15:00Z', 'open'),
        ev('2026-11-10T09:20:00Z', 'agent_reply', { public: false }),
        ev('2026-11-10T09:40:00Z', 'agent_reply', { channel: 'email' }),
      ],
      '2026-11-10T12:00:00Z',
    );
    expect(f.firstResponseAt?.toISOString()).toBe('2026-11-10T09:40:00.000Z');
    expect(slaSummary(f)).toMatchObject({ responseMinutes: 40, responseState: 'met', agentReplies: 1 });
  });

  it('AT-23: a requester update before the first response does not move the response due date', () => {
    const before = facts('2026-11-10T09:00:00Z', [], '2026-11-10T09:10:00Z');
    const after = facts('2026-11-10T09:00:00Z', [ev('2026-11-10T09:10:00Z', 'requester_reply')], '2026-11-10T09:20:00Z');
    expect(after.response.dueAt).toEqual(before.response.dueAt);
    expect(after.response.dueAt?.toISOString()).toBe('2026-11-10T11:00:00.000Z');
  });

  it('a reopen adds the reopened time and excludes the resolved time (AT-24 ticket D)', () => {
    const f = facts(
      '2026-11-11T13:00:00Z',
      [
        ev('2026-11-11T13:10:00Z', 'agent_reply'),
        ev('2026-11-11T14:00:00Z', 'agent_reply'),
        status('2026-11-11T14:00:00Z', 'resolved'),
        status('2026-11-12T09:00:00Z', 'open'),
        status('2026-11-12T09:30:00Z', 'resolved'),
      ],
      '2026-11-16T00:00:00Z',
    );
    expect(f.reopens).toHaveLength(1);
    expect(clockAt(f, f.resolutions[1] as Date)).toBe(90);
    expect(resolutionStateAt(f, z('2026-11-16T00:00:00Z'))).toBe('met');
  });
});
