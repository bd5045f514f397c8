import { createVerify, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { pullGoogle } from './google-pull.ts';
import { pullGraph } from './graph-pull.ts';

/** Local servers on loopback that answer in the documented shapes of Graph and the Reports API. */

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
let server: http.Server;
let base = '';
let handler: Handler = () => {};
const seen: string[] = [];
const quick = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const send = (res: http.ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(data));
};
const signIn = (id: string, minute: number) => ({
  id,
  createdDateTime: `2026-11-15T08:${String(minute).padStart(2, '0')}:00Z`,
  userPrincipalName: 'teacher@school.example',
  ipAddress: '81.2.69.160',
  clientAppUsed: 'Browser',
  isInteractive: true,
  location: { city: 'London', countryOrRegion: 'GB', geoCoordinates: { latitude: 51.5, longitude: -0.12 } },
  status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
});

describeEachDatabase('security: pulls from Graph and Google', (t) => {
  it('Graph: client credentials, paging through @odata.nextLink, backing off on 429', async () => {
    let throttled = false;
    handler = (req, body, res) => {
      if (req.url?.startsWith('/tenant-1/oauth2/v2.0/token')) {
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_secret') !== 's3cret')
          return send(res, 401, { error: 'invalid_client' });
        return send(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' });
      }
      if (req.headers.authorization !== 'Bearer graph-token')
        return send(res, 401, { error: { code: 'InvalidAuthenticationToken' } });
      if (req.url?.startsWith('/v1.0/auditLogs/signIns')) {
        if (req.url.includes('page=2')) {
          if (!throttled) {
            throttled = true;
            return send(res, 429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '0' });
          }
          return send(res, 200, { value: [signIn('g3', 3)] });
        }
        return send(res, 200, {
          '@odata.context': 'x',
          value: [signIn('g1', 1), signIn('g2', 2)],
          '@odata.nextLink': `${base}/v1.0/auditLogs/signIns?page=2`,
        });
      }
      if (req.url?.startsWith('/v1.0/identityProtection/riskDetections'))
        return send(res, 200, {
          value: [
            {
              id: 'rd1',
              riskEventType: 'unfamiliarFeatures',
              riskLevel: 'medium',
              riskState: 'atRisk',
              detectedDateTime: '2026-11-15T08:05:00Z',
              userPrincipalName: 'teacher@school.example',
              ipAddress: '81.2.69.160',
            },
          ],
        });
      send(res, 404, {});
    };
    const ctx = t.ctx(undefined, '2026-11-15T09:00:00Z');
    const creds = { tenantId: 'tenant-1', clientId: 'c', clientSecret: 's3cret', loginUrl: base, apiUrl: base };
    const summary = await pullGraph(ctx, creds, new Date('2026-11-14T00:00:00Z'), quick);
    expect(summary.created).toBe(4);
    expect(throttled).toBe(true);
    expect(seen.some((s) => s.includes('createdDateTime%20ge%202026-11-14T00%3A00%3A00Z'))).toBe(true);
    expect((await pullGraph(ctx, creds, new Date('2026-11-14T00:00:00Z'), quick)).created).toBe(0);
    await expect(pullGraph(ctx, { ...creds, clientSecret: 'wrong' }, new Date(), quick)).rejects.toThrow(/answered 401/);
  });

  it('Google: a signed service-account JWT, then activities paged by nextPageToken', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = writeTestFile(
      'sa.json',
      JSON.stringify({
        client_email: 'belfry@proj.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
        token_uri: `${base}/token`,
      }),
    );
    handler = (req, body, res) => {
      if (req.url === '/token') {
        const assertion = new URLSearchParams(body).get('assertion') ?? '';
        const [h, p, sig] = assertion.split('.');
        const ok = createVerify('RSA-SHA256')
          .update(`${h}.${p}`)
          .verify(publicKey, Buffer.from(sig ?? '', 'base64url'));
        const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
        if (!ok || claims.sub !== 'admin@school.example' || !String(claims.scope).includes('admin.reports.audit.readonly'))
          return send(res, 400, { error: 'invalid_grant' });
        return send(res, 200, { access_token: 'google-token', expires_in: 3600 });
      }
      if (req.headers.authorization !== 'Bearer google-token') return send(res, 401, {});
      const url = new URL(req.url ?? '', base);
      const act = (n: number) => ({
        kind: 'admin#reports#activity',
        id: { time: `2026-11-15T07:0${n}:00.000Z`, uniqueQualifier: `q${n}`, applicationName: 'login' },
        actor: { email: 'pupil@school.example' },
        ipAddress: '81.2.69.170',
        events: [{ type: 'login', name: 'login_success', parameters: [{ name: 'login_type', value: 'google_password' }] }],
      });
      if (url.searchParams.get('pageToken') === 'p2')
        return send(res, 200, { kind: 'admin#reports#activities', items: [act(3)] });
      send(res, 200, { kind: 'admin#reports#activities', items: [act(1), act(2)], nextPageToken: 'p2' });
    };
    const ctx = t.ctx(undefined, '2026-11-15T09:00:00Z');
    const summary = await pullGoogle(
      ctx,
      { keyFile, adminEmail: 'admin@school.example', reportsUrl: base },
      new Date('2026-11-14T00:00:00Z'),
      quick,
    );
    expect(summary.created).toBe(3);
    const rows = await queryRows<{ n: number; country: string }>(
      ctx.db,
      sql`SELECT count(*)::int AS n, max(country) AS country FROM security_signins WHERE source = 'google'`,
    );
    expect(Number(rows[0]?.n)).toBe(3);
    expect(rows[0]?.country).toBe('GB');
  });
});
