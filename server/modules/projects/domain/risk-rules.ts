/**
 * Risk scoring, pure. Score = likelihood x impact (1-5 each, so 1-25). Ratings on the usual
 * 5 x 5 matrix: 1-4 low, 5-9 medium, 10-14 high, 15-25 critical. The trend compares the latest
 * score with the one before it in the risk's history.
 */

export type RiskRating = 'low' | 'medium' | 'high' | 'critical';
export type RiskTrend = 'new' | 'rising' | 'falling' | 'steady';
export type ScorePoint = { at: Date; likelihood: number; impact: number };

export const riskScore = (likelihood: number, impact: number): number => likelihood * impact;

export function riskRating(score: number): RiskRating {
  if (score <= 4) return 'low';
  if (score <= 9) return 'medium';
  if (score <= 14) return 'high';
  return 'critical';
}

/** History oldest first. */
export function riskTrend(history: readonly ScorePoint[]): RiskTrend {
  const last = history.at(-1);
  const before = history.at(-2);
  if (!last || !before) return 'new';
  const now = riskScore(last.likelihood, last.impact);
  const then = riskScore(before.likelihood, before.impact);
  if (now > then) return 'rising';
  if (now < then) return 'falling';
  return 'steady';
}

/** The score the risk had at `instant` (history oldest first), or undefined if it did not exist yet. */
export function scoreAt(history: readonly ScorePoint[], instant: Date): number | undefined {
  let found: ScorePoint | undefined;
  for (const h of history) if (h.at <= instant) found = h;
  return found ? riskScore(found.likelihood, found.impact) : undefined;
}
