/**
 * The one way the web app talks to the server: same-origin JSON with the session cookie, the
 * CSRF token on every change, and errors that carry the server's own words (and, for an import,
 * the file, line and column of every bad row).
 */

export type RowProblem = { file: string; line: number; field?: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly problems: RowProblem[];
  constructor(status: number, message: string, problems: RowProblem[] = []) {
    super(message);
    this.status = status;
    this.problems = problems;
  }
}

function csrfToken(): string {
  const m = /(?:^|;\s*)belfry_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1] as string) : '';
}

/**
 * Tells the server a page failed in this browser (the error's message and the page's path only).
 * Best effort: signed out or offline, it is dropped quietly.
 */
export function reportPageError(message: string, route: string): void {
  void fetch('/api/client-errors', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify({ message: message.slice(0, 2000), route: route.slice(0, 500) }),
    credentials: 'same-origin',
  }).catch(() => {});
}

/** Called when any request finds the session gone, so the app can show sign-in. */
let onSignedOut: () => void = () => {};
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; form?: FormData; signal?: AbortSignal } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  let body: BodyInit | undefined;
  if (init.form) body = init.form;
  else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: init.signal });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { error?: string; problems?: RowProblem[] };
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/me') onSignedOut();
    throw new ApiError(res.status, data.error ?? `The server answered ${res.status}`, data.problems ?? []);
  }
  return data as T;
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : 'Something went wrong');
