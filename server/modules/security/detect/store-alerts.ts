import type { Db } from '../../../db/connect.ts';
import { newId } from '../../../lib/ids.ts';
import {
  type AlertRow,
  insertAlerts,
  selectAlert,
  selectAlertsByKeys,
  selectLinkCandidates,
  updateAlert,
} from '../db/alert-queries.ts';
import { recordSuppressionHits, type SuppressionRow } from '../db/rule-queries.ts';
import { inNetwork, parseNetwork } from '../domain/ip-networks.ts';
import { accountMatcher } from '../domain/security-settings.ts';
import { type AlertCandidate, maxSeverity, type Severity, severityRank } from './alert-candidate.ts';

/** Suppressions drop a candidate (counted on the rule); the rest are inserted or updated by dedup key. */

function matches(s: SuppressionRow, c: AlertCandidate): boolean {
  if (s.alertType && s.alertType !== c.type) return false;
  if (s.userMatch && !(c.users.length > 0 && c.users.every(accountMatcher([s.userMatch])))) return false;
  if (s.ipMatch) {
    const net = parseNetwork(s.ipMatch);
    if (!(c.ips.length > 0 && c.ips.every((ip) => inNetwork(ip, net)))) return false;
  }
  return true;
}

export async function applySuppressions(
  db: Db,
  candidates: AlertCandidate[],
  rules: SuppressionRow[],
  now: Date,
): Promise<{ kept: AlertCandidate[]; suppressed: number }> {
  const hits = new Map<string, number>();
  const kept = candidates.filter((c) => {
    const rule = rules.find((r) => matches(r, c));
    if (rule) hits.set(rule.id, (hits.get(rule.id) ?? 0) + 1);
    return !rule;
  });
  await recordSuppressionHits(db, hits, now);
  return { kept, suppressed: candidates.length - kept.length };
}

const groupKeyOf = (c: AlertCandidate) =>
  c.users.length === 1 ? `user:${c.users[0]}` : c.ips[0] ? `ip:${c.ips[0]}` : `type:${c.type}`;

/** Per alert type: raised for the first time, already raised and updated, already raised and the same. */
export type TypeCounts = { new: number; updated: number; unchanged: number };

export async function storeAlerts(
  db: Db,
  candidates: AlertCandidate[],
  now: Date,
): Promise<{ created: number; updated: number; unchanged: number; byType: Record<string, TypeCounts> }> {
  const byType: Record<string, TypeCounts> = {};
  const count = (c: AlertCandidate, k: keyof TypeCounts) => {
    byType[c.type] ??= { new: 0, updated: 0, unchanged: 0 };
    (byType[c.type] as TypeCounts)[k]++;
  };
  let unchanged = 0;
  const byKey = new Map(candidates.map((c) => [c.dedupKey, c]));
  const existing = new Map((await selectAlertsByKeys(db, [...byKey.keys()])).map((a) => [a.dedupKey, a]));
  const fresh: AlertCandidate[] = [];
  let updated = 0;
  const stored: { id: string; c: AlertCandidate }[] = [];
  for (const c of byKey.values()) {
    const old = existing.get(c.dedupKey);
    if (!old) {
      fresh.push(c);
      continue;
    }
    stored.push({ id: old.id, c });
    const severity = maxSeverity(old.severity as Severity, c.severity);
    const rose = severityRank(severity) > severityRank(old.severity);
    const changed =
      rose ||
      old.summary !== c.summary ||
      old.lastSeen.getTime() !== c.lastSeen.getTime() ||
      JSON.stringify(old.users) !== JSON.stringify(c.users);
    if (!changed) {
      unchanged++;
      count(c, 'unchanged');
      continue;
    }
    count(c, 'updated');
    // A worse picture reopens an alert someone had put aside; an incident keeps its escalation.
    const reopen = rose && (old.status === 'acknowledged' || old.status === 'dismissed');
    await updateAlert(db, old.id, {
      severity,
      title: c.title,
      summary: c.summary,
      users: c.users,
      ips: c.ips,
      firstSeen: new Date(Math.min(old.firstSeen.getTime(), c.firstSeen.getTime())),
      lastSeen: new Date(Math.max(old.lastSeen.getTime(), c.lastSeen.getTime())),
      evidence: reopen ? { ...c.evidence, reopened: { at: now.toISOString(), from: old.severity, to: severity } } : c.evidence,
      ...(reopen ? { status: 'new', dismissReason: null } : {}),
      updatedAt: now,
    });
    updated++;
  }
  const rows = fresh.map((c) => ({
    id: newId(),
    dedupKey: c.dedupKey,
    type: c.type,
    source: c.source,
    severity: c.severity,
    status: 'new',
    title: c.title,
    summary: c.summary,
    users: c.users,
    ips: c.ips,
    firstSeen: c.firstSeen,
    lastSeen: c.lastSeen,
    evidence: c.evidence,
    groupKey: groupKeyOf(c),
    createdAt: now,
    updatedAt: now,
  }));
  for (const c of fresh) count(c, 'new');
  await insertAlerts(db, rows);
  stored.push(...rows.map((r, i) => ({ id: r.id, c: fresh[i] as AlertCandidate })));
  await linkVendorAlerts(db, stored);
  return { created: rows.length, updated, unchanged, byType };
}

/** A vendor's alert and ours about the same person within a day point at each other. */
async function linkVendorAlerts(db: Db, stored: { id: string; c: AlertCandidate }[]): Promise<void> {
  for (const { id, c } of stored) {
    if (c.source === 'belfry' || c.source === 'sigma' || c.users.length === 0) continue;
    const own = await selectLinkCandidates(db, c.users, c.firstSeen);
    if (own.length === 0) continue;
    const link = async (a: Pick<AlertRow, 'id' | 'linkedAlertIds'>, others: string[]) => {
      const next = [...new Set([...a.linkedAlertIds, ...others])];
      if (next.length !== a.linkedAlertIds.length) await updateAlert(db, a.id, { linkedAlertIds: next });
    };
    const self = await selectAlert(db, id);
    if (self)
      await link(
        self,
        own.map((o) => o.id),
      );
    for (const o of own) await link(o, [id]);
  }
}
