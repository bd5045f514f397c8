import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { background, sliceSizer, waitForQuiet } from '../../../db/background.ts';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Conflict, ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { recordAudit } from '../../audit/index.ts';
import { findPersonByEmail, listPeople, listPlaces, listSchools, type Person } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  beginWifiImport,
  markWifiImportDone,
  selectLiveWifiImport,
  touchWifiImport,
  WIFI_STALE_AFTER_SECONDS,
} from '../db/import-queries.ts';
import {
  applyImportDevices,
  mergeSlice,
  saveApMap,
  selectUnjoinedIdentities,
  setDevicePeople,
  sortKeys,
} from '../db/ingest-queries.ts';
import { clearImportScratch, publishImportRollups } from '../db/rollup-queries.ts';
import type { PlaceTree } from '../import/ap-inventory.ts';
import type { RecordSink, WifiParser } from '../import/sink.ts';
import { openStaging, readSlices, STAGING_KINDS, type StagingFiles } from '../import/staging-writer.ts';
import { type ApMatch, type ApMatchRule, resolveApKeys } from './ap-resolution.ts';
import { identityToEmail } from './identifiers.ts';
import { discardWifiImport, sweepDeadWifiImports } from './import-staging.ts';
import { dropWifiVerdicts } from './verdict-cache.ts';
import { identityEmailTemplateSetting, inferBuildingSetting, loadThresholds } from './wifi-settings.ts';

/**
 * One Wi-Fi import: the file is parsed and checked first (progress visible, nothing saved), then
 * stored a slice at a time, each slice its own short transaction (db/ingest-queries), tagged with
 * the import's id and invisible to every read, and published in one step that merges its rollups
 * and devices and marks it done. All-or-nothing and idempotent: a failure, a dry run or a kill
 * leaves nothing visible, and what it wrote is discarded (now, or by the next sweep). On PGlite a
 * slice holds the one connection for about 40 ms while others use it (db/background).
 */

export async function loadPlaceTree(ctx: Ctx): Promise<PlaceTree> {
  // One after the other: inside a transaction the connection is shared.
  const schools = await listSchools(ctx);
  const places = await listPlaces(ctx);
  return places.map((p) => ({
    schoolId: p.schoolId,
    schoolCode: p.schoolCode,
    schoolName: schools.find((s) => s.id === p.schoolId)?.name ?? p.schoolCode,
    buildings: p.buildings,
  }));
}

async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Joins 802.1X identities to the directory's people. Many at once (a first import, the demo) read
 * the directory in pages rather than asking once per identity.
 */
async function joinPeople(ctx: Ctx, identities: string[]): Promise<number> {
  if (!identities.length) return 0;
  const template = await getSetting(ctx, identityEmailTemplateSetting);
  let find = (email: string) => findPersonByEmail(ctx, email);
  if (identities.length > 50) {
    const byEmail = new Map<string, Person>();
    const seen = new Set<string>();
    let total = 0;
    for (let offset = 0; ; offset += 500) {
      const page = await listPeople(ctx, { includeLeavers: true, limit: 500, offset });
      total = page.total;
      for (const p of page.people) {
        seen.add(p.id);
        if (p.email) byEmail.set(p.email.toLowerCase(), p);
      }
      if (offset + 500 >= page.total) break;
    }
    // Pages may overlap where names tie; only then is anyone missing looked up on their own.
    const complete = seen.size >= total;
    find = async (email) => byEmail.get(email.toLowerCase()) ?? (complete ? undefined : findPersonByEmail(ctx, email));
  }
  const rows: { identity: string; personId: string; kind: string }[] = [];
  for (const identity of identities) {
    const email = identityToEmail(identity, template);
    const person = email ? await find(email) : undefined;
    if (person) rows.push({ identity, personId: person.id, kind: person.kind });
  }
  await setDevicePeople(ctx.db, rows);
  return rows.length;
}

export type StoreResult = { staged: number; created: number; newAps: string[]; matched: ApMatch[]; people: number };

const actorLabel = (ctx: Ctx) =>
  ctx.actor?.kind === 'user' ? ctx.actor.email : ctx.actor?.kind === 'system' ? `system: ${ctx.actor.name}` : 'unknown';

type Publish = (tx: Db, stored: StoreResult) => Promise<boolean>;

/**
 * Stores parsed records as import `importId` (already begun, staging): its AP keys resolved in one
 * short step, then each kind a slice at a time, then `publish` inside the one transaction that
 * makes it visible (after its rollups and devices have joined everyone's). Returns false from
 * `publish` (or a dry run) leaves it invisible; the caller discards it.
 */
async function storeStaged(
  ctx: Ctx,
  importId: string,
  staged: StagingFiles,
  progress: ImportProgress,
  publish: Publish | undefined,
): Promise<StoreResult> {
  const db = ctx.db;
  const thresholds = await loadThresholds(ctx);
  const rollup = { timeZone: ctx.config.timeZone, ...thresholds };
  const places = await loadPlaceTree(ctx);
  const inferBuilding = await getSetting(ctx, inferBuildingSetting);
  const keys = await sortKeys(db, staged.apKeys);
  const resolved = await background(() =>
    db.transaction(async (tx) => {
      const r = await resolveApKeys(tx, keys, places, inferBuilding, ctx.clock.now(), staged.aliases, importId);
      await tx.execute(sql`UPDATE wifi_imports SET heartbeat_at = now() WHERE id = ${importId}::uuid`);
      return r;
    }),
  );
  await background(() => saveApMap(db, importId, resolved.map));

  const total = STAGING_KINDS.reduce((a, k) => a + staged.counts[k], 0);
  const sizer = sliceSizer(db, { start: 2000, min: 250, max: 50_000 });
  let done = 0;
  let stagedRows = 0;
  let created = 0;
  for (const kind of STAGING_KINDS) {
    for (const file of staged.files[kind]) {
      for await (const slice of readSlices(file, () => sizer.size)) {
        await waitForQuiet(db);
        const t0 = performance.now();
        const r = await background(() => db.transaction((tx) => mergeSlice(tx, importId, kind, slice.csv, rollup)));
        sizer.took(slice.rows, performance.now() - t0);
        stagedRows += r.staged;
        created += r.created;
        done += slice.rows;
        progress(done, total, 'Saving');
      }
    }
  }
  const result: StoreResult = { staged: stagedRows, created, newAps: resolved.created, matched: resolved.matched, people: 0 };
  if (!publish) return result;
  progress(total, total, 'Making the import visible');
  await waitForQuiet(db);
  const published = await background(() =>
    db.transaction(async (tx) => {
      const tctx = { ...ctx, db: tx };
      await publishImportRollups(tx, importId);
      await applyImportDevices(tx, importId);
      for (const r of resolved.renames) await tx.execute(sql`UPDATE wifi_aps SET name = ${r.name} WHERE id = ${r.id}`);
      result.people = await joinPeople(tctx, await selectUnjoinedIdentities(tx));
      return publish(tx, result);
    }),
  );
  if (!published) throw new Conflict('the import was stopped before it finished; nothing of it was kept');
  // Scratch only now: nothing reads it, so it goes after the import is visible.
  await background(() => clearImportScratch(db, importId)).catch((err) =>
    ctx.log.warn({ err, importId }, 'could not clear a Wi-Fi import scratch; the next sweep will'),
  );
  return result;
}

/**
 * Runs `store` for a new import under `importId` with a heartbeat (a sweep must not take it while
 * it is busy), discarding what it wrote if it fails.
 */
async function runStaged<T>(ctx: Ctx, importId: string, store: () => Promise<T>): Promise<T> {
  const heartbeat = setInterval(
    () => void background(() => touchWifiImport(ctx.db, importId)).catch(() => {}),
    (WIFI_STALE_AFTER_SECONDS * 1000) / 4,
  );
  heartbeat.unref();
  try {
    // Its own reads and writes are background work: they never make the database look busy to its slices.
    return await background(store);
  } catch (err) {
    clearInterval(heartbeat);
    await discardWifiImport(ctx.db, importId).catch((e) =>
      ctx.log.warn({ err: e, importId }, 'could not discard a failed Wi-Fi import yet; the next sweep will'),
    );
    throw err;
  } finally {
    clearInterval(heartbeat);
  }
}

async function begin(ctx: Ctx, importId: string, row: { kind: string; fileName: string; sha: string; staged: StagingFiles }) {
  // Rows of a dead import still hold their keys: they must go before this file's rows arrive.
  await sweepDeadWifiImports(ctx);
  const other = await beginWifiImport(ctx.db, {
    id: importId,
    kind: row.kind,
    fileName: row.fileName,
    fileSha256: row.sha,
    at: ctx.clock.now(),
    actor: actorLabel(ctx),
    firstTs: row.staged.firstTs ?? null,
    lastTs: row.staged.lastTs ?? null,
  });
  if (other) throw busy(other);
}

const busy = (other: { fileName: string; actor: string }) =>
  new Conflict(`Another Wi-Fi import is still running (${other.fileName}, by ${other.actor}); try again when it has finished.`);

const MATCH_WORDS: Record<ApMatchRule, string> = {
  bssid: "by BSSID (an SSID's address, derived from the access point's base MAC)",
  'nas-identifier': "by NAS-Identifier (the RADIUS client's name)",
  'same-record': 'by the name and MAC one record gives',
};

/** One note per rule that matched a key other than an AP's own MAC, name or serial. */
export function describeApMatches(matched: ApMatch[]): string[] {
  const notes: string[] = [];
  for (const rule of Object.keys(MATCH_WORDS) as ApMatchRule[]) {
    const these = matched.filter((m) => m.rule === rule);
    if (!these.length) continue;
    const shown = these.slice(0, 5).map((m) => `${m.key} → ${m.ap}`);
    notes.push(
      `Access points matched ${MATCH_WORDS[rule]}: ${shown.join(', ')}${these.length > 5 ? `, and ${these.length - 5} more` : ''}`,
    );
  }
  return notes;
}

/**
 * Feeds records straight in (the demo school, the scenario tests): `write` fills the sink, then
 * the same staged store, published without leaving an import on record.
 */
export async function ingestRecords(ctx: Ctx, write: (sink: RecordSink) => void): Promise<StoreResult> {
  const staging = await openStaging();
  try {
    write(staging.sink);
    const files = staging.finish();
    const importId = newId();
    await background(() => begin(ctx, importId, { kind: 'records', fileName: 'records', sha: '', staged: files }));
    // Its rows keep its id; with its record gone they are everyone's, as an import's are once done.
    return await runStaged(ctx, importId, () =>
      storeStaged(
        ctx,
        importId,
        files,
        () => {},
        async (tx) =>
          (await queryRows(tx, sql`DELETE FROM wifi_imports WHERE id = ${importId}::uuid AND status = 'staging' RETURNING id`))
            .length > 0,
      ),
    );
  } finally {
    await staging.discard();
  }
}

export async function runWifiImport(
  ctx: Ctx,
  kind: string,
  parser: WifiParser,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  requireRole(ctx, ...IT_ROLES);
  const name = options.fileName ?? path.basename(file);
  const problems: RowProblem[] = [];
  const parseNotes: string[] = [];
  // Said before the file is read, not after: only one Wi-Fi import runs at a time.
  const running = await selectLiveWifiImport(ctx.db);
  if (running) throw busy(running);
  const staging = await openStaging();
  try {
    const rowsIn = await parser(file, {
      file: name,
      timeZone: ctx.config.timeZone,
      sink: staging.sink,
      problems,
      // The parser counts in per cent of the file: said in words, the bar left running (no total).
      progress: (done, total) =>
        progress(done, undefined, `Reading the file: ${Math.round((done / Math.max(1, total ?? 100)) * 100)}%`),
      notes: parseNotes,
    });
    if (problems.length && !options.skipInvalid) throw new ImportRejected(problems.slice(0, 200));
    const staged = staging.finish();
    const sha = await fileSha256(file);
    const importId = newId();
    await background(() => begin(ctx, importId, { kind, fileName: name, sha, staged }));
    const stored = await runStaged(ctx, importId, async () => {
      // A dry run stores it all (to count what is new) and keeps none of it.
      const publish: Publish | undefined = options.dryRun
        ? undefined
        : async (tx, result) => {
            const ok = await markWifiImportDone(tx, importId, {
              at: ctx.clock.now(),
              rowsIn,
              created: result.created,
              unchanged: result.staged - result.created,
              rejected: problems.length,
              report: {
                counts: staged.counts,
                ignored: staged.ignored,
                newAps: result.newAps,
                matched: result.matched.slice(0, 100),
                problems: problems.slice(0, 100),
              },
            });
            if (ok)
              await recordAudit(
                { ...ctx, db: tx },
                {
                  action: 'wifi.import',
                  summary: `Imported ${kind} from ${name}: ${result.created.toLocaleString('en-GB')} new records`,
                  targetType: 'import',
                },
              );
            return ok;
          };
      const result = await storeStaged(ctx, importId, staged, progress, publish);
      if (options.dryRun) await discardWifiImport(ctx.db, importId);
      return result;
    });
    // The verdicts read the data just changed (other processes see the new import's row).
    if (!options.dryRun) dropWifiVerdicts(ctx.db);
    const notes: string[] = [...parseNotes];
    const ignored = Object.entries(staged.ignored).sort((a, b) => a[0].localeCompare(b[0]));
    if (ignored.length) notes.push(`Not Wi-Fi data, ignored: ${ignored.map(([k, n]) => `${n} × ${k}`).join(', ')}`);
    notes.push(...describeApMatches(stored.matched));
    if (stored.newAps.length)
      notes.push(
        `${stored.newAps.length} access point${stored.newAps.length === 1 ? '' : 's'} not seen before: ${stored.newAps.slice(0, 10).join(', ')}${stored.newAps.length > 10 ? ', ...' : ''} (add them to the inventory to place them in buildings)`,
      );
    progress(rowsIn, rowsIn);
    return {
      kind,
      file: name,
      rowsIn,
      created: stored.created,
      updated: 0,
      unchanged: stored.staged - stored.created,
      rejected: problems.length,
      problems: problems.slice(0, 200),
      dryRun: options.dryRun,
      notes,
    };
  } finally {
    await staging.discard();
  }
}
