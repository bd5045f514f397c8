import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyError, type FastifyRequest, LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import pretty from 'pino-pretty';
import type { Config } from './config.ts';
import type { Database } from './db/connect.ts';
import { ClientError, reportClientError } from './lib/client-error.ts';
import type { Clock } from './lib/clock.ts';
import type { Ctx } from './lib/context.ts';
import {
  Conflict,
  DomainError,
  Forbidden,
  ImportRejected,
  Invalid,
  NotFound,
  TooManyRequests,
  Unauthenticated,
} from './lib/errors.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './lib/http.ts';
import { safeErrorForLog, silentLogger } from './lib/logger.ts';
import { createMailer, type Mailer } from './lib/mailer.ts';
import type { App, BelfryModule } from './lib/module.ts';
import { csrfMatches, resolveSession } from './modules/accounts/index.ts';
import { buildRegistry, MODULES } from './modules.ts';

export type AppDeps = {
  database: Database;
  config: Config;
  clock: Clock;
  /** Outgoing mail; defaults to the configured SMTP relay (or none). */
  mail?: Mailer;
  modules?: readonly BelfryModule[];
  /** The built web app (dist/web); omitted in API-only tests. */
  webDir?: string;
  /** Log requests (the server does; tests do not). */
  logRequests?: boolean;
  /** Write readable log lines instead of JSON (a person reads them); coloured on a terminal. */
  prettyLogs?: boolean;
  /** Where JSON log lines go (stdout when omitted); tests read what would be logged. */
  logStream?: { write: (line: string) => void };
  colourLogs?: boolean;
  version?: string;
  /** Told of every route as it is registered (the route-walking test uses it). */
  onRoute?: (method: string, url: string) => void;
};

/** Routes anyone may call. Everything else needs a signed-in user; a test walks every route to prove it. */
const CORE_PUBLIC_ROUTES = ['GET /api/health', 'GET /*'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Query parameters that carry secrets (OIDC codes, single-use links) never reach the log.
const SECRET_PARAMS = /([?&](?:code|state|token|id_token|session_state)=)[^&]*/gi;
// Nor do tokens in paths: survey links (shared and single-use) and satisfaction-rating links,
// in the API and in the pages that open them. With the address and time beside it, a logged
// token would tie an anonymous answer to a person.
const SECRET_PATHS = /^(\/api\/public\/surveys\/|\/api\/helpdesk\/rate\/|\/s\/|\/rate\/)[^/?#]+/;

/** A request URL as it may be logged. */
export function maskUrlSecrets(url: string): string {
  return url.replace(SECRET_PATHS, '$1***').replace(SECRET_PARAMS, '$1***');
}

// A NUL or a lone UTF-16 surrogate cannot be stored as PostgreSQL text (nor written as UTF-8):
// such a value is refused as a bad request, naming where it is, and the value itself is never logged.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** The path of the first string (or key) in `value` that PostgreSQL cannot store, or undefined. */
export function findUnstorableText(value: unknown, where = ''): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? where || 'the request' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${where}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = where ? `${where}.${k}` : k;
      if (unstorable(k)) return at;
      const found = findUnstorableText(v, at);
      if (found) return found;
    }
  }
  return undefined;
}

function statusOf(err: DomainError): number {
  if (err instanceof Unauthenticated) return 401;
  if (err instanceof Forbidden) return 403;
  if (err instanceof NotFound) return 404;
  if (err instanceof Conflict) return 409;
  if (err instanceof TooManyRequests) return 429;
  if (err instanceof Invalid) return 400;
  return 400;
}

function sameOrigin(req: FastifyRequest, config: Config): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = req.headers.origin ?? req.headers.referer;
  if (!origin) return true;
  try {
    const given = new URL(origin);
    const own = new URL(config.baseUrl);
    return given.host === own.host || given.host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Whether a request that matched no route is the browser asking for a page of the web app (a
 * reload, a bookmark, a pasted link): then the app's index.html answers, and the app's router
 * draws the page. API paths, changes and missing built files stay a JSON 404. A page's last
 * segment may hold a dot (a client key such as `jess.smith@oakfield.example`), so a dot alone
 * does not make a path a file: a browser navigating asks for text/html, a script or image does not.
 */
export function servesPage(req: Pick<FastifyRequest, 'url' | 'method' | 'headers'>): boolean {
  const pathname = req.url.split('?')[0] ?? '';
  if (pathname === '/api' || pathname.startsWith('/api/')) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (pathname.startsWith('/assets/')) return false;
  const accept = String(req.headers.accept ?? '');
  if (accept.includes('text/html')) return true;
  return !/\.[a-z0-9]{1,5}$/i.test(pathname);
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, database, clock } = deps;
  const modules = deps.modules ?? MODULES;
  const registry = buildRegistry(modules);
  const mail = deps.mail ?? createMailer(config.mail, silentLogger);
  const publicRoutes = new Set([...CORE_PUBLIC_ROUTES, ...modules.flatMap((m) => m.publicRoutes ?? [])]);

  const app = Fastify({
    logger: deps.logRequests
      ? {
          level: config.logLevel,
          ...(deps.prettyLogs
            ? {
                stream: pretty({
                  colorize: !!deps.colourLogs,
                  translateTime: 'SYS:HH:MM:ss',
                  ignore: 'pid,hostname,reqId,req,res,responseTime',
                }),
              }
            : deps.logStream
              ? { stream: deps.logStream }
              : {}),
          redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
          serializers: {
            err: (e: Error) => ({ stack: '', ...safeErrorForLog(e) }),
            req: (req: { method: string; url: string; ip?: string }) => ({
              method: req.method,
              url: maskUrlSecrets(req.url),
              ip: req.ip,
            }),
          },
        }
      : false,
    // One line per request (the onResponse hook below), not Fastify's "incoming" and "completed" pair.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  if (deps.logRequests) {
    app.addHook('onResponse', async (req, reply) => {
      const url = maskUrlSecrets(req.url);
      const line = `${req.method} ${url} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`;
      // The web app's files are many and dull: they go to the debug level.
      const quiet = !url.startsWith('/api/') && reply.statusCode < 400;
      req.log[quiet ? 'debug' : 'info']({ req, res: reply, responseTime: reply.elapsedTime }, line);
    });
  }

  const onRoute = deps.onRoute;
  if (onRoute) {
    app.addHook('onRoute', (r) => {
      for (const m of [r.method].flat()) onRoute(m, r.url);
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine writes style attributes; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.isHttps ? [] : null,
      },
    },
    hsts: config.isHttps ? { maxAge: 31536000 } : false,
  });
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: 1024 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Belfry API', description: "The school IT director's operations hub", version: deps.version ?? '0.0.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('csrfToken', undefined);

  app.addHook('onRequest', async (req, reply) => {
    req.ctx = { db: database.db, clock, config, log: req.log, mail };
    const raw = req.cookies[SESSION_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : undefined;
    if (unsigned?.valid && unsigned.value) {
      const actor = await resolveSession(req.ctx, unsigned.value, req.ip);
      if (actor) {
        const { csrfToken, expiresAt: _expires, ...who } = actor;
        req.ctx.actor = who;
        req.csrfToken = csrfToken;
      }
    }
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = req.routeOptions.url;
    const isPublic = route === undefined || publicRoutes.has(`${method} ${route}`);
    if (!SAFE_METHODS.has(req.method)) {
      if (!sameOrigin(req, config)) return reply.code(403).send({ error: 'Requests from other sites are refused' });
      if (req.ctx.actor && !csrfMatches(req.csrfToken ?? '', req.headers[CSRF_HEADER] as string | undefined)) {
        return reply.code(403).send({ error: 'The page is out of date: reload it and try again (CSRF check failed)' });
      }
    }
    if (!isPublic && !req.ctx.actor) return reply.code(401).send({ error: 'Sign in to continue' });
  });

  app.addHook('preValidation', async (req, reply) => {
    const where = findUnstorableText(req.query) ?? findUnstorableText(req.params) ?? findUnstorableText(req.body);
    if (where) {
      return reply.code(400).send({
        error: `Check ${where}: it contains a character that cannot be stored (a NUL byte or a broken UTF-16 character)`,
      });
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        field: (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.'),
        message: v.message,
      }));
      return reply
        .code(400)
        .send({ error: `Check ${issues.map((i) => i.field || 'the request').join(', ')}: ${issues[0]?.message}`, issues });
    }
    if (err instanceof DomainError) {
      if (err instanceof TooManyRequests) reply.header('retry-after', String(err.retryAfterSeconds));
      const body: Record<string, unknown> = { error: err.message };
      if (err instanceof ImportRejected) body.problems = err.problems.slice(0, 1000);
      return reply.code(statusOf(err)).send(body);
    }
    if (err.name === 'ZodError') return reply.code(400).send({ error: err.message });
    if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'Something went wrong; the server log has the details' });
  });

  app.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Liveness and database check (no sign-in needed)' } },
    async () => {
      await database.db.execute(sql`select 1`);
      return { status: 'ok', version: deps.version ?? '0.0.0', database: database.kind };
    },
  );

  app.post(
    '/api/client-errors',
    {
      schema: { tags: ['system'], summary: "A page's error from the browser, for the server log (signed in)", body: ClientError },
    },
    async (req, reply) => {
      reportClientError(req.ctx, req.body);
      return reply.code(204).send();
    },
  );

  for (const m of modules) m.routes?.(app, registry);

  const webDir = deps.webDir;
  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: true,
      index: 'index.html',
      // The build writes .br and .gz beside each file (vite.config.ts): the smallest the browser takes is sent.
      preCompressed: true,
      cacheControl: false,
      // Built assets carry a content hash, so they are cached for good; the page never is.
      setHeaders: (reply, file) =>
        reply.header(
          'cache-control',
          file.endsWith('.html')
            ? 'no-cache'
            : file.includes('/assets/')
              ? 'public, max-age=31536000, immutable'
              : 'public, max-age=3600',
        ),
    });
    app.setNotFoundHandler((req, reply) => {
      if (!servesPage(req)) return reply.code(404).send({ error: 'Not found' });
      // The single-page app owns every other path; it shows sign-in when there is no session.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'Not found' }));
  }
  return app as unknown as App;
}
