import { beforeAll, describe, expect, it } from 'vitest';
import type { OidcProviderConfig } from '../../../config.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { listAuditEvents } from '../../audit/index.ts';
import { createSchool, syncPeople } from '../../directory/index.ts';
import { createUser } from '../index.ts';
import { emailFromClaims } from './oidc.ts';
import { createBrowser } from './test-browser.ts';
import { OTHER_TENANT, SCHOOL_DOMAIN, setsSession, TENANT, useSsoServers } from './test-sso.ts';

/**
 * Single sign-on end to end: Belfry and a real OpenID provider (oidc-provider) each listening on
 * 127.0.0.1, and a cookie-keeping HTTP client walking the authorisation code flow between them.
 */

const TOO_SLOW = 'Your sign-in took too long or was started in another browser. Please try again.';
const DID_NOT_COMPLETE = 'Single sign-on did not complete. Please try again.';

describeEachDatabase('single sign-on with a real OpenID provider', (t) => {
  const { provider, base, startUrl, untilCallback, signIn, refusal, refusalsAudited, expectSignedOut } = useSsoServers(t);

  it('signs an existing account in with Microsoft, back to where it started, and audits it', async () => {
    const { user } = await createUser(t.ctx(), {
      email: 'dana.director@oakfield.example',
      name: 'Dana Director',
      role: 'admin',
      sso: true,
    });
    provider().addAccount('dana', {
      email: 'Dana.Director@Oakfield.example',
      preferred_username: 'dana.director@oakfield.example',
      name: 'Dana D (Entra)',
      tid: TENANT,
    });
    const { browser, loginPage, landing, callback } = await signIn('microsoft', 'dana', '/tickets?mine=1');

    const authorize = loginPage.hops[1];
    expect(`${authorize?.url.origin}${authorize?.url.pathname}`).toBe(`${provider().issuer}/auth`);
    const q = authorize?.url.searchParams;
    expect(q?.get('client_id')).toBe('belfry-microsoft');
    expect(q?.get('redirect_uri')).toBe(`${base()}/api/auth/oidc/microsoft/callback`);
    expect(q?.get('response_type')).toBe('code');
    expect(q?.get('scope')).toBe('openid email profile');
    expect(q?.get('code_challenge_method')).toBe('S256');
    expect(q?.get('prompt')).toBe('select_account');
    expect(q?.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(q?.get('nonce')).toMatch(/^[\w-]{20,}$/);

    expect(callback?.status).toBe(302);
    expect(setsSession(callback)).toBe(true);
    expect(landing.url.href).toBe(`${base()}/tickets?mine=1`);
    expect(browser.cookie(`${base()}/api/auth/oidc/microsoft/callback`, 'belfry_oidc')).toBeUndefined();

    const me = await browser.json(`${base()}/api/me`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, email: 'dana.director@oakfield.example', name: 'Dana Director', role: 'admin' });
    const events = await listAuditEvents(t.ctx(), { action: 'auth.sign_in', limit: 100 });
    expect(events.filter((e) => e.targetId === user.id)).toEqual([
      expect.objectContaining({
        actor: 'dana.director@oakfield.example',
        summary: 'Signed in with Microsoft',
        details: { method: 'oidc:microsoft' },
      }),
    ]);
  });

  it('gives a pupil in the directory a pupil account at first sign-in', async () => {
    const school = await createSchool(t.ctx(), { code: 'oak-senior', name: 'Oakfield Senior' });
    const person = {
      externalId: 'P-1001',
      kind: 'pupil' as const,
      givenName: 'Priya',
      familyName: 'Patel',
      preferredName: 'Pri',
      email: 'priya.patel@oakfield.example',
      schoolId: school.id,
      yearGroup: 9,
      house: null,
      tutorGroup: '9P',
      jobTitle: null,
      department: null,
    };
    await syncPeople(t.ctx(), [person], { dryRun: false, deactivateMissing: false });
    // No email claim: Entra's preferred_username (the UPN) names the account.
    provider().addAccount('priya', { preferred_username: 'Priya.Patel@oakfield.example', name: 'Priya Patel', tid: TENANT });
    const { browser, landing, callback } = await signIn('microsoft', 'priya');
    expect(setsSession(callback)).toBe(true);
    expect(landing.url.href).toBe(`${base()}/`);

    const me = await browser.json(`${base()}/api/me`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'priya.patel@oakfield.example', name: 'Pri Patel', role: 'pupil' });
    const provisioned = await listAuditEvents(t.ctx(), { action: 'users.provision', limit: 100 });
    expect(provisioned.filter((e) => e.targetId === me.body.id)).toEqual([
      expect.objectContaining({
        actor: 'priya.patel@oakfield.example',
        summary: 'Created pupil account for priya.patel@oakfield.example at first single sign-on',
      }),
    ]);
  });

  it('refuses a Microsoft account from another tenant, even with a known email', async () => {
    await createUser(t.ctx(), { email: 'olly.outsider@oakfield.example', name: 'Olly', role: 'staff', sso: true });
    provider().addAccount('olly', { email: 'olly.outsider@oakfield.example', tid: OTHER_TENANT });
    const { browser, landing, callback } = await signIn('microsoft', 'olly');
    expect(refusal(landing)).toBe('That Microsoft account belongs to a different organisation');
    await expectSignedOut(browser, callback);
    expect(await refusalsAudited('olly.outsider@oakfield.example')).toEqual([
      'Single sign-on refused for olly.outsider@oakfield.example: That Microsoft account belongs to a different organisation',
    ]);
  });

  it('refuses an email nobody knows, and audits the refusal', async () => {
    provider().addAccount('nobody', { email: 'nobody@oakfield.example', tid: TENANT });
    const { browser, landing, callback } = await signIn('microsoft', 'nobody');
    expect(refusal(landing)).toBe('There is no Belfry account for nobody@oakfield.example. Ask IT Services to add you.');
    await expectSignedOut(browser, callback);
    expect(await refusalsAudited('nobody@oakfield.example')).toEqual([
      'Single sign-on refused for nobody@oakfield.example: no active account',
    ]);
  });

  it('signs in by single sign-on from an address locked out of the account for wrong passwords', async () => {
    await createUser(t.ctx(), { email: 'lou.locked@oakfield.example', name: 'Lou Locked', role: 'admin', sso: true });
    provider().addAccount('lou', { email: 'lou.locked@oakfield.example', tid: TENANT });
    // Five wrong passwords from this machine's address (the one the browser below signs in from).
    const login = (password: string) =>
      fetch(`${base()}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base() },
        body: JSON.stringify({ email: 'lou.locked@oakfield.example', password }),
      });
    for (let i = 0; i < 5; i++) expect((await login(`wrong guess ${i}`)).status).toBe(401);
    expect((await login('still a wrong guess')).status).toBe(429);
    const lockouts = await listAuditEvents(t.ctx(), { action: 'auth.lockout', limit: 100 });
    expect(lockouts.filter((e) => e.actor === 'lou.locked@oakfield.example').map((e) => e.summary)).toEqual([
      'Locked 127.0.0.1 out of lou.locked@oakfield.example for 15 minutes after repeated wrong passwords',
    ]);
    const { browser, landing, callback } = await signIn('microsoft', 'lou', '/settings');
    expect(setsSession(callback)).toBe(true);
    expect(landing.url.href).toBe(`${base()}/settings`);
    const me = await browser.json(`${base()}/api/me`);
    expect(me).toMatchObject({ status: 200, body: { email: 'lou.locked@oakfield.example' } });
    // Signing in by SSO does not lift the password lock on that address.
    expect((await login('another wrong guess')).status).toBe(429);
  });

  describe('the state cookie', () => {
    beforeAll(async () => {
      await createUser(t.ctx(), { email: 'sam.state@oakfield.example', name: 'Sam State', role: 'it', sso: true });
      provider().addAccount('sam', { email: 'sam.state@oakfield.example', tid: TENANT });
    });
    const cookieUrl = () => `${base()}/api/auth/oidc/microsoft/callback`;

    it('refuses a callback without it', async () => {
      const { browser, back } = await untilCallback('microsoft', 'sam');
      browser.setCookie(cookieUrl(), 'belfry_oidc', undefined);
      const landing = await browser.open(back.url);
      expect(refusal(landing)).toBe(TOO_SLOW);
      await expectSignedOut(browser, landing.hops[0]);
    });

    it('refuses one whose contents were changed', async () => {
      const { browser, back } = await untilCallback('microsoft', 'sam');
      const raw = decodeURIComponent(browser.cookie(cookieUrl(), 'belfry_oidc') ?? '');
      expect(raw).toContain('"r":"/"');
      browser.setCookie(cookieUrl(), 'belfry_oidc', encodeURIComponent(raw.replace('"r":"/"', '"r":"/settings"')));
      const landing = await browser.open(back.url);
      expect(refusal(landing)).toBe(TOO_SLOW);
      await expectSignedOut(browser, landing.hops[0]);
    });

    it('refuses one from a different sign-in (the state does not match)', async () => {
      const { browser, back } = await untilCallback('microsoft', 'sam');
      // A second sign-in started in the same browser replaces the cookie with its own state.
      await browser.open(startUrl('microsoft'), { stopAt: (u) => u.origin === provider().issuer });
      const landing = await browser.open(back.url);
      expect(refusal(landing)).toBe(DID_NOT_COMPLETE);
      await expectSignedOut(browser, landing.hops[0]);
    });

    it('refuses a callback replayed after a successful sign-in, even with a copy of the cookie', async () => {
      const { browser, back } = await untilCallback('microsoft', 'sam');
      const stolen = browser.cookie(cookieUrl(), 'belfry_oidc');
      expect(setsSession((await browser.open(back.url)).hops[0])).toBe(true);
      const thief = createBrowser(base());
      expect(refusal(await thief.open(back.url))).toBe(TOO_SLOW);
      // With the cookie too, the provider will not redeem the same authorisation code twice.
      thief.setCookie(cookieUrl(), 'belfry_oidc', stolen);
      const landing = await thief.open(back.url);
      expect(refusal(landing)).toBe(DID_NOT_COMPLETE);
      await expectSignedOut(thief, landing.hops[0]);
    });
  });

  describe('Google', () => {
    beforeAll(async () => {
      for (const [email, name] of [
        ['gita.green@oakfield.example', 'Gita Green'],
        ['ursula.unverified@oakfield.example', 'Ursula'],
        ['eli@elsewhere.example', 'Eli Elsewhere'],
        ['pat.personal@oakfield.example', 'Pat'],
      ] as const) {
        await createUser(t.ctx(), { email, name, role: 'staff', sso: true });
      }
    });

    it('signs in a verified account from the school’s domain', async () => {
      provider().addAccount('gita', { email: 'gita.green@oakfield.example', email_verified: true, hd: SCHOOL_DOMAIN });
      const { browser, loginPage, callback } = await signIn('google', 'gita');
      const q = loginPage.hops[1]?.url.searchParams;
      expect(q?.get('client_id')).toBe('belfry-google');
      expect(q?.get('hd')).toBe(SCHOOL_DOMAIN);
      expect(q?.get('prompt')).toBeNull();
      expect(setsSession(callback)).toBe(true);
      const me = await browser.json(`${base()}/api/me`);
      expect(me.body).toMatchObject({ email: 'gita.green@oakfield.example', name: 'Gita Green', role: 'staff' });
      const events = await listAuditEvents(t.ctx(), { action: 'auth.sign_in', limit: 100 });
      expect(events.find((e) => e.actor === 'gita.green@oakfield.example')?.details).toEqual({ method: 'oidc:google' });
    });

    it('refuses an email Google has not verified', async () => {
      provider().addAccount('ursula', {
        email: 'ursula.unverified@oakfield.example',
        email_verified: false,
        hd: SCHOOL_DOMAIN,
      });
      const { browser, landing, callback } = await signIn('google', 'ursula');
      expect(refusal(landing)).toBe('Google did not confirm an email address for this account');
      await expectSignedOut(browser, callback);
      expect(await refusalsAudited('ursula.unverified@oakfield.example')).toHaveLength(1);
    });

    it('refuses a hosted domain the school does not use', async () => {
      provider().addAccount('eli', { email: 'eli@elsewhere.example', email_verified: true, hd: 'elsewhere.example' });
      const { browser, landing, callback } = await signIn('google', 'eli');
      expect(refusal(landing)).toBe('That Google account is not from the school’s domain');
      await expectSignedOut(browser, callback);
      expect(await refusalsAudited('eli@elsewhere.example')).toEqual([
        'Single sign-on refused for eli@elsewhere.example: That Google account is not from the school’s domain',
      ]);
    });

    it('refuses a personal Google account (no hosted domain) using a school address', async () => {
      provider().addAccount('pat', { email: 'pat.personal@oakfield.example', email_verified: true });
      const { browser, landing, callback } = await signIn('google', 'pat');
      expect(refusal(landing)).toBe('That Google account is not from the school’s domain');
      await expectSignedOut(browser, callback);
    });
  });
});

describe('emailFromClaims', () => {
  const microsoft = (tenant?: string): OidcProviderConfig => ({
    id: 'microsoft',
    label: 'Microsoft',
    issuer: 'https://login.microsoftonline.com/x/v2.0',
    clientId: 'c',
    clientSecret: 's',
    tenant,
    domains: [],
  });

  it('matches the tenant id whatever its letter case', () => {
    expect(emailFromClaims(microsoft(TENANT.toUpperCase()), { tid: TENANT, email: 'A@Oakfield.example' })).toBe(
      'a@oakfield.example',
    );
  });

  it.each(['common', 'organizations', 'consumers'])('trusts no email when the tenant is %s', (tenant) => {
    expect(() => emailFromClaims(microsoft(tenant), { tid: OTHER_TENANT, email: 'dana.director@oakfield.example' })).toThrow(
      /tenant id/,
    );
  });
});
