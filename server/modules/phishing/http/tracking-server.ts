import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../../lib/context.ts';
import { lazyRequire } from '../../../lib/lazy.ts';
import { getSetting, schoolNameSetting } from '../../settings/index.ts';
import { reportingAddressSetting } from '../domain/phishing-settings.ts';
import { lureForPage, recordInteraction, type TrackRequest } from '../domain/track.ts';
import { completeLesson, findLesson } from '../domain/training.ts';
import {
  BEACON_JS,
  formPage,
  homePage,
  lessonPage,
  notFoundPage,
  type PageLure,
  PIXEL,
  reportGetPage,
  teachablePage,
} from './tracking-pages.ts';

/**
 * The tracking listener (BELFRY_PHISHING_PORT), apart from the admin app so only this is exposed
 * on the look-alike domain. URLs carry a token and nothing else. Bodies are capped at 4 KB, read
 * as bytes and never logged; a landing page's values are never parsed, only counted.
 */

const BODY_LIMIT = 4096;
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

type PageData = { lure: PageLure; school: string; report: string; at: number };

export function buildTrackingServer(makeCtx: () => Ctx, options: { trustProxy?: string[] } = {}): FastifyInstance {
  const app = lazyRequire<typeof import('fastify')>('fastify')().default({
    logger: false,
    bodyLimit: BODY_LIMIT,
    trustProxy: options.trustProxy?.length ? options.trustProxy : false,
  });
  const pages = new Map<string, PageData>();
  async function pageData(ctx: Ctx, lureId: string): Promise<PageData | undefined> {
    const hit = pages.get(lureId);
    if (hit && Date.now() - hit.at < 60_000) return hit;
    const l = await lureForPage(ctx, lureId);
    if (!l) return undefined;
    const data = {
      lure: { name: l.name, teachable: l.teachable, lesson: l.lesson },
      school: await getSetting(ctx, schoolNameSetting),
      report: await getSetting(ctx, reportingAddressSetting),
      at: Date.now(),
    };
    pages.set(lureId, data);
    return data;
  }

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-robots-tag', 'noindex, nofollow');
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  app.setErrorHandler((err: { statusCode?: number }, _req, reply) => {
    const status = err.statusCode === 413 ? 413 : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    reply
      .code(status)
      .type('text/plain; charset=utf-8')
      .send(status === 413 ? 'Too large' : 'Not available');
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).type('text/html; charset=utf-8').send(notFoundPage()));

  const base = (req: FastifyRequest, kind: TrackRequest['kind'], token: string): TrackRequest => ({
    kind,
    token,
    method: req.method,
    ip: req.ip,
    userAgent: req.headers['user-agent'],
    source: 'http',
  });
  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);

  app.get('/robots.txt', (_req, reply) => reply.type('text/plain').send('User-agent: *\nDisallow: /\n'));
  app.get('/', (_req, reply) => html(reply, homePage()));
  app.get('/assets/beacon.js', (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('application/javascript; charset=utf-8').send(BEACON_JS),
  );

  app.get<{ Params: { file: string } }>('/o/:file', async (req, reply) => {
    const token = req.params.file.replace(/\.gif$/, '');
    const hit = await recordInteraction(makeCtx(), base(req, 'open', token));
    if (!hit) return reply.code(404).type('text/plain').send('Not found');
    return reply.code(200).type('image/gif').send(PIXEL);
  });

  const click = (honeypot: boolean) => async (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
    const ctx = makeCtx();
    const hit = await recordInteraction(ctx, { ...base(req, 'click', req.params.token), honeypot });
    if (!hit) return html(reply, notFoundPage(), 404);
    if (req.method === 'HEAD' || req.method === 'OPTIONS') return reply.code(200).send();
    const data = await pageData(ctx, hit.lureId);
    if (!data) return html(reply, notFoundPage(), 404);
    const page = hit.landingMode === 'form' && !hit.late ? formPage : teachablePage;
    return html(reply, page(req.params.token, data.lure, data.school, data.report));
  };
  app.get('/c/:token', click(false));
  app.options('/c/:token', click(false));
  app.get('/h/:token', click(true));
  app.options('/h/:token', click(true));

  app.post<{ Params: { token: string } }>('/b/:token', async (req, reply) => {
    let interaction = 'none';
    try {
      const parsed = JSON.parse(String(req.body ?? '')) as { interaction?: unknown };
      if (typeof parsed.interaction === 'string') interaction = parsed.interaction.slice(0, 10);
    } catch {
      // A beacon without a readable body is still a beacon, without a real interaction.
    }
    const hit = await recordInteraction(makeCtx(), { ...base(req, 'beacon', req.params.token), beaconInteraction: interaction });
    return reply.code(hit ? 204 : 404).send();
  });

  app.post<{ Params: { token: string } }>('/s/:token', async (req, reply) => {
    const ctx = makeCtx();
    const hit = await recordInteraction(ctx, { ...base(req, 'submit', req.params.token), fieldsFilled: countFilled(req) });
    if (!hit) return html(reply, notFoundPage(), 404);
    const data = await pageData(ctx, hit.lureId);
    if (!data) return html(reply, notFoundPage(), 404);
    return html(reply, teachablePage(req.params.token, data.lure, data.school, data.report));
  });

  app.options('/r/:token', (_req, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'POST')
      .header('access-control-max-age', '600')
      .code(204)
      .send(),
  );
  app.post<{ Params: { token: string } }>('/r/:token', async (req, reply) => {
    const hit = await recordInteraction(makeCtx(), base(req, 'report', req.params.token));
    return reply
      .header('access-control-allow-origin', '*')
      .code(hit ? 204 : 404)
      .send();
  });
  // A GET is never a report: link scanners would "report" every message they open.
  app.get('/r/:token', (_req, reply) => html(reply, reportGetPage(), 405));

  app.get<{ Params: { token: string } }>('/l/:token', async (req, reply) => {
    const ctx = makeCtx();
    const lesson = await findLesson(ctx, req.params.token);
    if (!lesson) return html(reply, notFoundPage(), 404);
    const data = await pageData(ctx, lesson.lureId);
    if (!data) return html(reply, notFoundPage(), 404);
    return html(reply, lessonPage(data.lure, data.school, !!lesson.completedAt, `/l/${req.params.token}`));
  });
  app.post<{ Params: { token: string } }>('/l/:token', async (req, reply) => {
    const ctx = makeCtx();
    const lesson = await completeLesson(ctx, req.params.token);
    if (!lesson) return html(reply, notFoundPage(), 404);
    const data = await pageData(ctx, lesson.lureId);
    if (!data) return html(reply, notFoundPage(), 404);
    return html(reply, lessonPage(data.lure, data.school, true, `/l/${req.params.token}`));
  });
  return app;
}

/**
 * How many fields a landing page says were filled: the page's own script sends
 * `{"submitted":true,"fields_filled":n}`; any other body (a form posted some other way) is only
 * counted, its values looked at for being non-empty and then dropped with the request.
 */
export function countFilled(req: FastifyRequest): number {
  const body = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
  if (body.length === 0) return 0;
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      const n = (JSON.parse(body.toString('utf8')) as { fields_filled?: unknown }).fields_filled;
      return typeof n === 'number' && Number.isInteger(n) ? Math.max(0, Math.min(50, n)) : 0;
    } catch {
      return 0;
    }
  }
  if (type.includes('x-www-form-urlencoded')) {
    return body
      .toString('latin1')
      .split('&')
      .filter((pair) => pair.indexOf('=') >= 0 && pair.indexOf('=') < pair.length - 1).length;
  }
  return 0;
}

export async function startTrackingServer(o: {
  host: string;
  port: number;
  ctx: () => Ctx;
  trustProxy?: string[];
}): Promise<{ port: number; close: () => Promise<void> }> {
  const app = buildTrackingServer(o.ctx, { trustProxy: o.trustProxy });
  await app.listen({ host: o.host, port: o.port });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : o.port, close: () => app.close() };
}
