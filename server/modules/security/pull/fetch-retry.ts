/**
 * HTTP for the API pulls: JSON with a bearer token, and back-off on 429 and 5xx (honouring
 * Retry-After, as Graph and Google ask). Tokens and secrets are never put in an error message.
 */

export type RetryOptions = { retries: number; baseDelayMs: number; maxDelayMs: number; sleep?: (ms: number) => Promise<void> };
export const DEFAULT_RETRY: RetryOptions = { retries: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PullError extends Error {}

/** Where a request went, without its query (which can carry filters but never secrets) being needed. */
const where = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};

export async function fetchJson<T>(url: string, init: RequestInit, retry: RetryOptions = DEFAULT_RETRY): Promise<T> {
  const sleep = retry.sleep ?? sleepMs;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
    } catch (err) {
      if (attempt >= retry.retries) throw new PullError(`${where(url)}: ${(err as Error).message}`);
      await sleep(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt));
      continue;
    }
    if (res.ok) return (await res.json()) as T;
    const retryable = res.status === 429 || res.status >= 500;
    if (!retryable || attempt >= retry.retries) {
      const body = await res.text().catch(() => '');
      const detail = /"(error_description|message)"\s*:\s*"([^"]{0,200})/.exec(body)?.[2] ?? '';
      throw new PullError(`${where(url)} answered ${res.status}${detail ? `: ${detail}` : ''}`);
    }
    const after = Number(res.headers.get('retry-after'));
    await res.body?.cancel();
    await sleep(
      Math.min(retry.maxDelayMs, Number.isFinite(after) && after > 0 ? after * 1000 : retry.baseDelayMs * 2 ** attempt),
    );
  }
}
