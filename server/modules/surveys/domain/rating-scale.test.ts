import { describe, expect, it } from 'vitest';
import { describeCell } from './cell-stats.ts';
import { getScale, matchScaleLabel } from './scales.ts';

/**
 * Issue 13 item 11: a 0-10 rating ("How likely are you to recommend the IT help desk to a
 * colleague?") as a scale of its own: 9-10 favourable, 0-6 unfavourable, 7-8 neither (as the Net
 * Promoter Score counts promoters and detractors), the mean of the 0-10 values. Figures by hand.
 */

describe('the 0-10 rating scale', () => {
  const scale = getScale('rate11');

  it('reads the answers as exports write them: the number, or the end labels', () => {
    expect(
      ['0', '5', '10', '10 - Extremely likely', '0 (Not at all likely)', ' 7 '].map((t) => matchScaleLabel(scale, t)),
    ).toEqual([{ code: 1 }, { code: 6 }, { code: 11 }, { code: 11 }, { code: 1 }, { code: 8 }]);
    expect(matchScaleLabel(scale, '11')).toBeUndefined();
    expect(matchScaleLabel(scale, "Don't know")).toEqual({ na: true });
  });

  it('counts 9-10 as favourable, and gives the net score and the mean of the 0-10 values', () => {
    // 20 answers: 0 ×1, 3 ×1, 5 ×2, 6 ×2 (6 detractors); 7 ×3, 8 ×3 (6 passives); 9 ×4, 10 ×4 (8 promoters).
    const counts = [1, 0, 0, 1, 0, 2, 2, 3, 3, 4, 4];
    const cell = describeCell({
      segment: null,
      label: 'Staff',
      counts: { rate11: counts },
      notUsed: 0,
      respondents: 20,
      eligible: 40,
    });
    expect(cell.n).toBe(20);
    // % favourable = 8 / 20 = 40%; Wilson 95%: centre (0.4 + 1.96²/40) / (1 + 1.96²/20) = 0.41612,
    // half-width 1.96 · √(0.4 · 0.6 / 20 + 1.96² / 1600) / 1.19208 = 0.19731.
    expect(cell.favourable?.count).toBe(8);
    expect(cell.favourable?.pct).toBe(0.4);
    expect(cell.favourable?.lower).toBeCloseTo(0.2188, 4);
    expect(cell.favourable?.upper).toBeCloseTo(0.6134, 4);
    // Net score: 40% promoters - 30% detractors = +10.
    expect(cell.netScore).toBe(10);
    // Mean: (0 + 3 + 5·2 + 6·2 + 7·3 + 8·3 + 9·4 + 10·4) / 20 = 146 / 20 = 7.3, not the codes' 8.3.
    expect(cell.mean?.value).toBeCloseTo(7.3, 10);
    expect(cell.responseRate).toBe(0.5);
  });

  it('has no net score on a five-point scale', () => {
    const cell = describeCell({
      segment: null,
      label: 'Staff',
      counts: { satisfied5: [2, 3, 5, 6, 4] },
      notUsed: 0,
      respondents: 20,
      eligible: null,
    });
    expect([cell.favourable?.pct, cell.netScore]).toEqual([0.5, null]);
  });
});
