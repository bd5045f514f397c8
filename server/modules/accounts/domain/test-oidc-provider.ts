import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type InteractionDetails, interactionPolicy, type KoaContext, Provider } from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 and a random port, for the single sign-on
 * tests. It plays Microsoft Entra ID and Google: confidential clients held to client_secret_basic,
 * PKCE required, `prompt=select_account` understood, and `tid`, `hd`, `email` and `email_verified` in
 * the ID token as those providers put them there. Its login page accepts any account added with
 * `addAccount` and the password IDP_PASSWORD; its consent page grants what the client asked for.
 */

export const IDP_PASSWORD = 'provider-side password';

export type TestClient = { clientId: string; clientSecret: string; redirectUris: string[] };

export type TestOidcProvider = {
  issuer: string;
  /** Adds (or replaces) an account the login page accepts; `claims` are what the ID token says. */
  addAccount: (login: string, claims: Record<string, unknown>) => void;
  close: () => Promise<void>;
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function loginPage(uid: string, problem?: string): string {
  return page(
    'Sign in',
    `${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <input type="hidden" name="uid" value="${escapeHtml(uid)}">
  <input type="text" name="login" required>
  <input type="password" name="password" required>
  <button type="submit">Sign in</button>
</form>`,
  );
}

function consentPage(uid: string, clientId: string): string {
  return page(
    'Allow access',
    `<p>Allow ${escapeHtml(clientId)} to know who you are?</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
  <input type="hidden" name="uid" value="${escapeHtml(uid)}">
  <button type="submit">Allow</button>
</form>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function grantConsent(provider: Provider, details: InteractionDetails): Promise<string> {
  const found = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = found ?? new provider.Grant({ accountId: details.session?.accountId ?? '', clientId: details.params.client_id });
  const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
  if (Array.isArray(missingOIDCScope)) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (Array.isArray(missingOIDCClaims)) grant.addOIDCClaims(missingOIDCClaims as string[]);
  return grant.save();
}

/** The provider's own interaction routes: GET shows the login or consent page, POST finishes it. */
function interactions(provider: Provider, accounts: Map<string, Record<string, unknown>>) {
  return async (ctx: KoaContext, next: () => Promise<void>): Promise<void> => {
    if (ctx.path === '/token' && !ctx.req.headers.authorization?.startsWith('Basic ')) {
      // oidc-provider accepts client_secret_post from a client_secret_basic client; a strict provider does not.
      ctx.status = 401;
      ctx.type = 'json';
      ctx.body = { error: 'invalid_client', error_description: 'this client authenticates with client_secret_basic' };
      return;
    }
    const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm))?$/.exec(ctx.path);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const [, uid, action] = match;
    if (details.uid !== uid) {
      ctx.status = 400;
      ctx.body = 'This sign-in page is out of date';
      return;
    }
    const isConsent = details.prompt.name === 'consent';
    if (ctx.method === 'GET' && !action) {
      ctx.type = 'html';
      ctx.body = isConsent ? consentPage(uid, details.params.client_id) : loginPage(uid);
      return;
    }
    if (ctx.method !== 'POST' || action !== (isConsent ? 'confirm' : 'login')) {
      ctx.status = 400;
      ctx.body = 'Unexpected interaction step';
      return;
    }
    const form = await readForm(ctx.req);
    let returnTo: string;
    if (isConsent) {
      const grantId = await grantConsent(provider, details);
      returnTo = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } else {
      const login = form.get('login') ?? '';
      if (!accounts.has(login) || form.get('password') !== IDP_PASSWORD) {
        ctx.status = 401;
        ctx.type = 'html';
        ctx.body = loginPage(uid, 'Wrong login or password');
        return;
      }
      // Choosing the account answers prompt=select_account as well as the login prompt.
      returnTo = await provider.interactionResult(
        ctx.req,
        ctx.res,
        { select_account: {}, login: { accountId: login } },
        { mergeWithLastSubmission: false },
      );
    }
    ctx.status = 303;
    ctx.redirect(returnTo);
  };
}

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
}

export async function startTestOidcProvider(clients: TestClient[]): Promise<TestOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, Record<string, unknown>>();
  const policy = interactionPolicy.base();
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    // Entra ID and Google put the profile claims in the ID token itself, not only at userinfo.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'tid', 'hd'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const claims = accounts.get(sub);
      return claims ? { accountId: sub, claims: () => ({ ...claims, sub }) } : undefined;
    },
  });
  provider.use(interactions(provider, accounts));
  server.on('request', provider.callback());
  return {
    issuer,
    addAccount: (login, claims) => {
      accounts.set(login, claims);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
