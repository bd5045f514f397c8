import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds pupils' data (the database's files and WAL, uploads, backups): only
 * the account Belfry runs as may read it. Directories 0700 and files 0600, whatever they were
 * created with (an old install, a permissive umask, a copied backup). New files are made private
 * by the process's umask (main.ts) and by the modes Belfry's own writes ask for.
 */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/** Creates `dir` if needed and makes it and everything under it private; returns how many modes changed. */
export function makePrivate(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  let changed = 0;
  const walk = (p: string) => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) return;
    const want = st.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE;
    if ((st.mode & 0o777) !== want) {
      chmodSync(p, want);
      changed++;
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
  };
  walk(dir);
  return changed;
}
