import { performance } from 'node:perf_hooks';
import { background, sliceSizer, waitForQuiet } from '../../../db/background.ts';
import type { Db } from '../../../db/connect.ts';
import { createStage, type MergeResult, mergeStage, stageCsv } from '../db/signin-queries.ts';
import { geoIp } from './geoip.ts';
import { EVENT_COLUMNS, eventCopyLine, type SigninEvent } from './signin-event.ts';

const COLUMNS = EVENT_COLUMNS.map(([, c]) => c);

/**
 * Feeds normalised events into security_signins under an import id, in slices that each commit
 * (db/signin-queries: nothing is visible until the import is published). A slice is copied and
 * merged on the database (PGlite's worker thread, or the server) while the next one is parsed.
 * On PGlite, while others use the database, each waits for a quiet moment and is sized to hold
 * the one connection for about 40 ms, so the requests arriving meanwhile are answered between
 * slices; alone (a command-line import, an idle server) slices are big and start at once
 * (db/background). `finish` waits for the last one. Events without a vendor country get one from the offline GeoIP database.
 */

export type Ingest = {
  /** Returns a promise only when the event completed a slice that is being handed over. */
  add: (event: SigninEvent) => Promise<void> | undefined;
  finish: () => Promise<MergeResult & { staged: number }>;
};

export async function openIngest(db: Db, timeZone: string, importId: string): Promise<Ingest> {
  const geo = await geoIp();
  const sizer = sliceSizer(db, { start: 2000, min: 250, max: 10_000 });
  let batch: SigninEvent[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const total: MergeResult & { staged: number } = { created: 0, firstTs: null, lastTs: null, staged: 0 };
  const merge = async (rows: number, text: string) => {
    await waitForQuiet(db);
    const t0 = performance.now();
    const m = await db.transaction(async (tx) => {
      await createStage(tx, COLUMNS);
      const staged = await stageCsv(tx, COLUMNS, text);
      return { staged, ...(await mergeStage(tx, COLUMNS, importId, timeZone)) };
    });
    sizer.took(rows, performance.now() - t0);
    total.staged += m.staged;
    total.created += m.created;
    if (m.firstTs && (!total.firstTs || m.firstTs < total.firstTs)) total.firstTs = m.firstTs;
    if (m.lastTs && (!total.lastTs || m.lastTs > total.lastTs)) total.lastTs = m.lastTs;
  };
  const flush = async () => {
    let text = '';
    for (const e of batch) text += eventCopyLine(e);
    const rows = batch.length;
    batch = [];
    // One slice in flight at a time: the next is built while this one is copied and merged.
    await inFlight;
    inFlight = text === '' ? Promise.resolve() : background(() => merge(rows, text));
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
      return batch.length >= sizer.size ? flush() : undefined;
    },
    finish: async () => {
      await flush();
      await inFlight;
      return total;
    },
  };
}
