import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import type { Ctx } from '../../../lib/context.ts';
import type { Analysis } from './analysis/counts.ts';
import type { Verdict } from './analysis/types.ts';

/**
 * The verdict's cache. A verdict is a pure function of its window (the dates, the reference days,
 * the thresholds), its scope and the Wi-Fi data; the data is read from the rollups, which change
 * only when a file is imported (or retention drops old days). So each verdict is kept under
 * (window, scope, data version) and each window's analysis (the tests run over the whole site,
 * before a scope picks its findings) under (window, data version): a repeat is a lookup, a
 * narrowing to one building or AP is composed from the analysis already made,
 * and the contact list and "Make a to-do" reuse the verdict the page just showed.
 *
 * The data version is read from the database on every call (one small query: the imports so far
 * and the access points' placement), so an import by another process (a cron `belfry import`)
 * drops the cache as surely as one through the web app; an import or a retention run in this
 * process also clears it at once. Entries are per database handle and few (the last few windows).
 */

type Entry<T> = { version: string; value: T };
type Store = { analyses: Map<string, Entry<Analysis>>; verdicts: Map<string, Entry<Verdict>> };

const MAX_ANALYSES = 4;
const MAX_VERDICTS = 32;
const stores = new WeakMap<object, Store>();

function storeFor(db: Db): Store {
  let s = stores.get(db);
  if (!s) {
    s = { analyses: new Map(), verdicts: new Map() };
    stores.set(db, s);
  }
  return s;
}

/** Forgets every cached verdict for this database (after an import or a retention run). */
export function dropWifiVerdicts(db: Db): void {
  stores.delete(db);
}

export async function wifiDataVersion(db: Db): Promise<string> {
  const rows = await queryRows<{ v: string }>(
    db,
    sql`SELECT (SELECT count(*)::text || '/' || coalesce(max(at)::text, '') FROM wifi_imports WHERE status = 'done') || '|' ||
      (SELECT md5(coalesce(string_agg(concat_ws(':', id, name, school_code, building_code, building_name), ',' ORDER BY id), ''))
         FROM wifi_aps) AS v`,
  );
  return rows[0]?.v ?? '';
}

function remember<T>(map: Map<string, Entry<T>>, key: string, entry: Entry<T>, max: number): void {
  map.delete(key);
  map.set(key, entry);
  while (map.size > max) map.delete(map.keys().next().value as string);
}

function recall<T>(map: Map<string, Entry<T>>, key: string, version: string): T | undefined {
  const hit = map.get(key);
  if (!hit) return undefined;
  if (hit.version !== version) {
    map.delete(key);
    return undefined;
  }
  // Most recently used last.
  map.delete(key);
  map.set(key, hit);
  return hit.value;
}

/**
 * The verdict for `windowKey` and `scopeKey`, from the cache or made by `compose` from the
 * window's analysis (cached, else made by `analyse`: reading the data and running the tests).
 * Only whole, unredacted verdicts are kept; callers redact or name people per request, and treat
 * the verdict as read-only.
 */
export async function cachedVerdict(
  ctx: Ctx,
  windowKey: string,
  scopeKey: string,
  analyse: () => Promise<Analysis>,
  compose: (analysis: Analysis) => Verdict,
): Promise<Verdict> {
  const version = await wifiDataVersion(ctx.db);
  const store = storeFor(ctx.db);
  const verdictKey = `${windowKey}\u0000${scopeKey}`;
  const hit = recall(store.verdicts, verdictKey, version);
  if (hit) return hit;
  let analysis = recall(store.analyses, windowKey, version);
  if (!analysis) {
    analysis = await analyse();
    remember(store.analyses, windowKey, { version, value: analysis }, MAX_ANALYSES);
  }
  const verdict = compose(analysis);
  remember(store.verdicts, verdictKey, { version, value: verdict }, MAX_VERDICTS);
  return verdict;
}
