import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { Conflict } from '../../../lib/errors.ts';
import { describeEachDatabase, type TestDb } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { setSetting } from '../../settings/index.ts';
import { selectFailures } from '../db/detect-queries.ts';
import { signinDays } from '../db/signin-queries.ts';
import { fail } from '../detect/test-events.ts';
import { abandonInterruptedImports, sweepDeadImports } from '../domain/import-staging.ts';
import { detectAfterImportSetting } from '../domain/security-settings.ts';
import { importEntraCsv } from './entra-csv-importer.ts';
import { finishImport } from './import-run.ts';

/**
 * Item 4 of issue 12: an import never holds the database for its whole length. Its rows are
 * staged in slices that commit, invisible until one short step publishes them; a kill at any
 * point leaves nothing visible, and the sweep after a restart removes what it staged.
 */

const FROM = new Date('2026-11-09T00:00:00Z');
const TO = new Date('2026-11-12T00:00:00Z');
/** More than one slice on either database (PGlite 250 to 10,000 rows a slice, PostgreSQL 10,000). */
const N = 10_500;
const events = (prefix: string, n = N) =>
  Array.from({ length: n }, (_, i) =>
    fail({
      ts: new Date(Date.parse('2026-11-10T08:00:00Z') + i * 1000),
      user: `pupil${i % 40}@oakfield.example`,
      ip: `203.0.113.${i % 200}`,
      eventKey: `${prefix}-${i}`,
    }),
  );

const rawCount = async (t: TestDb, prefix: string) =>
  Number(
    (
      await queryRows<{ n: number }>(
        t.ctx().db,
        sql`SELECT count(*)::int AS n FROM security_signins WHERE event_key LIKE ${`${prefix}-%`}`,
      )
    )[0]?.n,
  );

const visibleFailures = async (t: TestDb, prefix: string) =>
  (await selectFailures(t.ctx().db, ['credential'], FROM, TO)).filter((e) => e.eventKey.startsWith(`${prefix}-`)).length;

const daysTotal = async (t: TestDb) =>
  (await signinDays(t.ctx().db, '2026-11-09', '2026-11-12')).reduce((a, d) => a + d.events, 0);

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const options = { dryRun: false, skipInvalid: false };

describeEachDatabase('security: imports stage in slices, invisible until published (issue 12 item 4)', (t) => {
  beforeAll(async () => {
    // The detections after an import are not what these tests look at.
    await setSetting(t.ctx(), [detectAfterImportSetting], 'security.detectAfterImport', { value: false });
  });

  it('a reader during an import is answered and sees nothing of it; afterwards it sees all of it', async () => {
    const ctx = t.ctx();
    const all = events('during');
    const daysBefore = await daysTotal(t);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const running = finishImport(ctx, { kind: 'test', name: 'during.csv', options }, async (run) => {
      for (const e of all.slice(0, 10_200)) await run.ingest.add(e);
      // The import pauses half-way: with one long transaction, every read below would wait for it.
      await gate;
      for (const e of all.slice(10_200)) await run.ingest.add(e);
      return { rowsIn: all.length, problems: [] };
    });
    await until(async () => (await rawCount(t, 'during')) > 0, 'a slice has committed');
    expect(await rawCount(t, 'during')).toBeLessThanOrEqual(10_200);
    // Committed, but nobody reads it: not the detections' reads, not the rollup.
    expect(await visibleFailures(t, 'during')).toBe(0);
    expect(await daysTotal(t)).toBe(daysBefore);
    const [imp] = await queryRows<{ status: string }>(
      ctx.db,
      sql`SELECT status FROM security_imports WHERE file_name = 'during.csv'`,
    );
    expect(imp?.status).toBe('staging');
    // A second import waits its turn rather than racing this one for the same keys.
    await expect(
      finishImport(ctx, { kind: 'test', name: 'second.csv', options }, async () => ({ rowsIn: 0, problems: [] })),
    ).rejects.toThrow(Conflict);

    release();
    const summary = await running;
    expect(summary.created).toBe(N);
    expect(await visibleFailures(t, 'during')).toBe(N);
    expect(await daysTotal(t)).toBe(daysBefore + N);
    const after = await queryRows<{ status: string; rows_in: number; created: number }>(
      ctx.db,
      sql`SELECT status, rows_in, created FROM security_imports WHERE file_name = 'during.csv'`,
    );
    expect(after).toEqual([{ status: 'done', rows_in: N, created: N }]);
    expect(await queryRows(ctx.db, sql`SELECT * FROM security_import_days`)).toEqual([]);
  }, 180_000);

  it('an import killed part-way leaves nothing visible; the restart sweep removes it and the file then imports in full', async () => {
    const ctx = t.ctx();
    const all = events('killed');
    const daysBefore = await daysTotal(t);
    // The process "dies" once a slice is in: the work never returns, nothing runs after it.
    void finishImport(ctx, { kind: 'test', name: 'killed.csv', options }, async (run) => {
      for (const e of all) await run.ingest.add(e);
      return new Promise<never>(() => {});
    }).catch(() => {});
    await until(async () => (await rawCount(t, 'killed')) > 0, 'a slice has committed');
    expect(await visibleFailures(t, 'killed')).toBe(0);

    // The restart: on PGlite every staging import is dead; on PostgreSQL it is once stale.
    if (t.kind === 'pglite') await abandonInterruptedImports(ctx);
    else
      await ctx.db.execute(
        sql`UPDATE security_imports SET heartbeat_at = now() - interval '10 minutes' WHERE file_name = 'killed.csv'`,
      );
    expect(await sweepDeadImports(ctx)).toBe(1);
    expect(await rawCount(t, 'killed')).toBe(0);
    expect(await visibleFailures(t, 'killed')).toBe(0);
    expect(await daysTotal(t)).toBe(daysBefore);
    expect(await queryRows(ctx.db, sql`SELECT id FROM security_imports WHERE file_name = 'killed.csv'`)).toEqual([]);
    expect(await queryRows(ctx.db, sql`SELECT * FROM security_import_days`)).toEqual([]);

    // The same rows again: none is mistaken for a duplicate of the dead import's.
    const again = await finishImport(ctx, { kind: 'test', name: 'killed-again.csv', options }, async (run) => {
      for (const e of all) await run.ingest.add(e);
      return { rowsIn: all.length, problems: [] };
    });
    expect(again.created).toBe(N);
    expect(await visibleFailures(t, 'killed')).toBe(N);
    expect(await daysTotal(t)).toBe(daysBefore + N);
  }, 180_000);

  it('a failed import and a dry run keep nothing; the same file twice, and an overlapping one, add nothing twice', async () => {
    const ctx = t.ctx();
    const header = 'Date (UTC),Request ID,Username,IP address,Location,Status,Sign-in error code,Failure reason,Client app';
    const line = (i: number) =>
      `2026-11-11T0${8 + (i % 2)}:${String(i % 60).padStart(2, '0')}:00Z,file-${i},staff${i % 7}@oakfield.example,198.51.100.${i % 50},"Leeds, West Yorkshire, GB",Failure,50126,Invalid username or password,Browser`;
    const rows = Array.from({ length: 3000 }, (_, i) => line(i));
    const file = writeTestFile('InteractiveSignIns_a.csv', `${header}\r\n${rows.join('\r\n')}\r\n`);
    const daysBefore = await daysTotal(t);

    const dry = await importEntraCsv(ctx, file, { ...options, dryRun: true }, () => {});
    expect(dry).toMatchObject({ dryRun: true, created: 3000, rejected: 0 });
    expect(await rawCount(t, 'file')).toBe(0);
    expect(await daysTotal(t)).toBe(daysBefore);

    // A bad date on the last row refuses the whole file after its first rows were staged.
    const bad = writeTestFile(
      'InteractiveSignIns_bad.csv',
      `${header}\r\n${rows.join('\r\n')}\r\nnot a date,file-x,a@b.example,,,Failure,50126,,Browser\r\n`,
    );
    await expect(importEntraCsv(ctx, bad, options, () => {})).rejects.toThrow(/nothing was imported|not a real date|date/);
    expect(await rawCount(t, 'file')).toBe(0);
    expect(await queryRows(ctx.db, sql`SELECT id FROM security_imports WHERE status <> 'done'`)).toEqual([]);

    const first = await importEntraCsv(ctx, file, options, () => {});
    expect(first.created).toBe(3000);
    const same = await importEntraCsv(ctx, file, options, () => {});
    expect(same.created).toBe(0);
    expect(same.notes?.[0]).toMatch(/This exact file was imported/);
    const overlap = writeTestFile(
      'InteractiveSignIns_b.csv',
      `${header}\r\n${[...rows.slice(1000), line(3000)].join('\r\n')}\r\n`,
    );
    const more = await importEntraCsv(ctx, overlap, options, () => {});
    expect(more).toMatchObject({ rowsIn: 2001, created: 1, unchanged: 2000 });
    expect(await rawCount(t, 'file')).toBe(3001);
    expect(await daysTotal(t)).toBe(daysBefore + 3001);
  }, 180_000);
});
