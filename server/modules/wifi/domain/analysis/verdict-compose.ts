import { type Analysis, ci, totals } from './counts.ts';
import { deviceFindings } from './findings-devices.ts';
import { placeFindings } from './findings-places.ts';
import { count, pct, plural, round } from './format.ts';
import type { Finding, PairCount, Scope, Verdict, VerdictKind } from './types.ts';
import { effectiveCount, gini, topShare } from './wifi-stats.ts';

/**
 * Puts the findings together: sorted, narrowed to the scope asked about (a complaint about one
 * AP or building), `insufficient-data` when that scope has too little data (never a guess), and
 * the verdict, headline, summary and notes around them.
 */

const KIND_ORDER = ['general', 'device-class', 'individual', 'insufficient-data'];
const SCOPE_ORDER = ['site', 'building', 'ap', 'ssid', 'band', 'device-class', 'client'];

function sortFindings(list: Finding[]): Finding[] {
  const metric = (f: Finding) => String(f.evidence.metric ?? '');
  return [...list].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) ||
      a.subject.localeCompare(b.subject) ||
      metric(a).localeCompare(metric(b)),
  );
}

function scopePairs(an: Analysis, scope: Scope): PairCount[] {
  const aps = an.data.aps;
  const at: Record<Scope['kind'], (p: PairCount) => boolean> = {
    site: () => true,
    school: (p) => aps[p.a]?.school === scope.value,
    building: (p) => aps[p.a]?.building?.toLowerCase() === scope.value.toLowerCase(),
    ap: (p) => aps[p.a]?.name.toLowerCase() === scope.value.toLowerCase(),
    ssid: (p) => p.ssid === scope.value,
    band: (p) => p.band === scope.value,
  };
  return an.data.pairs.filter(at[scope.kind]);
}

function insufficient(an: Analysis, scope: Scope | null): Finding | null {
  const t = an.t;
  const pairs = scope ? scopePairs(an, scope) : an.data.pairs;
  const tot = totals(pairs);
  const perPlace = !scope || scope.kind === 'site' || scope.kind === 'school';
  const needN = perPlace ? t.minSiteAttempts : t.minApAttempts;
  const needC = perPlace ? 1 : t.minApClients;
  const seen = new Set(pairs.map((p) => p.a));
  const judgedAps = an.space.aps.filter((r) => r.tested && seen.has(r.row)).length;
  if (tot.n >= needN && tot.clients >= needC && (!perPlace || judgedAps > 0)) return null;
  const subject = scope ? scope.value : 'all';
  return {
    kind: 'insufficient-data',
    scope: scope ? (scope.kind === 'school' ? 'site' : scope.kind) : 'site',
    subject,
    stage: null,
    clients: [],
    evidence: { attempts: tot.n, devices: tot.clients, needAttempts: needN, needDevices: needC, apsJudged: judgedAps },
    explanation: `${scope ? subject : 'The network'} saw only ${plural(tot.n, 'attempt')} from ${plural(tot.clients, 'device')} in this window; at least ${count(needN)} attempts from ${plural(needC, 'device')}${perPlace ? ' on an access point with enough data' : ''} are needed to judge it, so there is no verdict rather than a guess.`,
  };
}

/** Keeps the findings that bear on the scope; an individual finding keeps only the devices seen there. */
function narrow(an: Analysis, findings: Finding[], scope: Scope): Finding[] {
  const pairs = scopePairs(an, scope);
  const apIdx = new Set(pairs.map((p) => p.a));
  const names = new Set([...apIdx].map((a) => an.data.aps[a]?.name));
  const buildings = new Set([...apIdx].map((a) => an.data.aps[a]?.building));
  const schools = new Set([...apIdx].map((a) => an.data.aps[a]?.school ?? 'all'));
  const clientsSeen = new Set(pairs.map((p) => p.c));
  const clientKeys = new Set([...clientsSeen].map((c) => an.data.clients[c]?.macs.join(',')));
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.kind === 'individual') {
      const keep = f.clients.filter((c) => clientKeys.has(c.macs.join(',')));
      if (!keep.length) continue;
      const devices = (f.evidence.devices as { macs: string[] }[]).filter((d) => clientKeys.has(d.macs.join(',')));
      // One set of numbers: the explanation counts the devices seen in the scope, as the subject does.
      const one = keep.length === 1;
      const explanation = f.explanation
        .replace(/^(One device|[\d,]+ devices)( failed| had)/, `${one ? 'One device' : `${count(keep.length)} devices`}$2`)
        .replace(/\b(this device|these devices)\b/, one ? 'this device' : 'these devices');
      out.push({
        ...f,
        subject: plural(keep.length, 'device'),
        explanation,
        clients: keep,
        evidence: { ...f.evidence, devices },
      });
    } else if (f.kind === 'device-class') {
      const cls = an.clients.classes.find((c) => c.device === f.subject);
      if (cls?.members.some((c) => clientsSeen.has(c))) out.push(f);
    } else if (f.scope === 'ap' && names.has(f.subject)) out.push(f);
    else if (f.scope === 'building' && buildings.has(f.subject)) out.push(f);
    else if (f.scope === 'site' && (f.subject === 'all' || schools.has(f.subject))) out.push(f);
    else if (
      (f.scope === 'ssid' || f.scope === 'band') &&
      pairs.some((p) => (f.scope === 'ssid' ? p.ssid : p.band) === f.subject)
    )
      out.push(f);
  }
  return out;
}

function verdictKind(findings: Finding[]): VerdictKind {
  if (findings.some((f) => f.kind === 'insufficient-data')) return 'insufficient-data';
  const kinds = new Set(findings.map((f) => f.kind));
  if (kinds.size === 0) return 'no-issue';
  if (kinds.size > 1) return 'mixed';
  return [...kinds][0] as VerdictKind;
}

function headline(kind: VerdictKind, findings: Finding[], n: number, k: number): string {
  if (kind === 'no-issue')
    return `No issue: ${pct(n ? k / n : 0)} of ${count(n)} connection attempts failed, and no place, network or device stands out.`;
  if (kind === 'insufficient-data') return `Not enough data: ${findings[0]?.explanation ?? ''}`;
  const parts = findings.map((f) => {
    const metric = String(f.evidence.metric ?? '');
    if (f.kind === 'individual')
      return `${f.subject} ${metric === 'weak-signal' ? 'with a weak signal' : 'with problems of their own'}`;
    if (f.kind === 'device-class') return `a fault with ${f.subject} devices`;
    const what = f.scope === 'site' ? (f.subject === 'all' ? 'the whole network' : `the ${f.subject} site`) : f.subject;
    const how = { capacity: 'capacity', coverage: 'coverage', burst: 'an outage', connect: 'failures' }[metric] ?? 'failures';
    return `${how} at ${what}${f.stage ? ` (${f.stage})` : ''}`;
  });
  const label = { general: 'General problem', individual: 'Individual devices', 'device-class': 'Device class', mixed: 'Mixed' }[
    kind
  ];
  return `${label}: ${parts.join('; ')}.`;
}

export function composeVerdict(an: Analysis, scope: Scope | null): Verdict {
  const { data } = an;
  const lacking = insufficient(an, scope);
  let findings = sortFindings([...placeFindings(an), ...deviceFindings(an)]);
  if (scope) findings = narrow(an, findings, scope);
  if (lacking) findings = [lacking];
  const kind = verdictKind(findings);
  // Every figure of a narrowed verdict is about the scope: attempts, devices, access points, concentration.
  const scoped = scope ? scopePairs(an, scope) : data.pairs;
  const tot = totals(scoped);
  const perClient = new Map<number, { n: number; k: number }>();
  for (const p of scoped) {
    if (data.clients[p.c]?.anonymous) continue;
    const e = perClient.get(p.c) ?? { n: 0, k: 0 };
    e.n += p.n;
    e.k += p.k;
    perClient.set(p.c, e);
  }
  const fails = [...perClient.values()].map((e) => e.k);
  const top5 = topShare(fails);
  const g = gini([...perClient.values()].filter((e) => e.n >= 5).map((e) => e.k));
  const [lo, hi] = ci(tot.k, tot.n);
  const notes: string[] = [];
  if (an.baseline.source === 'window-median')
    notes.push('No reference period with enough data: the baseline is the median access point in the window itself.');
  if (an.bursts.length)
    notes.push(
      `${plural(an.bursts.length, 'outage burst')} explained ${count(an.bursts.reduce((s, b) => s + b.failures, 0))} failures; they are not held against access points or devices.`,
    );
  if (an.clients.unjudged)
    notes.push(
      `${an.clients.unjudged === 1 ? '1 device was' : `${count(an.clients.unjudged)} devices were`} not judged: once the failures an outage or an access point's own fault explains were set aside, ${an.clients.unjudged === 1 ? 'it had' : 'each had'} fewer than ${an.t.minClientAttempts} attempts left. A pupil who complains may be among them: look at their device's page.`,
    );
  const known = data.clients.filter((c) => !c.anonymous);
  if (known.length && known.every((c) => !c.identity) && known.filter((c) => c.randomised).length / known.length >= 0.2)
    notes.push(
      'Device identity unstable: many devices use private (randomised) addresses and no 802.1X identity was imported, so one device may be counted as several. Import RADIUS or controller data with user names.',
    );
  return {
    verdict: kind,
    headline: headline(kind, findings, tot.n, tot.k),
    window: { from: data.from, to: data.to },
    scope,
    baseline: {
      rate: round(an.baseline.rate),
      source: an.baseline.source,
      referenceDays: data.reference.days.length,
      referenceAttempts: data.reference.n,
    },
    summary: {
      attempts: tot.n,
      failures: tot.k,
      rate: tot.n ? round(tot.k / tot.n) : 0,
      ci: [round(lo), round(hi)],
      devices: tot.clients,
      devicesFailing: tot.failing,
      aps: new Set(scoped.map((p) => p.a)).size,
      top5share: round(top5),
      gini: round(g),
      effectiveFailingDevices: round(effectiveCount(fails), 1),
      concentration: top5 >= 0.5 || g >= 0.8 ? 'concentrated' : g <= 0.6 ? 'spread' : 'between',
    },
    notes,
    findings,
  };
}
