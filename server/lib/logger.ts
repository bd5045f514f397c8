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
