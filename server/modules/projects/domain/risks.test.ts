import { expect, it } from 'vitest';
import type { Actor } from '../../../lib/context.ts';
import { Forbidden } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createRisk, getRisk, listRisks, listRisksForAgenda, reviewRisk, updateRisk } from './risks.ts';

const it_: Actor = { kind: 'user', id: crypto.randomUUID(), email: 'p@t.example', name: 'Priya Raman', role: 'it' };
const slt: Actor = { kind: 'user', id: crypto.randomUUID(), email: 'h@t.example', name: 'Helen Fitzgerald', role: 'slt' };

describeEachDatabase('the risk register', (t) => {
  const at = (d: string, who: Actor = it_) => t.ctx(who, `${d}T09:00:00Z`);

  it('scores, reviews and trends a risk, and puts it on the agenda when it rises or is due', async () => {
    const ransomware = await createRisk(at('2026-09-01'), {
      title: 'Ransomware encrypts the file servers',
      category: 'cyber',
      likelihood: 3,
      impact: 5,
      mitigations: [{ text: 'Immutable off-site backups', inPlace: true }, { text: 'EDR on every server' }],
      reviewEveryDays: 60,
    });
    expect(ransomware).toMatchObject({
      code: 'R01',
      score: 15,
      rating: 'critical',
      trend: 'new',
      reviewOn: '2026-10-31',
      owner: { name: 'Priya Raman' },
    });
    const ups = await createRisk(at('2026-09-01'), {
      title: 'Comms room UPS batteries past their life',
      category: 'infrastructure',
      likelihood: 2,
      impact: 3,
      reviewOn: '2026-12-01',
    });
    const closed = await createRisk(at('2026-09-01'), {
      title: 'Old',
      category: 'supplier',
      likelihood: 5,
      impact: 5,
      reviewOn: '2026-09-02',
    });
    await updateRisk(at('2026-09-03'), closed.id, { status: 'closed', note: 'Supplier replaced' });

    // The last meeting was on 5 October. Since then the UPS risk rose to 3 x 3 on review.
    const reviewed = await reviewRisk(at('2026-10-20'), ups.id, {
      likelihood: 3,
      impact: 3,
      note: 'Two battery alarms this month',
    });
    expect(reviewed).toMatchObject({ score: 9, rating: 'medium', trend: 'rising', reviewOn: '2027-01-18' });
    const agenda = await listRisksForAgenda(at('2026-11-16'), {
      since: new Date('2026-10-05T09:00:00Z'),
      reviewBy: '2026-11-20',
    });
    expect(agenda.map((r) => [r.code, r.rising, r.scoreThen, r.score, r.dueForReview])).toEqual([
      ['R02', true, 6, 9, false],
      ['R01', false, 15, 15, true],
    ]);
    // Reviewed since, lower: falling and no longer due.
    await reviewRisk(at('2026-11-16'), ransomware.id, { likelihood: 2, impact: 5, note: 'EDR now on every server' });
    const after = await listRisksForAgenda(at('2026-11-16'), { since: new Date('2026-10-05T09:00:00Z'), reviewBy: '2026-11-20' });
    expect(after.map((r) => r.code)).toEqual(['R02']);
    const r1 = await getRisk(at('2026-11-16'), ransomware.id);
    expect([r1.trend, r1.score, r1.reviewOn, r1.history.map((h) => h.score)]).toEqual(['falling', 10, '2027-01-15', [15, 10]]);
    expect((await listRisks(at('2026-11-16', slt))).map((r) => r.code)).toEqual(['R03', 'R01', 'R02']);
  });

  it('lets SLT read the register but not change it', async () => {
    await expect(createRisk(at('2026-11-16', slt), { title: 'x', category: 'cyber', likelihood: 1, impact: 1 })).rejects.toThrow(
      Forbidden,
    );
    await expect(createRisk(at('2026-11-16'), { title: 'x', category: 'cyber', likelihood: 6, impact: 1 })).rejects.toThrow(
      /likelihood/,
    );
  });
});
