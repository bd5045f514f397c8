import type { Db } from '../../../db/connect.ts';
import { type EventRow, forEachEventPage, selectEventsById } from '../db/detect-queries.ts';
import type { SigmaRule } from '../sigma/sigma-rule.ts';
import { type AlertCandidate, evidenceEvents, type Severity } from './alert-candidate.ts';

/** Runs the single-event Sigma rules over every event in the period, a page at a time. */

const PAGE = 20_000;
const LEVEL: Record<string, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

export async function detectSigma(db: Db, rules: SigmaRule[], from: Date, to: Date): Promise<AlertCandidate[]> {
  if (rules.length === 0) return [];
  const groups = new Map<string, { rule: SigmaRule; ids: number[]; identifiers: Set<string> }>();
  const reads = [...new Set(rules.flatMap((r) => r.reads))];
  await forEachEventPage(db, from, to, PAGE, reads, (page) => {
    for (const e of page) {
      for (const rule of rules) {
        const m = rule.match(e);
        if (!m.matched) continue;
        const key = `sigma:${rule.id}:${e.user}:${e.ts.toISOString().slice(0, 10)}`;
        const g = groups.get(key) ?? { rule, ids: [], identifiers: new Set<string>() };
        g.ids.push(e.id);
        for (const i of m.identifiers) g.identifiers.add(i);
        groups.set(key, g);
      }
    }
  });
  const out: AlertCandidate[] = [];
  for (const [key, g] of groups) {
    const events = (await selectEventsById(db, g.ids.slice(0, 200))).sort((a, b) => a.ts.getTime() - b.ts.getTime());
    const first = events[0] as EventRow;
    out.push({
      dedupKey: key,
      type: 'sigma' as const,
      source: 'sigma',
      severity: LEVEL[g.rule.level] ?? 'medium',
      title: `${g.rule.title}: ${first.user}`,
      summary: `${g.ids.length} event${g.ids.length > 1 ? 's' : ''} matched the Sigma rule "${g.rule.title}" by ${g.rule.author} (${g.rule.license}).`,
      users: [first.user],
      ips: [...new Set(events.map((e) => e.ip).filter((x): x is string => !!x))],
      firstSeen: first.ts,
      lastSeen: (events[events.length - 1] as EventRow).ts,
      evidence: {
        rule: {
          id: g.rule.id,
          title: g.rule.title,
          author: g.rule.author,
          license: g.rule.license,
          level: g.rule.level,
          origin: g.rule.origin,
          references: g.rule.references,
        },
        matchedIdentifiers: [...g.identifiers],
        ...evidenceEvents(events),
        eventCount: g.ids.length,
      },
    });
  }
  return out;
}
