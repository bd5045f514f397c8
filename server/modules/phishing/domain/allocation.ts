import type { Rng } from '../../../lib/random.ts';

/**
 * Lures allocated at random per recipient, stratified by group (research §7.4): inside each group
 * the members are shuffled and dealt the lures in turn from a random starting lure, so each group
 * gets every lure within one of each other and a lure's effect is not confounded with a department.
 */

export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function allocateLures<R extends { key: string; group: string }>(
  recipients: readonly R[],
  lureIds: readonly string[],
  rng: Rng,
): Map<string, string> {
  if (lureIds.length === 0) throw new Error('allocateLures needs at least one lure');
  const byGroup = new Map<string, R[]>();
  for (const r of recipients) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  const out = new Map<string, string>();
  // Groups in a fixed order, so a seed gives the same allocation whatever order they arrived in.
  for (const group of [...byGroup.keys()].sort()) {
    const members = shuffle(byGroup.get(group) ?? [], rng);
    const lures = shuffle(lureIds, rng);
    for (const [i, m] of members.entries()) out.set(m.key, lures[i % lures.length] as string);
  }
  return out;
}
