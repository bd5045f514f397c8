import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { backupDatabase } from './db/backup.ts';
import { localDate } from './lib/zoned-time.ts';
import { purgeExpiredSessions } from './modules/accounts/index.ts';
import type { Runtime } from './runtime.ts';

/**
 * Housekeeping while the server runs: expired sessions are purged hourly, and the embedded
 * database is backed up once a day into <data dir>/backups (14 kept). PGlite does not fsync,
 * so these backups are what protects a school from a power cut (docs/decisions/0001).
 */

const KEEP_BACKUPS = 14;
const HOUR = 3600_000;

export async function runDailyBackup(rt: Runtime): Promise<string | undefined> {
  const dir = path.join(rt.config.dataDir, 'backups');
  await mkdir(dir, { recursive: true });
  const today = localDate(rt.clock.now(), rt.config.timeZone);
  const existing = (await readdir(dir)).filter((f) => /^belfry-\d{4}-\d{2}-\d{2}\.tar\.gz$/.test(f)).sort();
  if (existing.includes(`belfry-${today}.tar.gz`)) return undefined;
  const file = path.join(dir, `belfry-${today}.tar.gz`);
  await backupDatabase(rt.database.db, rt.database.kind, file);
  for (const old of existing.slice(0, Math.max(0, existing.length + 1 - KEEP_BACKUPS)))
    await rm(path.join(dir, old), { force: true });
  return file;
}

export function startScheduler(rt: Runtime): () => void {
  const log = rt.ctx().log;
  const tick = async () => {
    try {
      await purgeExpiredSessions(rt.ctx());
      if (rt.database.kind === 'pglite') {
        const file = await runDailyBackup(rt);
        if (file) log.info({ file }, 'daily backup written');
      }
    } catch (err) {
      log.error({ err }, 'scheduled housekeeping failed');
    }
  };
  // First run a minute after start, so start-up stays quick; then hourly.
  const first = setTimeout(tick, 60_000);
  const every = setInterval(tick, HOUR);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
