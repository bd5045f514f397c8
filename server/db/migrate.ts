import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { queryRows } from './rows.ts';

/**
 * Applies the one ordered migration history (written by drizzle-kit into ./migrations) to
 * PGlite or PostgreSQL alike. Unlike drizzle's own migrator, which skips any migration older
 * than the newest applied one, this applies every journal entry not yet recorded, in order,
 * in one transaction, under an advisory lock so two servers never migrate at once.
 */

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

type JournalEntry = { idx: number; tag: string; when: number };

export function listMigrations(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', MIGRATIONS_DIR), 'utf8')) as {
    entries: JournalEntry[];
  };
  return [...journal.entries].sort((a, b) => a.idx - b.idx);
}

function statementsOf(tag: string): string[] {
  const text = readFileSync(new URL(`${tag}.sql`, MIGRATIONS_DIR), 'utf8');
  return text
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function ensureTable(db: Db): Promise<void> {
  await db.execute(
    sql`CREATE TABLE IF NOT EXISTS belfry_migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
}

export async function listAppliedMigrations(db: Db): Promise<string[]> {
  // Read-only on purpose: a backup asks inside a read-only snapshot, where CREATE TABLE fails.
  const found = await queryRows<{ t: string | null }>(db, sql`SELECT to_regclass('belfry_migrations')::text AS t`);
  if (!found[0]?.t) return [];
  const r = await queryRows<{ tag: string }>(db, sql`SELECT tag FROM belfry_migrations ORDER BY tag`);
  return r.map((row) => row.tag);
}

/**
 * Brings the schema up to date, or only up to `upTo` (a tag; used by restore to rebuild a
 * backup's schema before loading its rows). Returns the tags applied now.
 */
export async function migrate(db: Db, options: { upTo?: string } = {}): Promise<string[]> {
  await ensureTable(db);
  const all = listMigrations();
  const limit = options.upTo ? all.findIndex((m) => m.tag === options.upTo) : all.length - 1;
  if (limit < 0) throw new Error(`Unknown migration ${options.upTo}: this Belfry is older than the data`);
  const wanted = all.slice(0, limit + 1);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7413829)`);
    const done = new Set((await queryRows<{ tag: string }>(tx, sql`SELECT tag FROM belfry_migrations`)).map((r) => r.tag));
    const applied: string[] = [];
    for (const m of wanted) {
      if (done.has(m.tag)) continue;
      for (const statement of statementsOf(m.tag)) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO belfry_migrations (tag) VALUES (${m.tag})`);
      applied.push(m.tag);
    }
    return applied;
  });
}
