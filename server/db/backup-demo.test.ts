import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DB_KINDS } from '../lib/test-db.ts';
import { openDemoDatabase } from '../lib/test-demo-db.ts';
import { backupDatabase, readBackupManifest, restoreDatabase } from './backup.ts';
import type { Database, Db } from './connect.ts';
import { queryRows } from './rows.ts';

const TMP = path.resolve('.tmp/backup-demo-test', String(process.pid));

/**
 * Every table's row count and the md5 of all its rows' stored columns in one fixed order,
 * computed here independently of the backup's own checksums (a whole-table string: fine for a
 * test). Generated columns are left out of the comparison across engines (text search stems
 * differently from one PostgreSQL to another) and checked by a search below.
 */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
    await tx.execute(sql`SET LOCAL DateStyle = 'ISO, YMD'`);
    const columns = await queryRows<{ name: string; cols: string }>(
      tx,
      sql`SELECT c.table_name AS name, string_agg('t."' || c.column_name || '"', ', ' ORDER BY c.ordinal_position) AS cols
          FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'belfry_migrations'
            AND c.is_generated = 'NEVER'
          GROUP BY c.table_name ORDER BY c.table_name`,
    );
    const out: Record<string, string> = {};
    for (const { name, cols } of columns) {
      const r = await queryRows<{ rows: number; md5: string }>(
        tx,
        sql.raw(
          `SELECT count(*)::int AS rows, md5(coalesce(string_agg(ROW(${cols})::text, E'\\n' ORDER BY ROW(${cols})::text COLLATE "C"), '')) AS md5 FROM "${name}" t`,
        ),
      );
      out[name] = `${r[0]?.rows} ${r[0]?.md5}`;
    }
    return out;
  });
}

const rowsOf = (f: Record<string, string>, table: string) => Number(f[table]?.split(' ')[0]);

/** The generated search column was computed again on restore: tickets are found by a word. */
async function searchFinds(db: Db): Promise<number> {
  const r = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM helpdesk_tickets WHERE all_search @@ plainto_tsquery('english', 'printer')`,
  );
  return Number(r[0]?.n);
}

/**
 * One demo school (a copy of the demo template: loading it is the slow part) goes PGlite -> backup -> PGlite and
 * PostgreSQL, and PostgreSQL's copy -> backup -> PGlite: backup and restore on each engine.
 */
describe('backup and restore of the full demo school', () => {
  const dir = TMP;
  const fromPglite = path.join(dir, 'from-pglite.tar.gz');
  const fromPostgres = path.join(dir, 'from-postgres.tar.gz');
  let source: Database;
  let before: Record<string, string>;
  let printerTickets = 0;
  const opened: Database[] = [];
  const fresh = async (kind: 'pglite' | 'postgres') => {
    const d = await openTestDatabase(kind);
    opened.push(d);
    return d;
  };

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // The demo school as loaded at the test clock (a copy of the run's demo template).
    source = await openDemoDatabase('pglite');
    opened.push(source);
    before = await fingerprint(source.db);
    printerTickets = await searchFinds(source.db);
    await backupDatabase(source.db, 'pglite', fromPglite);
  }, 600_000);
  afterAll(async () => {
    for (const d of opened) await d.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds every table of every module, the generated search columns left out, each with its rows', async () => {
    const manifest = await readBackupManifest(fromPglite);
    expect(manifest.tables.map((x) => x.name).sort()).toEqual(Object.keys(before).sort());
    expect(manifest.tables).toHaveLength(118);
    const tickets = manifest.tables.find((x) => x.name === 'helpdesk_tickets');
    expect(tickets?.columns).not.toContain('public_search');
    expect(tickets?.columns).not.toContain('all_search');
    // Each module the demo fills is in the backup with its rows (one table each).
    for (const table of [
      'accounts_users',
      'directory_people',
      'helpdesk_tickets',
      'helpdesk_messages',
      'security_signins',
      'wifi_bins',
      'surveys_answers',
      'projects_projects',
      'meetings_meetings',
      'tasks_items',
      'phishing_interactions',
      'reports_snapshots',
      'standards_assessments',
      'briefings_revisions',
    ]) {
      expect([table, manifest.tables.find((x) => x.name === table)?.rows]).toEqual([table, rowsOf(before, table)]);
      expect([table, rowsOf(before, table) > 0]).toEqual([table, true]);
    }
    expect(rowsOf(before, 'directory_people')).toBe(2050);
    expect(printerTickets).toBeGreaterThan(0);
    // Parents before children: a ticket's messages after the tickets, people after schools.
    const at = (n: string) => manifest.tables.findIndex((x) => x.name === n);
    expect(at('helpdesk_messages')).toBeGreaterThan(at('helpdesk_tickets'));
    expect(at('directory_people')).toBeGreaterThan(at('directory_schools'));
  });

  it('restores into a fresh PGlite with every table identical (count and contents)', async () => {
    const target = await fresh('pglite');
    const result = await restoreDatabase(target.db, fromPglite, undefined, { verify: true });
    expect(result).toMatchObject({ tables: 118, verified: true, migratedForward: [] });
    expect(await fingerprint(target.db)).toEqual(before);
    expect(await searchFinds(target.db)).toBe(printerTickets);
  }, 600_000);

  it.runIf(TEST_DB_KINDS.includes('postgres'))(
    'restores into a fresh PostgreSQL with every table identical, and that copy backs up and restores into PGlite',
    async () => {
      const pgCopy = await fresh('postgres');
      await restoreDatabase(pgCopy.db, fromPglite, undefined, { verify: true });
      expect(await fingerprint(pgCopy.db)).toEqual(before);
      expect(await searchFinds(pgCopy.db)).toBe(printerTickets);
      await backupDatabase(pgCopy.db, 'postgres', fromPostgres);
      const back = await fresh('pglite');
      await restoreDatabase(back.db, fromPostgres, undefined, { verify: true });
      expect(await fingerprint(back.db)).toEqual(before);
    },
    600_000,
  );
});
