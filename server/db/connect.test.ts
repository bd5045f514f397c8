import { mkdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../lib/test-db.ts';
import { copyCsvTextInto, copyQueryToCsvFile } from './copy.ts';
import { listAppliedMigrations, listMigrations, migrate } from './migrate.ts';
import { queryRows } from './rows.ts';

describeEachDatabase('database layer', (t) => {
  it('has every migration applied, and migrating again changes nothing', async () => {
    const { db } = t.database();
    expect(await listAppliedMigrations(db)).toEqual(listMigrations().map((m) => m.tag));
    expect(await migrate(db)).toEqual([]);
  });

  it('rolls a failed transaction back and keeps a committed one', async () => {
    const { db } = t.database();
    await db.execute(sql`CREATE TABLE tx_probe (n int PRIMARY KEY)`);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO tx_probe VALUES (1)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO tx_probe VALUES (2)`);
    });
    const rows = await queryRows<{ n: number }>(db, sql`SELECT n FROM tx_probe ORDER BY n`);
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('keeps concurrent transactions apart (one rolls back, the other commits)', async () => {
    const { db } = t.database();
    await db.execute(sql`CREATE TABLE tx_pair (name text PRIMARY KEY)`);
    const a = db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO tx_pair VALUES ('a')`);
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('a fails');
    });
    const b = db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO tx_pair VALUES ('b')`);
    });
    const c = db.execute(sql`INSERT INTO tx_pair VALUES ('c')`);
    await expect(a).rejects.toThrow('a fails');
    await b;
    await c;
    const rows = await queryRows<{ name: string }>(db, sql`SELECT name FROM tx_pair ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(['b', 'c']);
  });

  it('reports a unique violation with its code', async () => {
    const { db } = t.database();
    await db.execute(sql`CREATE TABLE uniq_probe (n int PRIMARY KEY)`);
    await db.execute(sql`INSERT INTO uniq_probe VALUES (1)`);
    const err = await db.execute(sql`INSERT INTO uniq_probe VALUES (1)`).catch((e: unknown) => e);
    const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    expect(code).toBe('23505');
  });

  it('copies CSV in and out inside a transaction, and refuses outside one', async () => {
    const { db } = t.database();
    await db.execute(sql`CREATE TABLE copy_probe (id int, label text)`);
    const n = await db.transaction((tx) => copyCsvTextInto(tx, 'copy_probe', ['id', 'label'], '1,one\n2,"two, with comma"\n'));
    expect(n).toBe(2);
    await expect(copyCsvTextInto(db, 'copy_probe', ['id', 'label'], '3,x\n')).rejects.toThrow(/inside a transaction/);
    mkdirSync('.tmp', { recursive: true });
    const file = `.tmp/copy-out-${t.kind}.csv`;
    await db.transaction((tx) => copyQueryToCsvFile(tx, 'SELECT id, label FROM copy_probe ORDER BY id', file));
    expect(readFileSync(file, 'utf8')).toBe('id,label\n1,one\n2,"two, with comma"\n');
  });
});
