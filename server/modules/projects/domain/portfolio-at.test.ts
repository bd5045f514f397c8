import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { readPortfolioAt, readRisksAt } from './portfolio-at.ts';
import { createProject, updateProject } from './projects.ts';
import { createRisk, reviewRisk, updateRisk } from './risks.ts';

const money = { capitalBudget: 0, capitalCommitted: 0, capitalSpent: 0, revenueBudget: 0, revenueCommitted: 0, revenueSpent: 0 };

describeEachDatabase('the portfolio and the risks as they stood at an instant', (t) => {
  const at = (iso: string) => t.ctx(undefined, iso);
  beforeAll(async () => {
    const a = await createProject(at('2026-05-01T09:00:00Z'), {
      name: 'Firewall',
      summary: '',
      ownerName: 'Priya',
      status: 'active',
      rag: 'green',
      dependsOn: [],
      ...money,
      capitalBudget: 1_000_000,
      capitalSpent: 200_000,
    });
    await updateProject(at('2026-06-10T09:00:00Z'), a.id, { rag: 'red', ragReason: 'Hardware late', capitalSpent: 1_200_000 });
    await updateProject(at('2026-09-10T09:00:00Z'), a.id, { rag: 'green', ragReason: null });
    const b = await createProject(at('2026-05-02T09:00:00Z'), {
      name: 'Laptops',
      summary: '',
      ownerName: 'Tom',
      status: 'active',
      rag: 'amber',
      ragReason: 'Prices up',
      dependsOn: [],
      ...money,
      revenueBudget: 500_000,
    });
    await updateProject(at('2026-07-01T09:00:00Z'), b.id, { status: 'completed' });
    const r1 = await createRisk(at('2026-04-01T09:00:00Z'), {
      title: 'Ransomware',
      category: 'cyber',
      likelihood: 3,
      impact: 5,
      ownerName: 'Sam',
      mitigations: [],
      reviewEveryDays: 90,
      status: 'open',
    });
    await reviewRisk(at('2026-06-01T09:00:00Z'), r1.id, { likelihood: 4, impact: 5 });
    const r2 = await createRisk(at('2026-05-01T09:00:00Z'), {
      title: 'Single internet line',
      category: 'infrastructure',
      likelihood: 2,
      impact: 4,
      ownerName: 'Priya',
      mitigations: [],
      reviewEveryDays: 90,
      status: 'open',
    });
    await updateRisk(at('2026-06-20T09:00:00Z'), r2.id, { status: 'closed' });
  });

  it('counts RAG and money over the projects live then', async () => {
    const june = await readPortfolioAt(at('2026-12-01T09:00:00Z'), new Date('2026-06-30T12:00:00Z'));
    expect(june.live.map((p) => [p.name, p.rag, p.ragReason])).toEqual([
      ['Firewall', 'red', 'Hardware late'],
      ['Laptops', 'amber', 'Prices up'],
    ]);
    expect(june.rag).toEqual({ green: 0, amber: 1, red: 1 });
    expect([june.totals.totalBudget, june.totals.totalSpent, june.live[0]?.budget.overBudget]).toEqual([
      1_500_000,
      1_200_000,
      true,
    ]);
    const july = await readPortfolioAt(at('2026-12-01T09:00:00Z'), new Date('2026-07-15T12:00:00Z'));
    expect(july.live.map((p) => p.name)).toEqual(['Firewall']);
    const april = await readPortfolioAt(at('2026-12-01T09:00:00Z'), new Date('2026-04-15T12:00:00Z'));
    expect(april.live).toEqual([]);
  });

  it('gives open risks with their score then and their movement since', async () => {
    const risks = await readRisksAt(at('2026-12-01T09:00:00Z'), {
      at: new Date('2026-06-15T12:00:00Z'),
      since: new Date('2026-04-15T12:00:00Z'),
    });
    expect(risks.map((r) => [r.title, r.score, r.rating, r.scoreBefore, r.movement])).toEqual([
      ['Ransomware', 20, 'critical', 15, 'up'],
      ['Single internet line', 8, 'medium', null, 'new'],
    ]);
    const later = await readRisksAt(at('2026-12-01T09:00:00Z'), {
      at: new Date('2026-07-15T12:00:00Z'),
      since: new Date('2026-06-15T12:00:00Z'),
    });
    expect(later.map((r) => [r.title, r.movement])).toEqual([['Ransomware', 'same']]);
  });
});
