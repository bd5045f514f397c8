import type * as Oidc from 'openid-client';
import type { OidcProviderConfig } from '../../../config.ts';
import type { Ctx, Role } from '../../../lib/context.ts';
import { Forbidden, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { recordAudit } from '../../audit/index.ts';
import { findPersonByEmail } from '../../directory/index.ts';
import { insertUser, selectUserByEmail, updateUser } from '../db/accounts-queries.ts';
import { startSession } from './sessions.ts';
import type { SignedIn } from './sign-in.ts';

/**
 * Single sign-on with OpenID Connect (Microsoft Entra ID, Google Workspace): authorisation code
 * flow with PKCE, state and nonce. The account is matched by email; a person in the directory
 * without an account gets one (staff or pupil) when auto-provisioning is on.
 */

// Loaded at the first sign-in through a provider, not when Belfry starts.
const loadOidc = () => import('openid-client');

const discovered = new Map<string, Promise<Oidc.Configuration>>();

function providerConfig(ctx: Ctx, id: string): OidcProviderConfig {
  const p = ctx.config.oidc.find((x) => x.id === id);
  if (!p) throw new NotFound(`Single sign-on with ${id} is not configured`);
  return p;
}

/**
 * client_secret_basic, the method every provider must support (RFC 6749 §2.3.1) and OpenID's default
 * for a client registered without one; client_secret_post only for a provider that offers nothing else.
 * (openid-client would otherwise send the secret in the body, which a strict provider refuses.)
 */
function clientSecretAuth(oidc: typeof Oidc, secret: string): Oidc.ClientAuth {
  const basic = oidc.ClientSecretBasic(secret);
  const post = oidc.ClientSecretPost(secret);
  return (as, client, body, headers) => {
    const offered = as.token_endpoint_auth_methods_supported;
    const postOnly = offered && !offered.includes('client_secret_basic') && offered.includes('client_secret_post');
    return (postOnly ? post : basic)(as, client, body, headers);
  };
}

async function discover(p: OidcProviderConfig): Promise<Oidc.Configuration> {
  const key = `${p.issuer}|${p.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    const insecure = p.issuer.startsWith('http://');
    found = loadOidc().then((oidc) =>
      oidc.discovery(new URL(p.issuer), p.clientId, undefined, clientSecretAuth(oidc, p.clientSecret), {
        execute: insecure ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      }),
    );
    // A failed discovery (provider down) is retried on the next sign-in, not cached.
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

export const redirectUri = (ctx: Ctx, providerId: string) => `${ctx.config.baseUrl}/api/auth/oidc/${providerId}/callback`;

export type OidcStart = {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
};

export async function startOidcSignIn(ctx: Ctx, providerId: string): Promise<OidcStart> {
  const p = providerConfig(ctx, providerId);
  const config = await discover(p);
  const oidc = await loadOidc();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const params: Record<string, string> = {
    redirect_uri: redirectUri(ctx, providerId),
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  if (p.id === 'google' && p.domains.length === 1) params.hd = p.domains[0] as string;
  if (p.id === 'microsoft') params.prompt = 'select_account';
  return {
    url: oidc.buildAuthorizationUrl(config, params).href,
    state,
    nonce,
    codeVerifier,
  };
}

type Claims = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Entra ID's multi-tenant endpoints: any organisation's (or person's) account can sign in there. */
const MULTI_TENANT = ['common', 'organizations', 'consumers'];

/** The verified email a provider vouches for, after its own tenant or domain checks. */
export function emailFromClaims(p: OidcProviderConfig, claims: Claims): string {
  if (p.id === 'microsoft') {
    const tenant = p.tenant?.toLowerCase();
    // Another tenant's administrator can put any address in `email` or `preferred_username`, so
    // those name a Belfry account only when the token comes from the school's own tenant.
    if (tenant && MULTI_TENANT.includes(tenant)) {
      throw new Forbidden('Single sign-on with Microsoft needs the school’s tenant id configured, not a multi-tenant endpoint');
    }
    if (tenant && text(claims.tid)?.toLowerCase() !== tenant) {
      throw new Forbidden('That Microsoft account belongs to a different organisation');
    }
    const email = text(claims.email) ?? text(claims.preferred_username);
    if (!email?.includes('@')) throw new Forbidden('Microsoft did not share an email address for this account');
    return email.toLowerCase();
  }
  const email = text(claims.email);
  if (!email || claims.email_verified !== true) throw new Forbidden('Google did not confirm an email address for this account');
  const domain = email.split('@')[1]?.toLowerCase() ?? '';
  const hd = typeof claims.hd === 'string' ? claims.hd.toLowerCase() : undefined;
  if (p.domains.length > 0 && !(hd && p.domains.includes(hd) && domain === hd)) {
    throw new Forbidden('That Google account is not from the school’s domain');
  }
  return email.toLowerCase();
}

/** Refusals are audited, so the IT team can see who tried to sign in and why they could not. */
async function refuse(ctx: Ctx, p: OidcProviderConfig, who: string, why: string, message = why): Promise<never> {
  await recordAudit(
    ctx,
    { action: 'auth.sign_in_failed', summary: `Single sign-on refused for ${who}: ${why}`, details: { provider: p.id } },
    who,
  );
  throw new Forbidden(message);
}

/**
 * Completes sign-in from the provider's redirect. `query` is the callback's query string; the URL
 * it is read against is the redirect_uri sent at the start, which the token request must repeat.
 */
export async function finishOidcSignIn(
  ctx: Ctx,
  providerId: string,
  query: string,
  expected: { state: string; nonce: string; codeVerifier: string },
  client: { ip?: string; userAgent?: string },
): Promise<SignedIn> {
  const p = providerConfig(ctx, providerId);
  const config = await discover(p);
  const callbackUrl = new URL(redirectUri(ctx, providerId));
  callbackUrl.search = query;
  const oidc = await loadOidc();
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: expected.codeVerifier,
    expectedState: expected.state,
    expectedNonce: expected.nonce,
    idTokenExpected: true,
  });
  const claims = (tokens.claims() ?? {}) as Claims;
  let email: string;
  try {
    email = emailFromClaims(p, claims);
  } catch (err) {
    if (!(err instanceof Forbidden)) throw err;
    const claimed = text(claims.email) ?? text(claims.preferred_username);
    return refuse(ctx, p, claimed?.toLowerCase() ?? `${p.label} account ${String(claims.sub)}`, err.message);
  }
  let user = await selectUserByEmail(ctx.db, email);
  const now = ctx.clock.now();
  if (!user && ctx.config.oidcAutoProvision) {
    const person = await findPersonByEmail(ctx, email);
    if (person?.isActive) {
      user = await insertUser(ctx.db, {
        id: newId(),
        email,
        name: person.displayName,
        role: person.kind,
        passwordHash: null,
        personId: person.id,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(
        ctx,
        {
          action: 'users.provision',
          summary: `Created ${person.kind} account for ${email} at first single sign-on`,
          targetType: 'user',
          targetId: user.id,
          details: { provider: p.id },
        },
        email,
      );
    }
  }
  if (!user?.isActive) {
    return refuse(ctx, p, email, 'no active account', `There is no Belfry account for ${email}. Ask IT Services to add you.`);
  }
  const session = await startSession(ctx, user.id, `oidc:${p.id}`, client);
  await updateUser(ctx.db, user.id, { lastSignInAt: now });
  const who = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Role,
  };
  await recordAudit(
    { ...ctx, actor: { kind: 'user', ...who, ip: client.ip } },
    {
      action: 'auth.sign_in',
      summary: `Signed in with ${p.label}`,
      targetType: 'user',
      targetId: user.id,
      details: { method: `oidc:${p.id}` },
    },
  );
  return { ...session, user: who };
}
