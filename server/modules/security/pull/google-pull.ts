import { createSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Ctx } from '../../../lib/context.ts';
import type { ImportSummary } from '../../../lib/module.ts';
import { readGoogleActivities } from '../import/google.ts';
import { ingestNormalised } from '../import/json-importers.ts';
import { DEFAULT_RETRY, fetchJson, PullError, type RetryOptions } from './fetch-retry.ts';

/**
 * Google Workspace Reports API (activities.list, applicationName=login) with a service account
 * and domain-wide delegation: a signed JWT (RS256) is exchanged for a token acting as an admin.
 */

export type GoogleCredentials = { keyFile: string; adminEmail: string; reportsUrl: string };
const SCOPE = 'https://www.googleapis.com/auth/admin.reports.audit.readonly';

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

async function token(c: GoogleCredentials, now: Date, retry: RetryOptions): Promise<string> {
  const key = JSON.parse(await readFile(c.keyFile, 'utf8')) as {
    client_email?: string;
    private_key?: string;
    token_uri?: string;
  };
  if (!key.client_email || !key.private_key)
    throw new PullError('the service account key file has no client_email or private_key');
  const tokenUri = key.token_uri ?? 'https://oauth2.googleapis.com/token';
  const iat = Math.floor(now.getTime() / 1000);
  const unsigned = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ iss: key.client_email, scope: SCOPE, aud: tokenUri, sub: c.adminEmail, iat, exp: iat + 3600 }))}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key);
  const body = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: `${unsigned}.${b64url(signature)}`,
  });
  const r = await fetchJson<{ access_token?: string }>(
    tokenUri,
    { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    retry,
  );
  if (!r.access_token) throw new PullError('Google did not return an access token');
  return r.access_token;
}

export async function pullGoogle(
  ctx: Ctx,
  c: GoogleCredentials,
  since: Date,
  retry: RetryOptions = DEFAULT_RETRY,
): Promise<ImportSummary> {
  const at = await token(c, ctx.clock.now(), retry);
  const base = `${c.reportsUrl.replace(/\/$/, '')}/admin/reports/v1/activity/users/all/applications/login`;
  const items: unknown[] = [];
  let pageToken: string | undefined;
  for (let n = 0; n < 10_000; n++) {
    const q = new URLSearchParams({ startTime: since.toISOString(), maxResults: '1000' });
    if (pageToken) q.set('pageToken', pageToken);
    const page: { items?: unknown[]; nextPageToken?: string } = await fetchJson(
      `${base}?${q}`,
      { headers: { authorization: `Bearer ${at}` } },
      retry,
    );
    items.push(...(page.items ?? []));
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  const { events, vendor, problems } = readGoogleActivities(
    items.map((value, i) => ({ line: i + 1, value })),
    'Google Reports API',
  );
  const summary = await ingestNormalised(ctx, { kind: 'google-pull', name: 'Google Reports API' }, events, vendor);
  if (problems.length)
    summary.notes = [...(summary.notes ?? []), `${problems.length} record(s) were not in the documented shape and were skipped.`];
  ctx.log.info({ activities: items.length, created: summary.created }, 'pulled from the Google Reports API');
  return summary;
}
