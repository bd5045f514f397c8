import { sql } from 'drizzle-orm';
import { sliceSizer, waitForQuiet } from '../../../db/background.ts';
import type { Db } from '../../../db/connect.ts';
import { selectVendorEventsBySource } from '../db/alert-queries.ts';
import { type EventRow, forEachEventPage, prefilterSql, selectEventsById } from '../db/detect-queries.ts';
import type { securityVendorEvents } from '../db/tables.ts';
import type { Prefilter } from '../sigma/sigma-prefilter.ts';
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

/**
 * Identity-protection rules (logsource azure/riskdetection) over the Entra ID Protection risk
 * detections imported in the period, matched on their Graph JSON (riskEventType, riskLevel ...).
 */
async function detectSigmaRisk(db: Db, rules: SigmaRule[], from: Date, to: Date): Promise<AlertCandidate[]> {
  if (rules.length === 0) return [];
  const groups = new Map<
    string,
    { rule: SigmaRule; rows: (typeof securityVendorEvents.$inferSelect)[]; identifiers: Set<string> }
  >();
  for (const v of await selectVendorEventsBySource(db, 'entra_id_protection', from, to)) {
    const probe = { raw: v.raw, user: v.userName ?? '', ip: v.ip, ts: v.ts } as unknown as EventRow;
    for (const rule of rules) {
      const m = rule.match(probe);
      if (!m.matched) continue;
      const key = `sigma:${rule.id}:${v.userName ?? v.ip ?? 'unknown'}:${v.ts.toISOString().slice(0, 10)}`;
      const g = groups.get(key) ?? { rule, rows: [], identifiers: new Set<string>() };
      g.rows.push(v);
      for (const i of m.identifiers) g.identifiers.add(i);
      groups.set(key, g);
    }
  }
  return [...groups].map(([key, g]) => {
    const rows = g.rows.sort((a, b) => a.ts.getTime() - b.ts.getTime());
    const first = rows[0] as (typeof rows)[number];
    const who = first.userName ?? first.ip ?? 'an unknown account';
    return {
      dedupKey: key,
      type: 'sigma' as const,
      source: 'sigma',
      severity: LEVEL[g.rule.level] ?? 'medium',
      title: `${g.rule.title}: ${who}`,
      summary: `${rows.length} Entra ID Protection risk detection${rows.length > 1 ? 's' : ''} (${[...new Set(rows.map((r) => r.displayName))].join(', ')}) matched the Sigma rule "${g.rule.title}" by ${g.rule.author} (${g.rule.license}).`,
      users: first.userName ? [first.userName] : [],
      ips: [...new Set(rows.map((r) => r.ip).filter((x): x is string => !!x))],
      firstSeen: first.ts,
      lastSeen: (rows[rows.length - 1] as (typeof rows)[number]).ts,
      evidence: {
        rule: ruleEvidence(g.rule),
        log: 'Entra ID Protection risk detections',
        matchedIdentifiers: [...g.identifiers],
        detections: rows.slice(0, 50).map((r) => ({ id: r.vendorId, type: r.eventType, at: r.ts.toISOString(), ip: r.ip })),
        eventCount: rows.length,
      },
    };
  });
}

/** What an alert's evidence says of the Sigma rule that raised it. */
const ruleEvidence = (r: SigmaRule) => ({
  id: r.id,
  title: r.title,
  author: r.author,
  license: r.license,
  level: r.level,
  origin: r.origin,
  references: r.references,
});

export async function detectSigma(db: Db, all: SigmaRule[], from: Date, to: Date): Promise<AlertCandidate[]> {
  const risk = await detectSigmaRisk(
    db,
    all.filter((r) => r.log === 'risk'),
    from,
    to,
  );
  const rules = all.filter((r) => r.log === 'signins');
  if (rules.length === 0) return risk;
  const groups = new Map<string, { rule: SigmaRule; ids: number[]; identifiers: Set<string> }>();
  const reads = [...new Set(rules.flatMap((r) => r.reads))];
  // Pages sized like an import's slices (db/background): short while others use PGlite, big alone.
  const sizer = sliceSizer(db, { start: 5000, min: 1000, max: PAGE });
  const pause = async (rows: number, ms: number) => {
    sizer.took(rows, ms);
    await waitForQuiet(db);
  };
  // When every rule has a prefilter, only the events one of them might match leave the database.
  const narrow = rules.every((r) => r.prefilter)
    ? sql`(${sql.join(
        rules.map((r) => prefilterSql(r.prefilter as Prefilter)),
        sql` OR `,
      )})`
    : undefined;
  await forEachEventPage(
    db,
    from,
    to,
    () => sizer.size,
    reads,
    (page) => {
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
    },
    pause,
    narrow,
  );
  const out: AlertCandidate[] = [...risk];
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
        rule: ruleEvidence(g.rule),
        matchedIdentifiers: [...g.identifiers],
        ...evidenceEvents(events),
        eventCount: g.ids.length,
      },
    });
  }
  return out;
}
