import { localParts, pad2 } from '../../../../lib/zoned-time.ts';
import { type Analysis, ci, totals } from './counts.ts';
import { ciPair, count, pct, plural, rate, round, roundP, STAGE_WORDS, stageName, stagesObject, times } from './format.ts';
import { dominantStage } from './leave-one-out.ts';
import type { SpaceResult } from './space-test.ts';
import type { Finding } from './types.ts';

/** Findings about places: access points, buildings, the site, SSIDs and bands, bursts, capacity, coverage. */

const stagePhrase = (s: number | null) => (s === null ? '' : `, mostly at the ${STAGE_WORDS[s]} stage`);

function connectEvidence(an: Analysis, r: SpaceResult) {
  return {
    metric: 'connect',
    attempts: r.n,
    failures: r.k,
    rate: rate(r.k, r.n),
    ci: ciPair(r.ci),
    expected: round(r.expected, 2),
    ratio: round(r.ratio, 2),
    pValue: roundP(r.p),
    adjustedP: roundP(r.adjustedP),
    baseline: round(an.baseline.rate),
    devices: r.cols,
    devicesFailing: r.failingCols,
    breadth: round(r.breadth),
    stages: stagesObject(r.s),
  };
}

function apFinding(an: Analysis, r: SpaceResult): Finding {
  const ap = an.data.aps[r.row];
  const stage = dominantStage(r.s);
  return {
    kind: 'general',
    scope: 'ap',
    subject: ap?.name ?? '',
    stage: stageName(stage),
    clients: [],
    evidence: { ...connectEvidence(an, r), building: ap?.building ?? null },
    explanation: `Access point ${ap?.name}${ap?.buildingName ? ` in ${ap.buildingName}` : ''} failed ${count(r.k)} of ${count(r.n)} connection attempts (${pct(r.rate)}, 95% CI ${pct(r.ci.lower)} to ${pct(r.ci.upper)})${stagePhrase(stage)}, ${times(r.ratio)} times what the same devices managed elsewhere, and ${pct(r.breadth)} of its ${plural(r.cols, 'device')} were affected: the access point is at fault, not the devices.`,
  };
}

function valueFinding(an: Analysis, scope: 'ssid' | 'band', value: string, r: SpaceResult): Finding {
  const stage = dominantStage(r.s);
  const what = scope === 'ssid' ? `The network name ${value}` : `The ${value} GHz band`;
  return {
    kind: 'general',
    scope,
    subject: value,
    stage: stageName(stage),
    clients: [],
    evidence: connectEvidence(an, r),
    explanation: `${what} failed ${count(r.k)} of ${count(r.n)} attempts (${pct(r.rate)})${stagePhrase(stage)}, ${times(r.ratio)} times what the same devices managed otherwise, for ${pct(r.breadth)} of its devices: a configuration problem with it, not with the devices or one place.`,
  };
}

export function placeFindings(an: Analysis): Finding[] {
  const { data, space } = an;
  const out: Finding[] = [];
  const generalSites = new Set(space.sites.filter((s) => s.general).map((s) => s.site));
  const siteOf = (a: number) => data.aps[a]?.school ?? 'all';
  const generalBuildings = new Set(space.buildings.filter((b) => b.general).map((b) => b.code));
  for (const s of space.sites.filter((x) => x.general)) {
    const own = an.pairs.filter((p) => siteOf(p.a) === s.site);
    const stage = dominantStage(sumStages(own));
    const [lo, hi] = ci(s.k, s.n);
    out.push({
      kind: 'general',
      scope: 'site',
      subject: s.site,
      stage: stageName(stage),
      clients: [],
      evidence: {
        metric: 'connect',
        attempts: s.n,
        failures: s.k,
        rate: rate(s.k, s.n),
        ci: [round(lo), round(hi)],
        referenceRate: round(s.pRef),
        buildingsElevated: s.buildingsElevated,
        buildingsJudged: s.buildingsJudged.length,
        devices: s.clients,
        devicesFailing: s.failing,
        breadth: round(s.failing / Math.max(1, s.clients)),
      },
      explanation: `Across the whole ${s.site === 'all' ? 'network' : `${s.site} site`}, ${pct(s.k / s.n)} of ${count(s.n)} attempts failed against ${pct(s.pRef)} normally${stagePhrase(stage)}, ${s.buildingsJudged.length ? `in ${count(s.buildingsElevated.length)} of ${count(s.buildingsJudged.length)} buildings and ` : ''}for ${pct(s.failing / Math.max(1, s.clients))} of all devices: a site-wide problem.`,
    });
  }
  for (const b of space.buildings.filter((x) => x.general && !generalSites.has(siteOf(x.aps[0] as number)))) {
    const own = an.pairs.filter((p) => data.aps[p.a]?.building === b.code);
    const t = totals(own);
    const stage = dominantStage(sumStages(own));
    const members = (b.rule === 'most-aps' ? b.flaggedAps : b.aps).map((a) => data.aps[a]?.name ?? '').sort();
    const [lo, hi] = ci(t.k, t.n);
    out.push({
      kind: 'general',
      scope: 'building',
      subject: b.code,
      stage: stageName(stage),
      clients: [],
      evidence: {
        metric: 'connect',
        name: b.name,
        rule: b.rule,
        members,
        apsJudged: b.judged.length,
        apsFlagged: b.flaggedAps.length,
        attempts: t.n,
        failures: t.k,
        rate: rate(t.k, t.n),
        ci: [round(lo), round(hi)],
        baseline: round(an.baseline.rate),
        devices: t.clients,
        devicesFailing: t.failing,
        breadth: round(t.failing / Math.max(1, t.clients)),
      },
      explanation: `${b.rule === 'most-aps' ? `${count(b.flaggedAps.length)} of ${count(b.judged.length)} access points` : 'The access points'} in ${b.name} failed ${pct(t.k / t.n)} of ${count(t.n)} attempts against ${pct(an.baseline.rate)} normally${stagePhrase(stage)}, for ${pct(t.failing / Math.max(1, t.clients))} of the devices there: a problem with the building's Wi-Fi, not with single access points or devices.`,
    });
  }
  for (const r of space.aps) {
    const ap = data.aps[r.row];
    if (!r.flagged || generalSites.has(siteOf(r.row)) || (ap?.building && generalBuildings.has(ap.building))) continue;
    out.push(apFinding(an, r));
  }
  for (const r of space.ssids.results.filter((x) => x.flagged))
    out.push(valueFinding(an, 'ssid', space.ssids.values[r.row] as string, r));
  for (const r of space.bands.results.filter((x) => x.flagged))
    out.push(valueFinding(an, 'band', space.bands.values[r.row] as string, r));
  return [...out, ...burstFindings(an), ...capacityFindingsOut(an), ...coverageFindingsOut(an)];
}

function sumStages(pairs: { s: number[] }[]): [number, number, number, number] {
  const s: [number, number, number, number] = [0, 0, 0, 0];
  for (const p of pairs) for (let i = 0; i < 4; i++) s[i] = (s[i] as number) + (p.s[i] as number);
  return s;
}

const clock = (ms: number, tz: string) => {
  const p = localParts(new Date(ms), tz);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
};

function burstFindings(an: Analysis): Finding[] {
  const tz = an.data.timeZone;
  return an.bursts.map((b) => {
    const from = clock(b.start, tz);
    const to = clock(b.end, tz);
    const day = new Date(b.start).toLocaleDateString('en-GB', { timeZone: tz, weekday: 'long', day: 'numeric', month: 'long' });
    const where = b.scope === 'site' ? (b.subject === 'all' ? 'the whole network' : `the ${b.subject} site`) : b.subject;
    const cause = b.coreService
      ? `the ${b.coreService} service failed, not the Wi-Fi`
      : `an outage of ${b.scope === 'ap' ? 'this access point' : where}`;
    return {
      kind: 'general' as const,
      scope: b.scope,
      subject: b.subject,
      stage: stageName(b.stage),
      clients: [],
      evidence: {
        metric: 'burst',
        from: new Date(b.start).toISOString(),
        to: new Date(b.end).toISOString(),
        window: `${from}–${to}`,
        devicesFailing: b.failingClients,
        apsFailing: b.aps,
        apsActive: b.apsActive,
        failures: b.failures,
        attempts: b.attempts,
        stages: stagesObject(b.stages),
        attributedTo: b.coreService ? `core services (${b.coreService})` : 'radio',
        threshold: b.threshold,
        medianBusyBin: b.medianBusyBin,
      },
      explanation: `Between ${from} and ${to} on ${day}, ${plural(b.failingClients, 'device')} failed${b.stage === null ? '' : ` at the ${STAGE_WORDS[b.stage]} stage`} on ${b.aps} of ${b.apsActive} access points at once in ${where}: ${cause}.`,
    };
  });
}

function capacityFindingsOut(an: Analysis): Finding[] {
  const { data, t } = an;
  const byBuilding = new Map<string, typeof an.capacity>();
  for (const c of an.capacity) {
    const b = data.aps[c.a]?.building;
    if (b) byBuilding.set(b, [...(byBuilding.get(b) ?? []), c]);
  }
  const folded = new Set<number>();
  const out: Finding[] = [];
  for (const [code, list] of [...byBuilding.entries()].sort()) {
    const inBuilding = data.aps.filter((a) => a.building === code).length;
    if (list.length < 2 || list.length / inBuilding < t.buildingShare) continue;
    for (const c of list) folded.add(c.a);
    const name = data.aps[list[0]?.a as number]?.buildingName ?? code;
    const peak = Math.max(...list.map((c) => c.peakClients));
    out.push({
      kind: 'general',
      scope: 'building',
      subject: code,
      stage: null,
      clients: [],
      evidence: {
        metric: 'capacity',
        name,
        members: list.map((c) => data.aps[c.a]?.name ?? '').sort(),
        rho: round(Math.min(...list.map((c) => c.rho)), 3),
        peakWindow: list[0]?.peakWindow,
        peakClients: peak,
        peakUtil: Math.max(...list.map((c) => c.peakUtil ?? 0)),
      },
      explanation: `${count(list.length)} of ${count(inBuilding)} access points in ${name} get worse as they get busier, around ${list[0]?.peakWindow} with up to ${count(peak)} devices on one access point: the building needs more Wi-Fi capacity at those times.`,
    });
  }
  for (const c of an.capacity.filter((x) => !folded.has(x.a))) {
    const ap = data.aps[c.a];
    out.push({
      kind: 'general',
      scope: 'ap',
      subject: ap?.name ?? '',
      stage: null,
      clients: [],
      evidence: {
        metric: 'capacity',
        building: ap?.building ?? null,
        rho: round(c.rho, 3),
        pValue: roundP(c.p),
        bins: c.bins,
        days: c.days,
        peakWindow: c.peakWindow,
        peakClients: c.peakClients,
        peakUtil: c.peakUtil === null ? null : round(c.peakUtil, 1),
        badRateQuiet: round(c.badRateQuiet),
        badRatePeak: round(c.badRatePeak),
      },
      explanation: `Access point ${ap?.name} gets worse as it gets busier (ρ = ${c.rho.toFixed(2)} over ${c.days} days): around ${c.peakWindow} it carried up to ${count(c.peakClients)} devices${c.peakUtil === null ? '' : ` at ${Math.round(c.peakUtil)}% channel utilisation`} and bad minutes rose from ${pct(c.badRateQuiet)} to ${pct(c.badRatePeak)}: a capacity problem at those times.`,
    });
  }
  return out;
}

function coverageFindingsOut(an: Analysis): Finding[] {
  return an.coverage.aps.map((c) => {
    const ap = an.data.aps[c.a];
    return {
      kind: 'general' as const,
      scope: 'ap',
      subject: ap?.name ?? '',
      stage: null,
      clients: [],
      evidence: {
        metric: 'coverage',
        building: ap?.building ?? null,
        readings: c.samples,
        weakReadings: c.weak,
        weakShare: round(c.weak / c.samples),
        weakBelowDbm: an.t.weakRssi,
        devices: c.clients,
        devicesAffected: c.clientsAffected,
        medianRssi: c.medianRssi === null ? null : round(c.medianRssi, 1),
      },
      explanation: `At access point ${ap?.name}, ${pct(c.weak / c.samples)} of signal readings were below ${an.t.weakRssi} dBm, for ${count(c.clientsAffected)} of ${plural(c.clients, 'device')}: a gap in coverage around this access point.`,
    };
  });
}
