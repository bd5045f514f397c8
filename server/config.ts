import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Belfry reads from its environment, parsed once at start-up.
 * Nothing else reads `process.env`; code receives the frozen `Config`.
 */

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalText = z
  .string()
  .transform((v) => v.trim())
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(v: string): boolean {
  if (PROXY_PRESETS.has(v)) return true;
  const [ip, bits, extra] = v.split('/');
  const kind = isIP(ip ?? '');
  if (!kind || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (kind === 4 ? 32 : 128);
}

/**
 * The reverse proxies whose X-Forwarded-For is believed: addresses or CIDR ranges (and Fastify's
 * names loopback, linklocal, uniquelocal), comma-separated. `true` is refused: it would believe
 * any client's X-Forwarded-For, letting anyone choose the address the rate limits, the sign-in
 * lock-out and the audit log see.
 */
const proxyList = z
  .string()
  .optional()
  .transform((v, c): string[] | false => {
    const text = (v ?? '').trim().toLowerCase();
    if (['', 'false', '0', 'no'].includes(text)) return false;
    if (['true', '1', 'yes'].includes(text)) {
      c.addIssue({
        code: 'custom',
        message:
          "trusting every address lets any client forge X-Forwarded-For and so its address in the rate limits, the sign-in lock-out and the audit log; list your reverse proxy's addresses instead, e.g. BELFRY_TRUST_PROXY=127.0.0.1 or 10.0.0.5,10.0.1.0/24",
      });
      return z.NEVER;
    }
    const items = text
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const bad = items.find((x) => !isProxyAddress(x));
    if (bad) {
      c.addIssue({ code: 'custom', message: `"${bad}" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24)` });
      return z.NEVER;
    }
    return items;
  });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ConfigEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  BELFRY_DATA_DIR: z.string().min(1).default('./data'),
  BELFRY_SCHEDULER_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  BELFRY_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  BELFRY_SESSION_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  BELFRY_TIMEZONE: z.string().default('Europe/London').refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
  BELFRY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BELFRY_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('pretty'),
  BELFRY_TRUST_PROXY: proxyList,
  BELFRY_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  BELFRY_MAIL_HOST: optionalText,
  BELFRY_MAIL_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  BELFRY_MAIL_SECURE: flag.default(false),
  BELFRY_MAIL_USER: optionalText,
  BELFRY_MAIL_PASSWORD: optionalText,
  BELFRY_MAIL_FROM: optionalText.pipe(z.string().min(3).optional()),
  BELFRY_OIDC_MICROSOFT_TENANT: optionalText,
  BELFRY_OIDC_MICROSOFT_ISSUER: optionalText.pipe(z.url().optional()),
  BELFRY_OIDC_MICROSOFT_CLIENT_ID: optionalText,
  BELFRY_OIDC_MICROSOFT_CLIENT_SECRET: optionalText,
  BELFRY_OIDC_GOOGLE_ISSUER: optionalText.pipe(z.url().optional()),
  BELFRY_OIDC_GOOGLE_CLIENT_ID: optionalText,
  BELFRY_OIDC_GOOGLE_CLIENT_SECRET: optionalText,
  BELFRY_OIDC_GOOGLE_DOMAINS: optionalText,
  BELFRY_OIDC_AUTO_PROVISION: flag.default(true),
  BELFRY_SMTP_PORT: optionalText.transform((v, c) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
    c.addIssue({ code: 'custom', message: 'must be a port number (1-65535)' });
    return z.NEVER;
  }),
  BELFRY_SMTP_HOST: optionalText,
  BELFRY_IMAP_HOST: optionalText,
  BELFRY_IMAP_PORT: z.coerce.number().int().min(1).max(65535).default(993),
  BELFRY_IMAP_SECURE: flag.default(true),
  BELFRY_IMAP_USER: optionalText,
  BELFRY_IMAP_PASSWORD: optionalText,
  BELFRY_IMAP_MAILBOX: optionalText,
  BELFRY_GRAPH_TENANT_ID: optionalText,
  BELFRY_GRAPH_CLIENT_ID: optionalText,
  BELFRY_GRAPH_CLIENT_SECRET: optionalText,
  BELFRY_GRAPH_LOGIN_URL: optionalText.pipe(z.url().optional()),
  BELFRY_GRAPH_API_URL: optionalText.pipe(z.url().optional()),
  BELFRY_GOOGLE_SERVICE_ACCOUNT_FILE: optionalText,
  BELFRY_GOOGLE_ADMIN_EMAIL: optionalText,
  BELFRY_GOOGLE_REPORTS_URL: optionalText.pipe(z.url().optional()),
  BELFRY_PHISHING_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  BELFRY_PHISHING_PORT: optionalText.transform((v, c) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) return n;
    c.addIssue({ code: 'custom', message: 'must be a port number (1-65535, or 0 for any free port)' });
    return z.NEVER;
  }),
  BELFRY_PHISHING_HOST: optionalText,
  BELFRY_PHISHING_KEY: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  BELFRY_PHISHING_TRUSTED_PROXIES: optionalText,
  BELFRY_PHISHING_IMAP_HOST: optionalText,
  BELFRY_PHISHING_IMAP_PORT: z.coerce.number().int().min(1).max(65535).default(993),
  BELFRY_PHISHING_IMAP_SECURE: flag.default(true),
  BELFRY_PHISHING_IMAP_USER: optionalText,
  BELFRY_PHISHING_IMAP_PASSWORD: optionalText,
  BELFRY_PHISHING_IMAP_MAILBOX: optionalText,
});

/** Variables whose values never appear in an error message or a log line. */
const SECRET_VARIABLES = new Set([
  'BELFRY_SESSION_SECRET',
  'BELFRY_MAIL_PASSWORD',
  'BELFRY_IMAP_PASSWORD',
  'BELFRY_OIDC_MICROSOFT_CLIENT_SECRET',
  'BELFRY_OIDC_GOOGLE_CLIENT_SECRET',
  'BELFRY_GRAPH_CLIENT_SECRET',
  'BELFRY_PHISHING_KEY',
  'BELFRY_PHISHING_IMAP_PASSWORD',
  'DATABASE_URL',
]);

export type OidcProviderConfig = {
  id: 'microsoft' | 'google';
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Microsoft: the tenant id the `tid` claim must match. */
  tenant?: string;
  /** Google: the hosted domains (`hd` claim) accepted. */
  domains: string[];
};

export type MailConfig = {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
};

/** The help desk mailbox polled over IMAP (help desk module). */
export type ImapConfig = { host: string; port: number; secure: boolean; user: string; password: string; mailbox: string };

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  /** Seconds after start before the scheduler's first round (then every minute); 60 by default. */
  schedulerDelaySeconds?: number;
  databaseUrl?: string;
  baseUrl: string;
  isHttps: boolean;
  /** Filled in by main.ts from the environment or the data directory. */
  sessionSecret: string;
  timeZone: string;
  logLevel: z.infer<typeof ConfigEnv>['BELFRY_LOG_LEVEL'];
  /** `pretty` (the default): readable lines beside the banner; `json` for log collectors; `auto`: pretty on a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** The reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For is believed; false: none. */
  trustProxy: false | string[];
  sessionHours: number;
  mail?: MailConfig;
  oidc: readonly OidcProviderConfig[];
  oidcAutoProvision: boolean;
  /** The help desk's inbound SMTP listener; absent (off) unless BELFRY_SMTP_PORT is set. */
  inboundSmtp?: { host: string; port: number };
  /** The help desk mailbox to poll; absent unless BELFRY_IMAP_HOST is set. */
  imap?: ImapConfig;
  /** Sign-in log pulls (security module); absent when not configured. */
  securityPulls?: SecurityPullConfig;
  /** Phishing simulations (phishing module): the tracking listener and the reporting mailbox. */
  phishing?: PhishingConfig;
}>;

export type PhishingConfig = {
  /** The public address of the tracking listener (a look-alike domain, not Belfry's). */
  baseUrl?: string;
  /** The tracking listener's port; absent: no listener. */
  port?: number;
  host: string;
  /** Encrypts stored SMTP passwords and keys IP hashes; else a key file in the data directory. */
  key?: string;
  /** Proxies whose X-Forwarded-For the tracking listener believes (addresses or CIDR). */
  trustedProxies: string[];
  imap?: ImapConfig;
};

export type SecurityPullConfig = {
  graph?: { tenantId: string; clientId: string; clientSecret: string; loginUrl: string; apiUrl: string };
  google?: { keyFile: string; adminEmail: string; reportsUrl: string };
};

export class ConfigError extends Error {}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? 'environment');
  const raw = env[name];
  const shown = raw === undefined || SECRET_VARIABLES.has(name) ? '' : ` (got "${raw}")`;
  return `Invalid setting ${name}: ${issue.message}${shown}`;
}

function requireTogether(env: z.infer<typeof ConfigEnv>, names: (keyof typeof env)[]): void {
  const given = names.filter((n) => env[n] !== undefined);
  if (given.length > 0 && given.length < names.length) {
    const missing = names.find((n) => env[n] === undefined);
    throw new ConfigError(`Invalid setting ${String(missing)}: required when ${String(given[0])} is set`);
  }
}

function oidcProviders(env: z.infer<typeof ConfigEnv>): OidcProviderConfig[] {
  const providers: OidcProviderConfig[] = [];
  const ms = env.BELFRY_OIDC_MICROSOFT_CLIENT_ID;
  if (ms) {
    requireTogether(env, ['BELFRY_OIDC_MICROSOFT_CLIENT_ID', 'BELFRY_OIDC_MICROSOFT_CLIENT_SECRET']);
    const tenant = env.BELFRY_OIDC_MICROSOFT_TENANT;
    // A multi-tenant endpoint would let any organisation's account claim a school address.
    if (tenant && ['common', 'organizations', 'consumers'].includes(tenant.toLowerCase())) {
      throw new ConfigError(`Invalid setting BELFRY_OIDC_MICROSOFT_TENANT: use the school's own tenant id, not "${tenant}"`);
    }
    const issuer = env.BELFRY_OIDC_MICROSOFT_ISSUER ?? (tenant ? `https://login.microsoftonline.com/${tenant}/v2.0` : undefined);
    if (!issuer) {
      throw new ConfigError('Invalid setting BELFRY_OIDC_MICROSOFT_TENANT: required when BELFRY_OIDC_MICROSOFT_CLIENT_ID is set');
    }
    providers.push({
      id: 'microsoft',
      label: 'Microsoft',
      issuer,
      clientId: ms,
      clientSecret: env.BELFRY_OIDC_MICROSOFT_CLIENT_SECRET ?? '',
      tenant,
      domains: [],
    });
  }
  const google = env.BELFRY_OIDC_GOOGLE_CLIENT_ID;
  if (google) {
    requireTogether(env, ['BELFRY_OIDC_GOOGLE_CLIENT_ID', 'BELFRY_OIDC_GOOGLE_CLIENT_SECRET']);
    providers.push({
      id: 'google',
      label: 'Google',
      issuer: env.BELFRY_OIDC_GOOGLE_ISSUER ?? 'https://accounts.google.com',
      clientId: google,
      clientSecret: env.BELFRY_OIDC_GOOGLE_CLIENT_SECRET ?? '',
      domains: (env.BELFRY_OIDC_GOOGLE_DOMAINS ?? '')
        .split(',')
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean),
    });
  }
  return providers;
}

function securityPulls(env: z.infer<typeof ConfigEnv>): SecurityPullConfig | undefined {
  requireTogether(env, ['BELFRY_GRAPH_TENANT_ID', 'BELFRY_GRAPH_CLIENT_ID', 'BELFRY_GRAPH_CLIENT_SECRET']);
  requireTogether(env, ['BELFRY_GOOGLE_SERVICE_ACCOUNT_FILE', 'BELFRY_GOOGLE_ADMIN_EMAIL']);
  const out: SecurityPullConfig = {};
  if (env.BELFRY_GRAPH_TENANT_ID && env.BELFRY_GRAPH_CLIENT_ID && env.BELFRY_GRAPH_CLIENT_SECRET)
    out.graph = {
      tenantId: env.BELFRY_GRAPH_TENANT_ID,
      clientId: env.BELFRY_GRAPH_CLIENT_ID,
      clientSecret: env.BELFRY_GRAPH_CLIENT_SECRET,
      loginUrl: env.BELFRY_GRAPH_LOGIN_URL ?? 'https://login.microsoftonline.com',
      apiUrl: env.BELFRY_GRAPH_API_URL ?? 'https://graph.microsoft.com',
    };
  if (env.BELFRY_GOOGLE_SERVICE_ACCOUNT_FILE && env.BELFRY_GOOGLE_ADMIN_EMAIL)
    out.google = {
      keyFile: env.BELFRY_GOOGLE_SERVICE_ACCOUNT_FILE,
      adminEmail: env.BELFRY_GOOGLE_ADMIN_EMAIL,
      reportsUrl: env.BELFRY_GOOGLE_REPORTS_URL ?? 'https://admin.googleapis.com',
    };
  return out.graph || out.google ? out : undefined;
}

function phishingConfig(env: z.infer<typeof ConfigEnv>): PhishingConfig {
  requireTogether(env, ['BELFRY_PHISHING_IMAP_HOST', 'BELFRY_PHISHING_IMAP_USER', 'BELFRY_PHISHING_IMAP_PASSWORD']);
  return {
    baseUrl: env.BELFRY_PHISHING_BASE_URL?.replace(/\/+$/, ''),
    port: env.BELFRY_PHISHING_PORT,
    host: env.BELFRY_PHISHING_HOST ?? env.HOST,
    key: env.BELFRY_PHISHING_KEY,
    trustedProxies: (env.BELFRY_PHISHING_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    imap: env.BELFRY_PHISHING_IMAP_HOST
      ? {
          host: env.BELFRY_PHISHING_IMAP_HOST,
          port: env.BELFRY_PHISHING_IMAP_PORT,
          secure: env.BELFRY_PHISHING_IMAP_SECURE,
          user: env.BELFRY_PHISHING_IMAP_USER ?? '',
          password: env.BELFRY_PHISHING_IMAP_PASSWORD ?? '',
          mailbox: env.BELFRY_PHISHING_IMAP_MAILBOX ?? 'INBOX',
        }
      : undefined,
  };
}

/**
 * Parses the environment. Throws ConfigError with one line naming the variable.
 * `cwd` resolves a relative data directory; the session secret is filled in later.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  cwd: string,
  overrides: { dataDir?: string } = {},
): Omit<Config, 'sessionSecret'> & { sessionSecret?: string } {
  const parsed = ConfigEnv.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(first ? describeIssue(first, env) : 'Invalid configuration');
  }
  const e = parsed.data;
  requireTogether(e, ['BELFRY_MAIL_HOST', 'BELFRY_MAIL_FROM']);
  requireTogether(e, ['BELFRY_IMAP_HOST', 'BELFRY_IMAP_USER', 'BELFRY_IMAP_PASSWORD']);
  const baseUrl = (e.BELFRY_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, overrides.dataDir ?? e.BELFRY_DATA_DIR),
    schedulerDelaySeconds: e.BELFRY_SCHEDULER_DELAY_SECONDS,
    databaseUrl: e.DATABASE_URL,
    baseUrl,
    isHttps: baseUrl.startsWith('https:'),
    sessionSecret: e.BELFRY_SESSION_SECRET,
    timeZone: e.BELFRY_TIMEZONE,
    logLevel: e.BELFRY_LOG_LEVEL,
    logFormat: e.BELFRY_LOG_FORMAT,
    trustProxy: e.BELFRY_TRUST_PROXY,
    sessionHours: e.BELFRY_SESSION_HOURS,
    mail: e.BELFRY_MAIL_HOST
      ? {
          host: e.BELFRY_MAIL_HOST,
          port: e.BELFRY_MAIL_PORT,
          secure: e.BELFRY_MAIL_SECURE,
          user: e.BELFRY_MAIL_USER,
          password: e.BELFRY_MAIL_PASSWORD,
          from: e.BELFRY_MAIL_FROM ?? '',
        }
      : undefined,
    oidc: oidcProviders(e),
    oidcAutoProvision: e.BELFRY_OIDC_AUTO_PROVISION,
    inboundSmtp: e.BELFRY_SMTP_PORT ? { host: e.BELFRY_SMTP_HOST ?? e.HOST, port: e.BELFRY_SMTP_PORT } : undefined,
    imap: e.BELFRY_IMAP_HOST
      ? {
          host: e.BELFRY_IMAP_HOST,
          port: e.BELFRY_IMAP_PORT,
          secure: e.BELFRY_IMAP_SECURE,
          user: e.BELFRY_IMAP_USER ?? '',
          password: e.BELFRY_IMAP_PASSWORD ?? '',
          mailbox: e.BELFRY_IMAP_MAILBOX ?? 'INBOX',
        }
      : undefined,
    securityPulls: securityPulls(e),
    phishing: phishingConfig(e),
  };
}
