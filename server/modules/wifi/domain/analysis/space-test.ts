import { wilson } from '../../../../lib/stats.ts';
import type { WifiThresholds } from '../wifi-settings.ts';
import { type Cell, leaveOneOut, type RowResult } from './leave-one-out.ts';
import type { PairCount, WifiData } from './types.ts';

/**
 * Research §7.2 steps 2 and 4: which places are bad. Access points by the leave-clients-out test;
 * a building when most of its APs are flagged (or its other APs, pooled, fail too); a site when
 * its rate is well above normal in most buildings for many devices; SSIDs and bands the same way
 * as APs, once the places already explained are set aside.
 */

export type SpaceResult = RowResult & { flagged: boolean; breadth: number; tested: boolean };
export type BuildingResult = {
  code: string;
  name: string;
  aps: number[];
  judged: number[];
  flaggedAps: number[];
  pooled: SpaceResult | null;
  general: boolean;
  rule: 'most-aps' | 'pooled' | null;
};
export type SiteResult = {
  site: string;
  n: number;
  k: number;
  clients: number;
  failing: number;
  buildingsElevated: string[];
  buildingsJudged: string[];
  pRef: number;
  general: boolean;
};
export type Judged = {
  aps: SpaceResult[];
  buildings: BuildingResult[];
  sites: SiteResult[];
  ssids: { values: string[]; results: SpaceResult[] };
  bands: { values: string[]; results: SpaceResult[] };
  /** APs whose failures are explained by a place finding: the device test leaves them out. */
  excludedAps: Set<number>;
};

function judge(cells: Cell[], p0: number, t: WifiThresholds, anonymous: Set<number>, breadthNeeded: number): SpaceResult[] {
  const tested = (r: { n: number; cols: number }) => r.n >= t.minApAttempts && r.cols >= t.minApClients;
  return leaveOneOut(cells, { baseline: p0, alpha: t.smoothing, baselineCols: anonymous, tested }).map((r) => {
    const isTested = tested(r);
    const breadth = r.cols ? r.failingCols / r.cols : 0;
    const flagged =
      isTested && r.ratio >= t.apRatio && r.adjustedP < t.fdr && r.ci.lower > p0 + t.apMargin && breadth >= breadthNeeded;
    return { ...r, breadth, flagged, tested: isTested };
  });
}

function byValue(pairs: PairCount[], pick: (p: PairCount) => string, t: WifiThresholds, p0: number, anonymous: Set<number>) {
  const volume = new Map<string, number>();
  for (const p of pairs) volume.set(pick(p), (volume.get(pick(p)) ?? 0) + p.n);
  const values = [...volume.keys()].filter((v) => v !== '').sort();
  if (values.filter((v) => (volume.get(v) ?? 0) >= t.minApAttempts).length < 2) return { values, results: [] };
  const cells = pairs
    .filter((p) => pick(p) !== '')
    .map((p) => ({ row: values.indexOf(pick(p)), col: p.c, n: p.n, k: p.k, s: p.s }));
  return { values, results: judge(cells, p0, t, anonymous, t.apBreadth) };
}

export function judgeSpace(data: WifiData, pairs: PairCount[], p0: number, t: WifiThresholds): Judged {
  const anonymous = new Set(data.clients.flatMap((c, i) => (c.anonymous ? [i] : [])));
  const aps = judge(
    pairs.map((p) => ({ row: p.a, col: p.c, n: p.n, k: p.k, s: p.s })),
    p0,
    t,
    anonymous,
    t.apBreadth,
  );
  const flaggedAps = new Set(aps.filter((r) => r.flagged).map((r) => r.row));

  const codes = [...new Set(data.aps.map((a) => a.building).filter((b): b is string => !!b))].sort();
  const pooled = judge(
    pairs
      .filter((p) => !flaggedAps.has(p.a) && data.aps[p.a]?.building)
      .map((p) => ({ row: codes.indexOf(data.aps[p.a]?.building as string), col: p.c, n: p.n, k: p.k, s: p.s })),
    p0,
    t,
    anonymous,
    t.buildingBreadth,
  );
  const buildings: BuildingResult[] = codes.map((code, i) => {
    const members = data.aps.flatMap((a, ai) => (a.building === code ? [ai] : []));
    const judged = aps.filter((r) => r.tested && members.includes(r.row)).map((r) => r.row);
    const flagged = judged.filter((a) => flaggedAps.has(a));
    const pool = pooled.find((r) => r.row === i) ?? null;
    const mostAps = flagged.length >= 2 && flagged.length / Math.max(1, judged.length) >= t.buildingShare;
    const general = mostAps || !!pool?.flagged;
    return {
      code,
      name: data.aps[members[0] as number]?.buildingName ?? code,
      aps: members,
      judged,
      flaggedAps: flagged,
      pooled: pool,
      general,
      rule: mostAps ? 'most-aps' : pool?.flagged ? 'pooled' : null,
    };
  });

  const pRef = data.reference.n >= t.minReferenceAttempts ? data.reference.k / data.reference.n : t.normalFailureRate;
  const siteOf = (a: number) => data.aps[a]?.school ?? 'all';
  const sites = [...new Set(data.aps.map((_, i) => siteOf(i)))].sort().map((site): SiteResult => {
    const own = pairs.filter((p) => siteOf(p.a) === site);
    const clients = new Set(own.map((p) => p.c));
    const failing = new Set(own.filter((p) => p.k > 0).map((p) => p.c));
    const n = own.reduce((s, p) => s + p.n, 0);
    const k = own.reduce((s, p) => s + p.k, 0);
    const inSite = buildings.filter((b) => b.aps.some((a) => siteOf(a) === site));
    const judgedB: string[] = [];
    const elevated: string[] = [];
    for (const b of inSite) {
      const bp = own.filter((p) => data.aps[p.a]?.building === b.code);
      const bn = bp.reduce((s, p) => s + p.n, 0);
      if (bn < t.minApAttempts) continue;
      judgedB.push(b.code);
      if (
        wilson(
          bp.reduce((s, p) => s + p.k, 0),
          bn,
        ).lower > pRef
      )
        elevated.push(b.code);
    }
    const general =
      n >= t.minApAttempts &&
      wilson(k, n).lower > t.siteRatio * pRef &&
      (judgedB.length === 0 || elevated.length / judgedB.length >= 0.5) &&
      failing.size / Math.max(1, clients.size) >= t.siteBreadth;
    return {
      site,
      n,
      k,
      clients: clients.size,
      failing: failing.size,
      buildingsElevated: elevated,
      buildingsJudged: judgedB,
      pRef,
      general,
    };
  });

  const excludedAps = new Set(flaggedAps);
  for (const b of buildings) if (b.general) for (const a of b.aps) excludedAps.add(a);
  for (const s of sites) if (s.general) for (let a = 0; a < data.aps.length; a++) if (siteOf(a) === s.site) excludedAps.add(a);
  const rest = pairs.filter((p) => !excludedAps.has(p.a));
  return {
    aps,
    buildings,
    sites,
    ssids: byValue(rest, (p) => p.ssid, t, p0, anonymous),
    bands: byValue(rest, (p) => p.band, t, p0, anonymous),
    excludedAps,
  };
}
