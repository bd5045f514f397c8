import type { WifiThresholds } from '../wifi-settings.ts';
import { type Cell, leaveOneOut, type RowResult } from './leave-one-out.ts';
import type { PairCount, StageCounts, WifiData } from './types.ts';
import { poissonUpperTail } from './wifi-stats.ts';

/**
 * Research §7.2 steps 3 and 5: which devices are bad. A device is judged against the APs it used,
 * each at that AP's rate without the device; it is flagged when it fails far more than expected
 * on at least two APs (or on one where its peers connect normally). Devices that share a model and
 * fail together make a device-class finding.
 *
 * Stage by stage: where a place finding (an AP, its building, the site) explains failures, it
 * explains those at its own stages only (the stages that hold at least a quarter of that AP's
 * failures). Those attempts are set aside; the device's other attempts there still count, so an
 * AP that fails everyone at DHCP hides no device that fails at association. A device left with
 * fewer than `minClientAttempts` once explained failures are set aside is not judged, and counted.
 */

/** The share of an AP's failures a stage needs to be one its finding explains. */
export const EXPLAINED_STAGE_SHARE = 0.25;

/** For each AP a place finding explains, which of its stages (assoc, auth, dhcp, dns) that covers. */
export function explainedStages(pairs: readonly PairCount[], excludedAps: ReadonlySet<number>): Map<number, boolean[]> {
  const byAp = new Map<number, StageCounts>();
  for (const p of pairs) {
    if (!excludedAps.has(p.a)) continue;
    const s = byAp.get(p.a) ?? [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) s[i] = (s[i] as number) + (p.s[i] as number);
    byAp.set(p.a, s);
  }
  const out = new Map<number, boolean[]>();
  for (const a of excludedAps) {
    const s = byAp.get(a) ?? [0, 0, 0, 0];
    const total = s.reduce((x, y) => x + y, 0);
    // An AP explained without failures of its own (a building's quiet AP) explains every stage.
    out.set(
      a,
      s.map((v) => total === 0 || v >= EXPLAINED_STAGE_SHARE * total),
    );
  }
  return out;
}

/** A pair without the attempts that failed at a stage its AP's finding explains. */
function unexplained(p: PairCount, explained: boolean[] | undefined): PairCount {
  if (!explained) return p;
  let n = p.n;
  let k = p.k;
  const s = [...p.s] as StageCounts;
  for (let i = 0; i < 4; i++)
    if (explained[i]) {
      n -= s[i] as number;
      k -= s[i] as number;
      s[i] = 0;
    }
  return { ...p, n, k, s };
}

/** One AP a device used; `setAside` the stages (0 assoc .. 3 dns) whose failures there a place finding explains. */
export type ClientAp = { a: number; n: number; k: number; peerRate: number; setAside?: number[] };
export type ClientResult = RowResult & { tested: boolean; flagged: boolean; aps: ClientAp[]; failingAps: number };
export type ClassResult = {
  device: string;
  members: number[];
  devices: number;
  n: number;
  k: number;
  s: StageCounts;
  expected: number;
  ratio: number;
  p: number;
  failingAps: number;
  breadth: number;
  flagged: boolean;
};

export function judgeClients(
  data: WifiData,
  pairs: PairCount[],
  p0: number,
  t: WifiThresholds,
  excludedAps: ReadonlySet<number>,
) {
  const explained = explainedStages(pairs, excludedAps);
  const cells: Cell[] = pairs
    .map((p) => unexplained(p, explained.get(p.a)))
    .filter((p) => p.n > 0)
    .map((p) => ({ row: p.c, col: p.a, n: p.n, k: p.k, s: p.s }));
  const apN = new Map<number, number>();
  const apK = new Map<number, number>();
  const pairBy = new Map<number, Map<number, { n: number; k: number }>>();
  for (const c of cells) {
    apN.set(c.col, (apN.get(c.col) ?? 0) + c.n);
    apK.set(c.col, (apK.get(c.col) ?? 0) + c.k);
    const m = pairBy.get(c.row) ?? new Map<number, { n: number; k: number }>();
    const e = m.get(c.col) ?? { n: 0, k: 0 };
    e.n += c.n;
    e.k += c.k;
    m.set(c.col, e);
    pairBy.set(c.row, m);
  }
  const tested = (r: { n: number; row?: number }) => r.n >= t.minClientAttempts;
  const base = leaveOneOut(
    cells.filter((c) => !data.clients[c.row]?.anonymous),
    { baseline: p0, alpha: t.smoothing, tested },
  );
  const results: ClientResult[] = base.map((r) => {
    const aps = [...(pairBy.get(r.row) ?? new Map()).entries()]
      .map(([a, e]) => {
        const rest = (apN.get(a) ?? 0) - e.n;
        const aside = explained.get(a);
        return {
          a,
          n: e.n,
          k: e.k,
          peerRate: rest > 0 ? ((apK.get(a) ?? 0) - e.k) / rest : Number.NaN,
          ...(aside ? { setAside: aside.flatMap((x, i) => (x ? [i] : [])) } : {}),
        };
      })
      .sort((x, y) => x.a - y.a);
    const failing = aps.filter((x) => x.k > 0);
    const isTested = tested(r);
    const spread = failing.length >= 2 || (failing.length === 1 && (failing[0]?.peerRate ?? 1) < p0 + t.peerMargin);
    const flagged = isTested && r.k >= t.minClientFailures && r.ratio >= t.clientRatio && r.adjustedP < t.clientP && spread;
    return { ...r, tested: isTested, flagged, aps, failingAps: failing.length };
  });

  const groups = new Map<string, ClientResult[]>();
  for (const r of results) {
    const device = data.clients[r.row]?.device;
    if (!device || !r.tested) continue;
    const list = groups.get(device);
    if (list) list.push(r);
    else groups.set(device, [r]);
  }
  const classes: ClassResult[] = [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([device, members]) => {
      // Leave the class out: each AP's rate without any device of this class.
      const rows = new Set(members.map((m) => m.row));
      const outN = new Map(apN);
      const outK = new Map(apK);
      for (const c of cells)
        if (rows.has(c.row)) {
          outN.set(c.col, (outN.get(c.col) ?? 0) - c.n);
          outK.set(c.col, (outK.get(c.col) ?? 0) - c.k);
        }
      let expected = 0;
      for (const m of members)
        for (const x of m.aps)
          expected += x.n * (((outK.get(x.a) ?? 0) + t.smoothing * p0) / ((outN.get(x.a) ?? 0) + t.smoothing || 1));
      const n = members.reduce((s, m) => s + m.n, 0);
      const k = members.reduce((s, m) => s + m.k, 0);
      const stages: StageCounts = [0, 0, 0, 0];
      for (const m of members) for (let i = 0; i < 4; i++) stages[i] = (stages[i] as number) + (m.s[i] as number);
      const failingAps = new Set(members.flatMap((m) => m.aps.filter((x) => x.k > 0).map((x) => x.a))).size;
      const ratio = expected > 0 ? k / expected : 0;
      const p = poissonUpperTail(k, expected);
      const perDevice = (m: ClientResult) => {
        const e = m.aps.reduce(
          (s, x) => s + x.n * (((outK.get(x.a) ?? 0) + t.smoothing * p0) / ((outN.get(x.a) ?? 0) + t.smoothing || 1)),
          0,
        );
        return e > 0 ? m.k / e : 0;
      };
      const breadth = members.filter((m) => perDevice(m) >= 2).length / members.length;
      const flagged =
        members.length >= t.classMinDevices &&
        ratio >= t.classRatio &&
        p < t.clientP &&
        failingAps >= t.classMinAps &&
        breadth >= t.classBreadth;
      return {
        device,
        members: members.map((m) => m.row),
        devices: members.length,
        n,
        k,
        s: stages,
        expected,
        ratio,
        p,
        failingAps,
        breadth,
        flagged,
      };
    });
  const inBadClass = new Set(classes.filter((c) => c.flagged).flatMap((c) => c.members));
  // Devices with enough attempts before explained failures (outage bursts, place faults) were set aside, and too few after.
  const rawN = new Map<number, number>();
  for (const p of data.pairs) if (!data.clients[p.c]?.anonymous) rawN.set(p.c, (rawN.get(p.c) ?? 0) + p.n);
  const judgedN = new Map(results.map((r) => [r.row, r.n]));
  const unjudged = [...rawN].filter(([c, n]) => n >= t.minClientAttempts && (judgedN.get(c) ?? 0) < t.minClientAttempts).length;
  return { results, classes, flagged: results.filter((r) => r.flagged && !inBadClass.has(r.row)), unjudged };
}
