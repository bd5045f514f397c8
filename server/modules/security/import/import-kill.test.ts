import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/connect.ts';
import { migrate } from '../../../db/migrate.ts';
import { queryRows } from '../../../db/rows.ts';
import { fixedClock } from '../../../lib/clock.ts';
import { systemActor } from '../../../lib/context.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import { TEST_CONFIG } from '../../../lib/test-db.ts';
import { selectFailures } from '../db/detect-queries.ts';
import { abandonInterruptedImports, sweepDeadImports } from '../domain/import-staging.ts';

/**
 * Issue 12 item 4, for real: `belfry import` on a PGlite data directory killed with SIGKILL half-way
 * through a sign-in file. Its committed slices are on disk, none of them visible; the next start
 * marks the import abandoned and the sweep removes every row of it.
 */

const BIN = path.resolve('bin/belfry.mjs');
const ROWS = 60_000;
const root = path.resolve('.tmp/test-files', `${process.pid}-kill`);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('security: kill -9 during a sign-in import [pglite, real process]', () => {
  it('leaves nothing visible, and the restart discards what it staged', async () => {
    mkdirSync(root, { recursive: true });
    const dataDir = mkdtempSync(path.join(root, 'data-'));
    const file = path.join(root, 'InteractiveSignIns_kill.csv');
    const lines = ['Date (UTC),Request ID,Username,IP address,Location,Status,Sign-in error code,Failure reason,Client app'];
    for (let i = 0; i < ROWS; i++) {
      const ts = new Date(Date.parse('2026-11-09T07:00:00Z') + i * 2000).toISOString();
      lines.push(`${ts},kill-${i},staff${i % 90}@oakfield.example,198.51.100.${i % 200},"Leeds, GB",Success,0,,Browser`);
    }
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);

    const env: NodeJS.ProcessEnv = {};
    // biome-ignore lint/style/noProcessEnv: the child runs Belfry on PGlite whatever this shell's BELFRY_ settings
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BELFRY_') && k !== 'DATABASE_URL') env[k] = v;
    env.BELFRY_LOG_LEVEL = 'silent';
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'import', 'entra-signins', file], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    const killed = await new Promise<boolean>((resolve) => {
      child.stderr.on('data', (c: Buffer) => {
        said += c.toString('utf8');
        // Half the file read: with one slice in flight at a time, the first slices are committed.
        if (/\((50|60|70|80)%\)/.test(said) && child.exitCode === null) {
          child.kill('SIGKILL');
        }
      });
      child.once('exit', (_code, signal) => resolve(signal === 'SIGKILL'));
    });
    expect(killed, `the import finished before it could be killed:\n${said}`).toBe(true);

    const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
    try {
      await migrate(database.db);
      const ctx = {
        db: database.db,
        clock: fixedClock('2026-11-16T09:00:00Z'),
        config: TEST_CONFIG,
        log: silentLogger,
        mail: captureMailer(),
        actor: systemActor('test'),
      };
      const raw = async () =>
        Number((await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM security_signins`))[0]?.n);
      const staged = await raw();
      expect(staged).toBeGreaterThan(0);
      expect(staged).toBeLessThan(ROWS);
      expect(await queryRows(database.db, sql`SELECT status FROM security_imports`)).toEqual([{ status: 'staging' }]);
      // Nothing of it is visible: no event reaches a detection, no day in the rollup.
      expect(await selectFailures(database.db, ['credential'], new Date('2026-11-01'), new Date('2026-12-01'))).toEqual([]);
      const visible = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM security_signins s WHERE NOT EXISTS
              (SELECT 1 FROM security_imports i WHERE i.id = s.import_id AND i.status <> 'done')`,
      );
      expect(visible[0]?.n).toBe(0);
      expect(await queryRows(database.db, sql`SELECT * FROM security_signin_days`)).toEqual([]);

      // The restart's chores, then the sweep.
      await abandonInterruptedImports(ctx);
      expect(await sweepDeadImports(ctx)).toBe(1);
      expect(await raw()).toBe(0);
      expect(await queryRows(database.db, sql`SELECT * FROM security_imports`)).toEqual([]);
      expect(await queryRows(database.db, sql`SELECT * FROM security_import_days`)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 480_000);
});
