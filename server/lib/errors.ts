/**
 * Domain errors. Use cases throw these; one handler in app.ts maps them to HTTP
 * and the CLI prints their message. `details` carries machine-readable context
 * (for an import: the file, line and field of each bad row).
 */
export class DomainError extends Error {
  readonly details?: unknown;
  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** 404: the thing asked for does not exist (or the caller may not know it exists). */
export class NotFound extends DomainError {}
/** 401: no signed-in user. */
export class Unauthenticated extends DomainError {}
/** 403: signed in, but not allowed. */
export class Forbidden extends DomainError {}
/** 400: the input is wrong; the message says how. */
export class Invalid extends DomainError {}
/** 409: the request conflicts with what is stored. */
export class Conflict extends DomainError {}
/** 429: too many attempts; `retryAfterSeconds` says when to try again. */
export class TooManyRequests extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A bad row in an imported file: names the file, the line and the field. */
export type RowProblem = {
  file: string;
  line: number;
  field?: string;
  message: string;
};

export class ImportRejected extends Invalid {
  readonly problems: RowProblem[];
  constructor(problems: RowProblem[], summary?: string) {
    const first = problems[0];
    const head = first ? formatRowProblem(first) : 'the file was rejected';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(summary ?? `${head}${more}`, { problems });
    this.problems = problems;
  }
}

export function formatRowProblem(p: RowProblem): string {
  return `${p.file}:${p.line}${p.field ? ` [${p.field}]` : ''}: ${p.message}`;
}
