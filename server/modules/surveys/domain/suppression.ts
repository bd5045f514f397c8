/**
 * Small-group suppression (research §2.7): a group with fewer respondents than the threshold is
 * suppressed, and when its audience total is shown, enough other groups are withheld too that
 * the hidden ones cannot be recovered by subtraction (complementary suppression): at least two
 * groups hidden, adding up to at least the threshold. Within a shown group, an answer chosen by
 * fewer than 5 people is "<5" unless the group has 30 or more; with any such cell hidden, only
 * the merged categories are given, again with a second cell withheld if one alone would be.
 */

export const CELL_MIN = 5;
export const CELL_FREE_GROUP = 30;

export type GroupSize = { key: string; n: number };
export type Suppressed = Map<string, 'small' | 'complementary'>;

/** Which segment groups to withhold, given the visible total. `total` is the audience total's n. */
export function suppressGroups(groups: readonly GroupSize[], total: number, threshold: number): Suppressed {
  const out: Suppressed = new Map();
  for (const g of groups) if (g.n < threshold) out.set(g.key, 'small');
  if (total < threshold) return out;
  const hiddenSum = () => groups.filter((g) => out.has(g.key)).reduce((a, g) => a + g.n, 0);
  // Groups with no respondents reveal nothing by subtraction.
  const hidden = () => groups.filter((g) => out.has(g.key) && g.n > 0).length;
  if (hidden() === 0) return out;
  const candidates = groups.filter((g) => !out.has(g.key) && g.n > 0).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key));
  while ((hidden() < 2 || hiddenSum() < threshold) && candidates.length) {
    const next = candidates.shift() as GroupSize;
    out.set(next.key, 'complementary');
  }
  return out;
}

/**
 * Which of `counts` may be shown: all when the group is large, else those of at least 5, and if
 * exactly one is hidden another (the smallest shown, non-zero) goes with it.
 */
export function visibleCells(counts: readonly number[], n: number): boolean[] {
  if (n >= CELL_FREE_GROUP) return counts.map(() => true);
  const show = counts.map((c) => c === 0 || c >= CELL_MIN);
  const hidden = show.filter((s) => !s).length;
  if (hidden === 1) {
    const next = counts
      .map((c, i) => ({ c, i }))
      .filter(({ c, i }) => show[i] && c > 0)
      .sort((a, b) => a.c - b.c || a.i - b.i)[0];
    if (next) show[next.i] = false;
  }
  return show;
}

export const SUPPRESSED_REASON = {
  small: (threshold: number) => `fewer than ${threshold} responses`,
  complementary: 'withheld so that a smaller group cannot be worked out',
} as const;
