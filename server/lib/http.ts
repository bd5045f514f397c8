import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Ctx } from './context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The use-case context for this request: database, clock, config, and the signed-in actor. */
    ctx: Ctx;
    /** The signed-in user's CSRF token, when signed in with a session cookie. */
    csrfToken?: string;
  }
}

export const SESSION_COOKIE = 'belfry_session';
export const CSRF_COOKIE = 'belfry_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Secure cookies when Belfry is served over https (directly, or behind a trusted proxy). */
export function isSecureRequest(req: FastifyRequest, config: Config): boolean {
  return config.isHttps || req.protocol === 'https';
}

export function setSessionCookies(
  reply: FastifyReply,
  config: Config,
  s: { token: string; csrfToken: string; expiresAt: Date },
): void {
  const secure = isSecureRequest(reply.request, config);
  reply.setCookie(SESSION_COOKIE, s.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: s.expiresAt,
    signed: true,
  });
  // Readable by the page's script (double submit); useless to another site, which cannot read it.
  reply.setCookie(CSRF_COOKIE, s.csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure, expires: s.expiresAt });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** Only same-site paths may be returned to after sign-in ("/today", not "//evil.example"). */
export function safeReturnPath(path: string | undefined): string {
  if (!path?.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  return path;
}

// Bidirectional overrides and marks (an RTL override turns "gpj.exe" into what reads as "exe.jpg"),
// control characters and the like are dropped from a download's name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The Content-Disposition header for a download (RFC 6266), with the name in both forms: an
 * ASCII `filename` for old clients (anything else becomes `_`) and the exact UTF-8 name as
 * `filename*` (RFC 5987/8187), so `报告.pdf` downloads as `报告.pdf`. Every download uses this.
 */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const name = fileName.normalize('NFC').replace(INVISIBLE, '').replace(/[/\\]/g, '_').trim() || 'download';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === name ? `${kind}; filename="${ascii}"` : `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
