import type { Ctx } from '../../../lib/context.ts';
import type { ImportSummary } from '../../../lib/module.ts';
import type { SigninEvent } from '../domain/signin-event.ts';
import { GraphSignIn, graphSignInToEvent, readRiskDetections } from '../import/entra-json.ts';
import { ingestNormalised } from '../import/json-importers.ts';
import { DEFAULT_RETRY, fetchJson, PullError, type RetryOptions } from './fetch-retry.ts';

/**
 * Microsoft Graph with app-only credentials (client credentials grant): sign-ins
 * (auditLogs/signIns, AuditLog.Read.All) and ID Protection risk detections
 * (identityProtection/riskDetections, IdentityRiskEvent.Read.All), following @odata.nextLink.
 */

export type GraphCredentials = { tenantId: string; clientId: string; clientSecret: string; loginUrl: string; apiUrl: string };

async function token(c: GraphCredentials, retry: RetryOptions): Promise<string> {
  const body = new URLSearchParams({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    scope: `${c.apiUrl.replace(/\/$/, '')}/.default`,
    grant_type: 'client_credentials',
  });
  const r = await fetchJson<{ access_token?: string }>(
    `${c.loginUrl.replace(/\/$/, '')}/${encodeURIComponent(c.tenantId)}/oauth2/v2.0/token`,
    { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    retry,
  );
  if (!r.access_token) throw new PullError('Microsoft did not return an access token');
  return r.access_token;
}

async function pages(first: string, accessToken: string, retry: RetryOptions): Promise<unknown[]> {
  const out: unknown[] = [];
  let url: string | undefined = first;
  for (let n = 0; url && n < 10_000; n++) {
    const page: { value?: unknown[]; '@odata.nextLink'?: string } = await fetchJson(
      url,
      { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
      retry,
    );
    out.push(...(page.value ?? []));
    url = page['@odata.nextLink'];
  }
  return out;
}

export async function pullGraph(
  ctx: Ctx,
  c: GraphCredentials,
  since: Date,
  retry: RetryOptions = DEFAULT_RETRY,
): Promise<ImportSummary> {
  const at = await token(c, retry);
  const api = c.apiUrl.replace(/\/$/, '');
  const iso = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signIns = await pages(
    `${api}/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${iso}`)}&$top=1000`,
    at,
    retry,
  );
  const risks = await pages(
    `${api}/v1.0/identityProtection/riskDetections?$filter=${encodeURIComponent(`detectedDateTime ge ${iso}`)}&$top=500`,
    at,
    retry,
  );
  const events: SigninEvent[] = [];
  let skipped = 0;
  for (const s of signIns) {
    const p = GraphSignIn.safeParse(s);
    if (p.success) events.push(graphSignInToEvent(p.data));
    else skipped++;
  }
  const { vendor } = readRiskDetections(
    risks.map((value, i) => ({ line: i + 1, value })),
    'Graph',
  );
  const summary = await ingestNormalised(ctx, { kind: 'graph-pull', name: 'Microsoft Graph' }, events, vendor);
  if (skipped)
    summary.notes = [...(summary.notes ?? []), `${skipped} sign-in record(s) were not in the documented shape and were skipped.`];
  ctx.log.info({ signIns: signIns.length, risks: risks.length, created: summary.created }, 'pulled from Microsoft Graph');
  return summary;
}
