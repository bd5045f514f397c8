import { lstat, readdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/rows.ts';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { type BackupStatus, readBackupStatus } from './backup-status.ts';

/** Bytes and files under a directory (0 if it does not exist); symbolic links are not followed. */
export async function measureDir(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const walk = async (p: string) => {
    const st = await lstat(p).catch(() => undefined);
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of await readdir(p).catch(() => [] as string[])) await walk(path.join(p, name));
    } else {
      bytes += st.size;
      files++;
    }
  };
  await walk(dir);
  return { bytes, files };
}

export type StorageUse = {
  dataDir: string;
  /** The parts of the data directory, largest first; `database` is PostgreSQL's own size when on a server. */
  parts: { key: 'database' | 'uploads' | 'backups' | 'other'; label: string; bytes: number; files: number | null }[];
  totalBytes: number;
  /** Free on the data directory's file system, for Belfry's account. */
  freeBytes: number | null;
  backups: BackupStatus & { count: number };
  database: 'pglite' | 'postgres';
};

/** Where the data directory's space goes, for Settings (admin, IT). */
export async function readStorageUse(ctx: Ctx, kind: 'pglite' | 'postgres'): Promise<StorageUse> {
  requireRole(ctx, ...IT_ROLES);
  const dir = ctx.config.dataDir;
  const whole = await measureDir(dir);
  const pglite = await measureDir(path.join(dir, 'pglite'));
  const uploads = await measureDir(path.join(dir, 'uploads'));
  const backups = await measureDir(path.join(dir, 'backups'));
  let database = { bytes: pglite.bytes, files: pglite.files as number | null };
  if (kind === 'postgres') {
    const r = await queryRows<{ n: number }>(ctx.db, sql`SELECT pg_database_size(current_database())::bigint AS n`);
    database = { bytes: Number(r[0]?.n ?? 0), files: null };
  }
  const other = Math.max(0, whole.bytes - pglite.bytes - uploads.bytes - backups.bytes);
  const fs = await statfs(dir).catch(() => undefined);
  const count = (await readdir(path.join(dir, 'backups')).catch(() => [] as string[])).filter((f) =>
    f.endsWith('.tar.gz'),
  ).length;
  return {
    dataDir: dir,
    database: kind,
    parts: [
      { key: 'database' as const, label: kind === 'postgres' ? 'Database (on the PostgreSQL server)' : 'Database', ...database },
      { key: 'uploads' as const, label: 'Uploads waiting to be imported', ...uploads },
      { key: 'backups' as const, label: 'Backups', ...backups },
      { key: 'other' as const, label: 'Other files', bytes: other, files: null },
    ],
    totalBytes: pglite.bytes + uploads.bytes + backups.bytes + other,
    freeBytes: fs ? fs.bavail * fs.bsize : null,
    backups: { ...readBackupStatus(dir), count },
  };
}

/** Today's line for the IT team: when the last backup that was checked by restoring it was taken. */
export async function loadBackupCard(ctx: Ctx): Promise<BackupStatus & { applies: boolean }> {
  requireRole(ctx, ...IT_ROLES);
  // On PostgreSQL the server's own backups protect the data; Belfry's daily backup is PGlite's.
  return { applies: !ctx.config.databaseUrl, ...readBackupStatus(ctx.config.dataDir) };
}
