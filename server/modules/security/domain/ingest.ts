import type { Db } from '../../../db/connect.ts';
import { createStage, type MergeResult, mergeStage, stageCsv } from '../db/signin-queries.ts';
import { geoIp } from './geoip.ts';
import { EVENT_COLUMNS, eventCopyLine, type SigninEvent } from './signin-event.ts';

const COLUMNS = EVENT_COLUMNS.map(([, c]) => c);

/**
 * Feeds normalised events into the stage in batches. Each batch is copied into the stage and
 * merged into security_signins (with its rollup) on the database (PGlite's worker thread, or the
 * server) while the next batch is parsed, so the merge costs no extra wall time; `finish` waits
 * for the last one. Events without a vendor country get one from the offline GeoIP database.
 */

const BATCH = 10_000;

export type Ingest = {
  /** Returns a promise only when the event completed a batch that is being handed over. */
  add: (event: SigninEvent) => Promise<void> | undefined;
  finish: () => Promise<MergeResult & { staged: number }>;
};

export async function openIngest(tx: Db, timeZone: string, importId: string): Promise<Ingest> {
  const geo = await geoIp();
  await createStage(tx, COLUMNS);
  let batch: SigninEvent[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const total: MergeResult & { staged: number } = { created: 0, firstTs: null, lastTs: null, staged: 0 };
  const merge = async (text: string) => {
    total.staged += await stageCsv(tx, COLUMNS, text);
    const m = await mergeStage(tx, COLUMNS, importId, timeZone);
    total.created += m.created;
    if (m.firstTs && (!total.firstTs || m.firstTs < total.firstTs)) total.firstTs = m.firstTs;
    if (m.lastTs && (!total.lastTs || m.lastTs > total.lastTs)) total.lastTs = m.lastTs;
  };
  const flush = async () => {
    // One batch in flight at a time: the next is built while this one is copied and merged.
    await inFlight;
    let text = '';
    for (const e of batch) text += eventCopyLine(e);
    batch = [];
    inFlight = text === '' ? Promise.resolve() : merge(text);
    // A failure surfaces at the next await of inFlight; until then it must not count as unhandled.
    inFlight.catch(() => {});
  };
  return {
    add: (e) => {
      if (!e.country && e.ip) {
        const c = geo.country(e.ip);
        if (c) {
          e.country = c;
          e.geoSource = 'geoip';
        }
      }
      batch.push(e);
      return batch.length >= BATCH ? flush() : undefined;
    },
    finish: async () => {
      await flush();
      await inFlight;
      return total;
    },
  };
}
