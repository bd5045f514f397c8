import type { Db } from '../../../db/connect.ts';
import { createStage, type MergeResult, mergeStage, stageCsv } from '../db/signin-queries.ts';
import { geoIp } from './geoip.ts';
import { EVENT_COLUMNS, eventCopyLine, type SigninEvent } from './signin-event.ts';

const COLUMNS = EVENT_COLUMNS.map(([, c]) => c);

/**
 * Feeds normalised events into the stage in batches. A batch's COPY runs on the database
 * (PGlite's worker thread, or the server) while the next batch is parsed; `finish` merges.
 * Events without a vendor country get one from the offline GeoIP database.
 */

const BATCH = 20_000;

export type Ingest = {
  add: (event: SigninEvent) => Promise<void>;
  finish: (importId: string) => Promise<MergeResult & { staged: number }>;
};

export async function openIngest(tx: Db, timeZone: string): Promise<Ingest> {
  const geo = await geoIp();
  await createStage(tx, COLUMNS);
  let batch: SigninEvent[] = [];
  let inFlight: Promise<number> = Promise.resolve(0);
  let staged = 0;
  const flush = async () => {
    const n = await inFlight;
    staged += n;
    let text = '';
    for (const e of batch) text += eventCopyLine(e);
    batch = [];
    inFlight = stageCsv(tx, COLUMNS, text);
  };
  return {
    add: async (e) => {
      if (!e.country && e.ip) {
        const c = geo.country(e.ip);
        if (c) {
          e.country = c;
          e.geoSource = 'geoip';
        }
      }
      batch.push(e);
      if (batch.length >= BATCH) await flush();
    },
    finish: async (importId) => {
      await flush();
      staged += await inFlight;
      inFlight = Promise.resolve(0);
      const merged = await mergeStage(tx, COLUMNS, importId, timeZone);
      return { ...merged, staged };
    },
  };
}
