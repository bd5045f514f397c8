import { z } from 'zod';
import { requireActor } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { clearSessionCookies, isSecureRequest, safeReturnPath, setSessionCookies } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import { recordAudit } from '../../audit/index.ts';
import { finishOidcSignIn, startOidcSignIn } from '../domain/oidc.ts';
import { changeOwnPassword } from '../domain/own-password.ts';
import { endSession } from '../domain/sessions.ts';
import { Credentials, signInWithPassword } from '../domain/sign-in.ts';

const tags = ['auth'];
const OIDC_COOKIE = 'belfry_oidc';
const Me = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), csrfToken: z.string().optional() });

export function registerAuthRoutes(app: App): void {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie',
        body: Credentials,
        response: { 200: z.object({ user: Me, csrfToken: z.string() }) },
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const signed = await signInWithPassword(req.ctx, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] });
      setSessionCookies(reply, req.ctx.config, signed);
      return { user: { ...signed.user, csrfToken: signed.csrfToken }, csrfToken: signed.csrfToken };
    },
  );

  app.post('/api/auth/logout', { schema: { tags, summary: 'Sign out of this session' } }, async (req, reply) => {
    const actor = requireActor(req.ctx);
    if (actor.kind === 'user' && actor.sessionId) {
      await endSession(req.ctx, actor.sessionId);
      await recordAudit(req.ctx, { action: 'auth.sign_out', summary: 'Signed out', targetType: 'user', targetId: actor.id });
    }
    clearSessionCookies(reply);
    reply.code(204);
  });

  app.get('/api/me', { schema: { tags, summary: 'The signed-in user, or 401', response: { 200: Me } } }, async (req) => {
    const actor = requireActor(req.ctx);
    if (actor.kind !== 'user') throw new Invalid('Not a user session');
    return { id: actor.id, email: actor.email, name: actor.name, role: actor.role, csrfToken: req.csrfToken };
  });

  app.post(
    '/api/me/password',
    {
      schema: {
        tags,
        summary: 'Change your own password',
        body: z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }),
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const signed = await changeOwnPassword(req.ctx, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] });
      setSessionCookies(reply, req.ctx.config, signed);
      return { csrfToken: signed.csrfToken };
    },
  );

  app.get(
    '/api/auth/providers',
    { schema: { tags, summary: 'Single sign-on providers to offer on the sign-in page' } },
    async (req) => ({
      providers: req.ctx.config.oidc.map((p) => ({ id: p.id, label: p.label, startUrl: `/api/auth/oidc/${p.id}/start` })),
    }),
  );

  app.get(
    '/api/auth/oidc/:provider/start',
    {
      schema: {
        tags,
        summary: 'Begin single sign-on (redirects to the provider)',
        params: z.object({ provider: z.enum(['microsoft', 'google']) }),
        querystring: z.object({ returnTo: z.string().max(500).optional() }),
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const start = await startOidcSignIn(req.ctx, req.params.provider);
      const pending = JSON.stringify({
        p: req.params.provider,
        s: start.state,
        n: start.nonce,
        v: start.codeVerifier,
        r: safeReturnPath(req.query.returnTo),
      });
      reply.setCookie(OIDC_COOKIE, pending, {
        path: '/api/auth/oidc',
        httpOnly: true,
        sameSite: 'lax',
        secure: isSecureRequest(req, req.ctx.config),
        signed: true,
        maxAge: 600,
      });
      return reply.redirect(start.url);
    },
  );

  app.get(
    '/api/auth/oidc/:provider/callback',
    {
      schema: {
        tags,
        summary: 'Where the provider returns after sign-in',
        params: z.object({ provider: z.enum(['microsoft', 'google']) }),
      },
    },
    async (req, reply) => {
      const raw = req.cookies[OIDC_COOKIE];
      const unsigned = raw ? req.unsignCookie(raw) : undefined;
      reply.clearCookie(OIDC_COOKIE, { path: '/api/auth/oidc' });
      const fail = (why: string) => reply.redirect(`/sign-in?error=${encodeURIComponent(why)}`);
      if (!unsigned?.valid || !unsigned.value)
        return fail('Your sign-in took too long or was started in another browser. Please try again.');
      const pending = JSON.parse(unsigned.value) as { p: string; s: string; n: string; v: string; r: string };
      if (pending.p !== req.params.provider) return fail('Please start signing in again.');
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      try {
        const signed = await finishOidcSignIn(
          req.ctx,
          req.params.provider,
          query,
          { state: pending.s, nonce: pending.n, codeVerifier: pending.v },
          { ip: req.ip, userAgent: req.headers['user-agent'] },
        );
        setSessionCookies(reply, req.ctx.config, signed);
        return reply.redirect(safeReturnPath(pending.r));
      } catch (err) {
        req.log.warn({ err: (err as Error).message, provider: req.params.provider }, 'single sign-on failed');
        const msg =
          (err as Error).name === 'Forbidden' ? (err as Error).message : 'Single sign-on did not complete. Please try again.';
        return fail(msg);
      }
    },
  );
}
