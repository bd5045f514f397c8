import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../../../app.ts';
import type { Config, OidcProviderConfig } from '../../../config.ts';
import { systemClock } from '../../../lib/clock.ts';
import type { App } from '../../../lib/module.ts';
import { TEST_CONFIG, type TestDb } from '../../../lib/test-db.ts';
import { listAuditEvents } from '../../audit/index.ts';
import { type Browser, createBrowser, type Hop, type Landing } from './test-browser.ts';
import { IDP_PASSWORD, startTestOidcProvider, type TestOidcProvider } from './test-oidc-provider.ts';

/**
 * Belfry listening on loopback with Microsoft and Google single sign-on pointed at a real local
 * OpenID provider, and the steps of a sign-in as a browser takes them. Call inside a describe block.
 */

export const TENANT = '3f0c8a52-7d1e-4b9a-9c61-2a5e8f4d7b10';
export const OTHER_TENANT = 'b1d7e2c4-0a9f-4e3b-8c25-6f1a9d3e5c77';
export const SCHOOL_DOMAIN = 'oakfield.example';
// Entra ID secrets carry characters that client_secret_basic must form-encode.
const MICROSOFT_SECRET = 'Qx8~mN.2_vR-secret+with/odd=chars';
const GOOGLE_SECRET = 'GOCSPX-google-client-secret';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type ProviderId = OidcProviderConfig['id'];

export const setsSession = (hop: Hop | undefined) => hop?.setCookies.some((c) => c.startsWith('belfry_session=')) ?? false;

export function useSsoServers(t: TestDb) {
  // Belfry reads its config per request, so the address it listens on can be filled in after listen().
  const config: Mutable<Config> = { ...TEST_CONFIG };
  let app: App | undefined;
  let idp: TestOidcProvider | undefined;
  let belfry = '';

  beforeAll(async () => {
    app = await buildApp({ database: t.database(), config, clock: systemClock });
    belfry = await app.listen({ port: 0, host: '127.0.0.1' });
    config.baseUrl = belfry;
    const callback = (p: ProviderId) => [`${belfry}/api/auth/oidc/${p}/callback`];
    idp = await startTestOidcProvider([
      { clientId: 'belfry-microsoft', clientSecret: MICROSOFT_SECRET, redirectUris: callback('microsoft') },
      { clientId: 'belfry-google', clientSecret: GOOGLE_SECRET, redirectUris: callback('google') },
    ]);
    const common = { issuer: idp.issuer, domains: [] };
    config.oidc = [
      {
        ...common,
        id: 'microsoft',
        label: 'Microsoft',
        clientId: 'belfry-microsoft',
        clientSecret: MICROSOFT_SECRET,
        tenant: TENANT,
      },
      {
        ...common,
        id: 'google',
        label: 'Google',
        clientId: 'belfry-google',
        clientSecret: GOOGLE_SECRET,
        domains: [SCHOOL_DOMAIN],
      },
    ];
  });

  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  const provider = () => {
    if (!idp) throw new Error('provider not started');
    return idp;
  };
  const base = () => belfry;
  const startUrl = (p: ProviderId, returnTo = '/') =>
    `${belfry}/api/auth/oidc/${p}/start?returnTo=${encodeURIComponent(returnTo)}`;
  const isCallback = (u: URL) => u.origin === belfry && u.pathname.endsWith('/callback');

  /** Start at Belfry, sign in and consent at the provider, and stop where the provider sends the browser back. */
  async function untilCallback(p: ProviderId, login: string, returnTo = '/') {
    const browser = createBrowser(belfry);
    const loginPage = await browser.open(startUrl(p, returnTo));
    expect(loginPage.url.origin).toBe(provider().issuer);
    expect(loginPage.status).toBe(200);
    expect(loginPage.html).toContain('name="password"');
    const consent = await browser.submit(loginPage, { login, password: IDP_PASSWORD });
    expect(consent.html).toContain(`Allow belfry-${p} to know who you are?`);
    const back = await browser.submit(consent, {}, { stopAt: isCallback });
    expect(back.url.pathname).toBe(`/api/auth/oidc/${p}/callback`);
    return { browser, loginPage, back };
  }

  /** The whole round trip: Belfry, the provider's login and consent pages, and back to Belfry. */
  async function signIn(p: ProviderId, login: string, returnTo = '/') {
    const { browser, loginPage, back } = await untilCallback(p, login, returnTo);
    const landing = await browser.open(back.url);
    return { browser, loginPage, landing, callback: landing.hops[0] };
  }

  /** The error Belfry's sign-in page is sent, after checking that is where the browser went. */
  function refusal(landing: Landing): string | null {
    expect(`${landing.url.origin}${landing.url.pathname}`).toBe(`${belfry}/sign-in`);
    return landing.url.searchParams.get('error');
  }

  async function refusalsAudited(actor: string): Promise<string[]> {
    const failed = await listAuditEvents(t.ctx(), { action: 'auth.sign_in_failed', limit: 100 });
    return failed.filter((e) => e.actor === actor).map((e) => e.summary);
  }

  /** The callback set no session cookie, the browser holds none, and Belfry says nobody is signed in. */
  async function expectSignedOut(browser: Browser, callback: Hop | undefined) {
    expect(callback?.status).toBe(302);
    expect(setsSession(callback)).toBe(false);
    expect(browser.cookie(`${belfry}/`, 'belfry_session')).toBeUndefined();
    expect((await browser.json(`${belfry}/api/me`)).status).toBe(401);
  }

  return { provider, base, startUrl, untilCallback, signIn, refusal, refusalsAudited, expectSignedOut };
}
