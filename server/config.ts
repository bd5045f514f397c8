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
  BELFRY_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  BELFRY_TRUST_PROXY: flag.default(false),
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
});

/** Variables whose values never appear in an error message or a log line. */
const SECRET_VARIABLES = new Set([
  'BELFRY_SESSION_SECRET',
  'BELFRY_MAIL_PASSWORD',
  'BELFRY_OIDC_MICROSOFT_CLIENT_SECRET',
  'BELFRY_OIDC_GOOGLE_CLIENT_SECRET',
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

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  baseUrl: string;
  isHttps: boolean;
  /** Filled in by main.ts from the environment or the data directory. */
  sessionSecret: string;
  timeZone: string;
  logLevel: z.infer<typeof ConfigEnv>['BELFRY_LOG_LEVEL'];
  /** `auto`: readable lines on a terminal, JSON otherwise (for log collectors). */
  logFormat: 'auto' | 'json' | 'pretty';
  trustProxy: boolean;
  sessionHours: number;
  mail?: MailConfig;
  oidc: readonly OidcProviderConfig[];
  oidcAutoProvision: boolean;
}>;

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
  const baseUrl = (e.BELFRY_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, overrides.dataDir ?? e.BELFRY_DATA_DIR),
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
  };
}
