import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { backupDatabase, verifyBackup } from './db/backup.ts';
import { systemActor } from './lib/context.ts';
import type { ScheduledTask } from './lib/module.ts';
import { localDate, localParts } from './lib/zoned-time.ts';
import { purgeExpiredSessions } from './modules/accounts/index.ts';
import { recordBackupFailed, recordBackupVerified } from './modules/system/index.ts';
import type { Runtime } from './runtime.ts';

/**
 * Repeated work while the server runs: every module's scheduled tasks (BelfryModule.scheduled),
 * plus the server's own: expired sessions purged hourly, and the embedded database backed up
 * once a day into <data dir>/backups (14 kept). PGlite does not fsync, so those backups are what
 * protects a school from a power cut (docs/decisions/0001). Each backup is proved by restoring
 * it into a scratch database beside it and comparing every table with the manifest; the result
 * is kept in backups/status.json for Today and Settings. One task at a time; a slow task delays
 * the next rather than overlapping it.
 */

const KEEP_BACKUPS = 14;
const MINUTE = 60_000;

/**
 * Writes today's backup if there is none yet, in the quiet hours (01:00-05:00 school time), or at
 * any hour once the newest backup is more than 36 hours old (the server was off at night).
 */
export async function runDailyBackup(rt: Runtime): Promise<string | undefined> {
  const dir = path.join(rt.config.dataDir, 'backups');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = rt.clock.now();
  const today = localDate(now, rt.config.timeZone);
  const existing = (await readdir(dir)).filter((f) => /^belfry-\d{4}-\d{2}-\d{2}\.tar\.gz$/.test(f)).sort();
  if (existing.includes(`belfry-${today}.tar.gz`)) return undefined;
  const newest = existing[existing.length - 1];
  const newestAge = newest ? now.getTime() - (await stat(path.join(dir, newest))).mtimeMs : Number.POSITIVE_INFINITY;
  const hour = localParts(now, rt.config.timeZone).hour;
  if (!(hour >= 1 && hour < 5) && newestAge < 36 * 3600_000) return undefined;
  const file = path.join(dir, `belfry-${today}.tar.gz`);
  // A backup is named belfry-<date>.tar.gz only once it has restored: one cut short by a crash
  // (its .partial, its .unverified copy, the scratch database) is cleared and taken again.
  const unverified = `${file}.unverified`;
  for (const f of await readdir(dir))
    if (/\.(partial|unverified)$/.test(f)) await rm(path.join(dir, f), { recursive: true, force: true });
  await rm(path.join(dir, '.verify'), { recursive: true, force: true });
  const started = Date.now();
  try {
    await backupDatabase(rt.database.db, rt.database.kind, unverified);
    const result = await verifyBackup(unverified, path.join(dir, '.verify'));
    await rename(unverified, file);
    recordBackupVerified(rt.config.dataDir, {
      file: path.basename(file),
      at: now.toISOString(),
      tables: result.tables,
      rows: result.rows,
      bytes: (await stat(file)).size,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    });
  } catch (err) {
    // A backup that does not restore is no backup: it is removed, and the older ones are kept.
    await rm(unverified, { force: true });
    recordBackupFailed(rt.config.dataDir, { at: now.toISOString(), message: (err as Error).message });
    throw err;
  }
  for (const old of existing.slice(0, Math.max(0, existing.length + 1 - KEEP_BACKUPS)))
    await rm(path.join(dir, old), { force: true });
  return file;
}

export function coreTasks(rt: Runtime): ScheduledTask[] {
  const tasks: ScheduledTask[] = [
    { name: 'purge expired sessions', everyMinutes: 60, run: (ctx) => purgeExpiredSessions(ctx).then(() => {}) },
  ];
  if (rt.database.kind === 'pglite') {
    tasks.push({
      name: 'daily backup',
      everyMinutes: 60,
      run: async (ctx) => {
        const file = await runDailyBackup(rt);
        if (file) ctx.log.info({ file }, 'daily backup written and verified by restoring it');
      },
    });
  }
  return tasks;
}

export function startScheduler(rt: Runtime, tasks: readonly ScheduledTask[]): () => void {
  const lastRun = new Map<string, number>();
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const task of tasks) {
        const last = lastRun.get(task.name) ?? 0;
        if (Date.now() - last < task.everyMinutes * MINUTE) continue;
        lastRun.set(task.name, Date.now());
        const ctx = rt.ctx(systemActor(`scheduler: ${task.name}`));
        try {
          await task.run(ctx);
        } catch (err) {
          ctx.log.error({ err, task: task.name }, 'scheduled task failed');
        }
      }
    } finally {
      busy = false;
    }
  };
  const first = setTimeout(tick, (rt.config.schedulerDelaySeconds ?? 60) * 1000);
  const every = setInterval(tick, MINUTE);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
