import { and, asc, gte, lt } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { securityAlerts } from '../db/tables.ts';

/**
 * The alerts raised in a period, for the drill-down behind the termly report's alert counts
 * (the same rows `countAlertsBySeverity` counts): type, severity, status and when, with no
 * account, address or evidence, so it is safe for senior leaders. No role check: the caller checks.
 */
export type RaisedAlert = { id: string; type: string; severity: string; status: string; title: string; raisedAt: string };

export async function listAlertsRaised(ctx: Ctx, period: { from: Date; to: Date }): Promise<RaisedAlert[]> {
  const rows = await ctx.db
    .select({
      id: securityAlerts.id,
      type: securityAlerts.type,
      severity: securityAlerts.severity,
      status: securityAlerts.status,
      createdAt: securityAlerts.createdAt,
    })
    .from(securityAlerts)
    .where(and(gte(securityAlerts.createdAt, period.from), lt(securityAlerts.createdAt, period.to)))
    .orderBy(asc(securityAlerts.createdAt));
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    severity: r.severity,
    status: r.status,
    title: TYPE_WORDS[r.type] ?? words(r.type),
    raisedAt: r.createdAt.toISOString(),
  }));
}

const words = (type: string) => {
  const t = type.replace(/[_.:-]+/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
};

const TYPE_WORDS: Record<string, string> = {
  password_spray: 'Password spray',
  brute_force: 'Brute force',
  mfa_fatigue: 'MFA fatigue',
  impossible_travel: 'Impossible travel',
  new_country: 'Sign-in from a new country',
  legacy_auth: 'Legacy authentication',
  disabled_account: 'Sign-in to a disabled account',
  sigma: 'School rule (Sigma)',
  vendor: 'Vendor alert',
};
