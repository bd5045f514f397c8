import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

const parse = (env: Record<string, string>) => parseConfig(env, '/srv/belfry');

describe('configuration', () => {
  it('has working defaults', () => {
    const c = parse({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/belfry/data',
      baseUrl: 'http://localhost:3000',
      timeZone: 'Europe/London',
      isHttps: false,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.oidc).toEqual([]);
  });

  it('names the variable in one line when a setting is invalid', () => {
    expect(() => parse({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parse({ PORT: 'eighty' })).toThrow(/^Invalid setting PORT: .*\(got "eighty"\)$/);
    expect(() => parse({ BELFRY_TIMEZONE: 'Mars/Olympus' })).toThrow(
      /^Invalid setting BELFRY_TIMEZONE: must be an IANA time zone/,
    );
    expect(() => parse({ DATABASE_URL: 'mysql://x' })).toThrow(/^Invalid setting DATABASE_URL: must start with postgres/);
  });

  it('trusts only the listed reverse proxies, and refuses BELFRY_TRUST_PROXY=true with the reason', () => {
    expect(parse({}).trustProxy).toBe(false);
    expect(parse({ BELFRY_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(parse({ BELFRY_TRUST_PROXY: '127.0.0.1, 10.0.0.5,10.0.1.0/24,::1,loopback' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.5',
      '10.0.1.0/24',
      '::1',
      'loopback',
    ]);
    for (const yes of ['true', 'yes', '1'])
      expect(() => parse({ BELFRY_TRUST_PROXY: yes })).toThrow(
        /^Invalid setting BELFRY_TRUST_PROXY: trusting every address lets any client forge X-Forwarded-For .* e\.g\. BELFRY_TRUST_PROXY=127\.0\.0\.1/,
      );
    expect(() => parse({ BELFRY_TRUST_PROXY: '10.0.0.5,proxy.school.example' })).toThrow(
      'Invalid setting BELFRY_TRUST_PROXY: "proxy.school.example" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24) (got "10.0.0.5,proxy.school.example")',
    );
    expect(() => parse({ BELFRY_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/"10\.0\.0\.0\/33" is not an IP address/);
  });

  it('never repeats a secret in the error', () => {
    let err = '';
    try {
      parse({ BELFRY_SESSION_SECRET: 'short-secret' });
    } catch (e) {
      err = (e as Error).message;
    }
    expect(err).toContain('BELFRY_SESSION_SECRET');
    expect(err).not.toContain('short-secret');
  });

  it('needs settings that go together', () => {
    expect(() => parse({ BELFRY_MAIL_HOST: 'smtp.example' })).toThrow(/BELFRY_MAIL_FROM: required when BELFRY_MAIL_HOST is set/);
    expect(() => parse({ BELFRY_OIDC_MICROSOFT_CLIENT_ID: 'abc', BELFRY_OIDC_MICROSOFT_CLIENT_SECRET: 's' })).toThrow(
      /BELFRY_OIDC_MICROSOFT_TENANT/,
    );
    expect(() =>
      parse({
        BELFRY_OIDC_MICROSOFT_TENANT: 'common',
        BELFRY_OIDC_MICROSOFT_CLIENT_ID: 'abc',
        BELFRY_OIDC_MICROSOFT_CLIENT_SECRET: 's',
      }),
    ).toThrow(/^Invalid setting BELFRY_OIDC_MICROSOFT_TENANT: use the school's own tenant id, not "common"$/);
  });

  it('builds single sign-on providers', () => {
    const c = parse({
      BELFRY_BASE_URL: 'https://belfry.oakfield.example/',
      BELFRY_OIDC_MICROSOFT_TENANT: 'tenant-guid',
      BELFRY_OIDC_MICROSOFT_CLIENT_ID: 'ms-client',
      BELFRY_OIDC_MICROSOFT_CLIENT_SECRET: 'ms-secret',
      BELFRY_OIDC_GOOGLE_CLIENT_ID: 'g-client',
      BELFRY_OIDC_GOOGLE_CLIENT_SECRET: 'g-secret',
      BELFRY_OIDC_GOOGLE_DOMAINS: 'Oakfield.example, pupils.oakfield.example',
    });
    expect(c.baseUrl).toBe('https://belfry.oakfield.example');
    expect(c.isHttps).toBe(true);
    expect(c.oidc.map((p) => [p.id, p.issuer])).toEqual([
      ['microsoft', 'https://login.microsoftonline.com/tenant-guid/v2.0'],
      ['google', 'https://accounts.google.com'],
    ]);
    expect(c.oidc[1]?.domains).toEqual(['oakfield.example', 'pupils.oakfield.example']);
  });
});
