/**
 * The logger interface Belfry code writes to: Fastify's pino logger in the server, a quiet
 * one in tests. Never log passwords, tokens or session ids; pino's redact paths in app.ts
 * back this up for request logs.
 */
export type LogFn = (obj: unknown, msg?: string) => void;
export type Logger = { info: LogFn; warn: LogFn; error: LogFn; debug: LogFn };

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};

type LoggedError = { type: string; message: string; stack?: string; code?: string; cause?: LoggedError } & Record<
  string,
  unknown
>;

const MAX_QUERY_CHARS = 500;
// Names a database error may quote that are schema, not data: these stay readable.
const SCHEMA_FIELDS = ['constraint', 'table', 'column', 'schema', 'dataType'] as const;

function maskQuoted(message: string, keep: Set<string>): string {
  return message.replace(/"([^"]*)"/g, (whole, inner: string) => (keep.has(inner) ? whole : '"…"'));
}

/**
 * An error as it may be logged: a failed query keeps its SQL text (cut short) but never its
 * parameters, and a database error keeps its code and the schema names it mentions but not the
 * values it quotes ("invalid input syntax for type integer: "…""), nor its `detail` ("Key
 * (email)=(...) already exists"). Pupils' names, addresses and anonymous comments reach queries
 * as parameters, so none of them reach the log. The stack keeps only its frames.
 */
export function safeErrorForLog(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err, message: 'a non-error value was thrown' };
  const e = err as Error & Record<string, unknown>;
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .join('\n');
  const keep = new Set(SCHEMA_FIELDS.map((f) => e[f]).filter((v): v is string => typeof v === 'string'));
  const isQuery = typeof e.query === 'string' && 'params' in e;
  const message = isQuery
    ? `Failed query: ${(e.query as string).slice(0, MAX_QUERY_CHARS)}${(e.query as string).length > MAX_QUERY_CHARS ? '…' : ''}`
    : typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
      ? maskQuoted(e.message, keep)
      : e.message;
  const out: LoggedError = { type: e.name, message, ...(frames ? { stack: frames } : {}) };
  if (typeof e.code === 'string') out.code = e.code;
  for (const f of SCHEMA_FIELDS) if (typeof e[f] === 'string') out[f] = e[f];
  if (e.cause !== undefined && depth < 5) out.cause = safeErrorForLog(e.cause, depth + 1);
  return out;
}

/** One line for a person (the CLI, a job's failure): what failed, never the values involved. */
export function describeErrorSafely(err: unknown): string {
  const safe = safeErrorForLog(err);
  if (safe.message.startsWith('Failed query:') && safe.cause) {
    return `A database query failed: ${safe.cause.message}${safe.cause.code ? ` (SQLSTATE ${safe.cause.code})` : ''}`;
  }
  return safe.message;
}
