import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { type Actor, type Ctx, systemActor } from './lib/context.ts';
import type { Logger } from './lib/logger.ts';
import { createMailer, type Mailer } from './lib/mailer.ts';
import { makePrivate } from './lib/private-files.ts';
import { ensureBundledBankHolidays } from './modules/calendar/index.ts';
import { recoverInterruptedJobs } from './modules/jobs/index.ts';
import { abandonInterruptedImports } from './modules/security/index.ts';
import { abandonInterruptedWifiImports } from './modules/wifi/index.ts';

/**
 * What the server and every CLI command share: the data directory, the session secret, the
 * database (opened and migrated), and a system context for work done without a signed-in user.
 */

const SECRET_FILE = 'session-secret';

/** The session secret from the environment, else from the data directory (made on first start). */
export function resolveSessionSecret(dataDir: string, fromEnv?: string): string {
  if (fromEnv) return fromEnv;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export const pgliteDir = (config: Config) => path.join(config.dataDir, 'pglite');

export type Runtime = {
  config: Config;
  database: Database;
  clock: Clock;
  mail: Mailer;
  ctx: (actor?: Actor) => Ctx;
  close: () => Promise<void>;
};

/** Opens and migrates the database and runs the idempotent start-up chores. */
export async function openRuntime(
  config: Config,
  log: Logger,
  options: {
    onFatal?: (err: Error) => void;
    /** A closed PGlite data directory a new one is copied from instead of the migrated template (the demo's). */
    newDirCopyOf?: string;
  } = {},
): Promise<Runtime> {
  const tightened = makePrivate(config.dataDir);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: pgliteDir(config),
    // A new PGlite directory starts as a copy of the migrated template (migrate below then has nothing to do).
    newDirFrom: { migrate, copyOf: options.newDirCopyOf },
    onFatal: options.onFatal,
    onIdleError: (err) => log.warn({ err: err.message }, 'a pooled PostgreSQL connection failed; the pool replaces it'),
  });
  try {
    if (tightened) log.info({ files: tightened }, 'made the data directory private (directories 0700, files 0600)');
    const applied = await migrate(database.db);
    if (applied.length) log.info({ applied }, `applied ${applied.length} migration(s)`);
    const mail = createMailer(config.mail, log);
    const ctx = (actor: Actor = systemActor('Belfry')): Ctx => ({
      db: database.db,
      clock: systemClock,
      config,
      log,
      mail,
      actor,
    });
    await ensureBundledBankHolidays(ctx());
    await recoverInterruptedJobs(ctx());
    await abandonInterruptedImports(ctx());
    await abandonInterruptedWifiImports(ctx());
    return {
      config,
      database,
      clock: systemClock,
      mail,
      ctx,
      close: async () => {
        mail.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
