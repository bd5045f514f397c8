import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { recordAudit } from '../../audit/index.ts';
import { findPersonByEmail, listPeople, listPlaces, listSchools, type Person } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { recordImport } from '../db/ap-queries.ts';
import {
  copyStagingFile,
  createStagingTables,
  fillApMap,
  insertNewRows,
  selectStagedApKeys,
  selectUnjoinedIdentities,
  setDevicePeople,
  upsertStagedDevices,
} from '../db/ingest-queries.ts';
import { advanceRollups } from '../db/rollup-queries.ts';
import type { PlaceTree } from '../import/ap-inventory.ts';
import type { RecordSink, WifiParser } from '../import/sink.ts';
import { openStaging, STAGING_KINDS, type StagingFiles } from '../import/staging-writer.ts';
import { type ApMatch, type ApMatchRule, resolveApKeys } from './ap-resolution.ts';
import { identityToEmail } from './identifiers.ts';
import { dropWifiVerdicts } from './verdict-cache.ts';
import { identityEmailTemplateSetting, inferBuildingSetting, loadThresholds } from './wifi-settings.ts';

/**
 * One Wi-Fi import: the file is parsed and checked first (progress visible, nothing saved), then
 * one transaction COPYs it in, resolves APs, devices and people, inserts what is new and
 * advances the rollups. All-or-nothing and idempotent; a dry run is the same, rolled back.
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

const TEMP_TABLES = [
  'stg_attempts',
  'stg_sessions',
  'stg_client_samples',
  'stg_ap_samples',
  'stg_roams',
  'stg_infra',
  'stg_ap_map',
  'new_attempts',
  'new_sessions',
  'new_client_samples',
  'new_ap_samples',
  'new_roams',
  'new_infra',
];
const dropTemp = (db: Db) => db.execute(sql.raw(`DROP TABLE IF EXISTS ${TEMP_TABLES.join(', ')}`));

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

/** The transaction half, for an import or the demo: staged files into the tables and rollups. */
export async function storeStaged(ctx: Ctx, db: Db, staged: StagingFiles, progress: ImportProgress): Promise<StoreResult> {
  const tctx = { ...ctx, db };
  const thresholds = await loadThresholds(tctx);
  await dropTemp(db);
  await createStagingTables(db);
  const total = STAGING_KINDS.reduce((a, k) => a + staged.counts[k], 0);
  let copied = 0;
  for (const kind of STAGING_KINDS) {
    for (const file of staged.files[kind]) {
      copied += await copyStagingFile(db, kind, file);
      progress(copied, total, 'saving');
    }
  }
  const places = await loadPlaceTree(tctx);
  const keys = await selectStagedApKeys(db);
  const {
    map,
    created: newAps,
    matched,
  } = await resolveApKeys(db, keys, places, await getSetting(tctx, inferBuildingSetting), ctx.clock.now(), staged.aliases);
  await fillApMap(db, map);
  await upsertStagedDevices(db);
  const people = await joinPeople(tctx, await selectUnjoinedIdentities(db));
  const counts = await insertNewRows(db);
  await advanceRollups(db, { timeZone: ctx.config.timeZone, ...thresholds });
  await dropTemp(db);
  const sum = (f: 'staged' | 'created') => Object.values(counts).reduce((a, c) => a + c[f], 0);
  return { staged: sum('staged'), created: sum('created'), newAps, matched, people };
}

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

/** Feeds records straight in (the demo school): `write` fills the sink, then one store. */
export async function ingestRecords(ctx: Ctx, write: (sink: RecordSink) => void): Promise<StoreResult> {
  const staging = await openStaging();
  try {
    write(staging.sink);
    const staged = staging.finish();
    return await inTransaction(ctx.db, {}, (db) => storeStaged(ctx, db, staged, () => {}));
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
  const actor = requireRole(ctx, ...IT_ROLES);
  const name = options.fileName ?? path.basename(file);
  const problems: RowProblem[] = [];
  const parseNotes: string[] = [];
  const staging = await openStaging();
  try {
    const rowsIn = await parser(file, {
      file: name,
      timeZone: ctx.config.timeZone,
      sink: staging.sink,
      problems,
      progress: (done, total) => progress(done, total, 'reading'),
      notes: parseNotes,
    });
    if (problems.length && !options.skipInvalid) throw new ImportRejected(problems.slice(0, 200));
    const staged = staging.finish();
    const sha = await fileSha256(file);
    const stored = await inTransaction(ctx.db, options, async (db) => {
      const result = await storeStaged(ctx, db, staged, progress);
      await recordImport(db, {
        id: newId(),
        kind,
        fileName: name,
        fileSha256: sha,
        at: ctx.clock.now(),
        actorLabel: actor.kind === 'user' ? actor.email : `system: ${actor.name}`,
        rowsIn,
        created: result.created,
        unchanged: result.staged - result.created,
        rejected: problems.length,
        firstTs: staged.firstTs ?? null,
        lastTs: staged.lastTs ?? null,
        report: {
          counts: staged.counts,
          ignored: staged.ignored,
          newAps: result.newAps,
          matched: result.matched.slice(0, 100),
          problems: problems.slice(0, 100),
        },
      });
      await recordAudit(
        { ...ctx, db },
        {
          action: 'wifi.import',
          summary: `Imported ${kind} from ${name}: ${result.created.toLocaleString('en-GB')} new records`,
          targetType: 'import',
        },
      );
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
