import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { templateDir } from './db/pglite-template.ts';
import { queryRows } from './db/rows.ts';
import { copyDemoTemplateFiles, demoTemplateDir, demoTemplateKey, findDemoTemplate } from './demo-template.ts';
import { silentLogger } from './lib/logger.ts';
import { TEST_CONFIG } from './lib/test-db.ts';
import { openRuntime } from './runtime.ts';

// A day long past, so no real start ever takes this test's stand-in template for today's.
const MADE = new Date('2001-03-05T10:00:00Z');

describe('the demo template a first start copies', () => {
  let scratch: string;
  let template: string;
  const config = (dataDir: string, more: Partial<Config> = {}): Config => ({ ...TEST_CONFIG, dataDir, ...more });

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'belfry-demo-template-test-'));
    // A stand-in for the demo: a migrated database with one mark in it, and the demo's other files.
    const rt = await openRuntime(config(path.join(scratch, 'made')), silentLogger);
    await rt.database.db.execute(
      sql`INSERT INTO settings_values (key, value, updated_by) VALUES ('school.name', '"Marked School"', 'test')`,
    );
    await rt.close();
    template = demoTemplateDir(config('/anywhere'), MADE);
    rmSync(template, { recursive: true, force: true });
    mkdirSync(template, { recursive: true });
    cpSync(path.join(scratch, 'made', 'pglite'), path.join(template, 'pglite'), { recursive: true });
    writeFileSync(path.join(template, 'demo-sign-in.txt'), 'Password: x\n');
    writeFileSync(path.join(template, 'phishing.key'), 'a2V5\n');
    writeFileSync(path.join(template, 'belfry-demo-template.json'), '{}\n');
  }, 120_000);

  afterAll(() => {
    rmSync(template, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is keyed by the day in the school time zone and the configuration that shapes the demo, not the port or data directory', () => {
    const key = (c: Partial<Config>, at = MADE) => demoTemplateKey(config('/a', c), at).key;
    expect(demoTemplateKey(config('/a'), MADE).day).toBe('2001-03-05');
    expect(key({ port: 4000, host: '0.0.0.0', dataDir: '/b', sessionSecret: 'other-secret-other-secret-other-secret' })).toBe(
      key({}),
    );
    expect(key({}, new Date('2001-03-05T23:30:00Z'))).toBe(key({}));
    expect(key({}, new Date('2001-03-06T00:30:00Z'))).not.toBe(key({}));
    expect(key({ timeZone: 'America/New_York' }, new Date('2001-03-06T00:30:00Z'))).not.toBe(key({}));
    expect(key({ baseUrl: 'https://belfry.oakfield.example' })).not.toBe(key({}));
    expect(key({ phishing: { host: '127.0.0.1', trustedProxies: [], key: 'k' } })).not.toBe(key({}));
  });

  it('is found only for an empty embedded data directory, on the day it was made', () => {
    const empty = path.join(scratch, 'empty');
    expect(findDemoTemplate(config(empty), MADE)).toBe(template);
    expect(findDemoTemplate(config(empty), new Date('2001-03-06T10:00:00Z'))).toBeUndefined();
    expect(findDemoTemplate(config(empty, { databaseUrl: 'postgresql://x@127.0.0.1/x' }), MADE)).toBeUndefined();
    expect(findDemoTemplate(config(path.join(scratch, 'made')), MADE)).toBeUndefined();
    // A data directory with a phishing key of its own would not decrypt the template's secrets.
    const keyed = path.join(scratch, 'keyed');
    mkdirSync(keyed);
    writeFileSync(path.join(keyed, 'phishing.key'), 'b3du\n');
    expect(findDemoTemplate(config(keyed), MADE)).toBeUndefined();
  });

  it('copies the database and the demo files, never the session secret; a restart then finds its data', async () => {
    const dataDir = path.join(scratch, 'fresh');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'session-secret'), 'mine\n');
    const found = findDemoTemplate(config(dataDir), MADE) as string;
    expect(copyDemoTemplateFiles(found, dataDir)).toBe(true);
    const rt = await openRuntime(config(dataDir), silentLogger, { newDirCopyOf: path.join(found, 'pglite') });
    try {
      expect(rt.database.copiedFrom).toBe(path.join(found, 'pglite'));
      const rows = await queryRows<{ value: unknown }>(
        rt.database.db,
        sql`SELECT value FROM settings_values WHERE key = 'school.name'`,
      );
      expect(rows[0]?.value).toBe('Marked School');
      expect(await migrate(rt.database.db)).toEqual([]);
    } finally {
      await rt.close();
    }
    expect(readFileSync(path.join(dataDir, 'demo-sign-in.txt'), 'utf8')).toBe('Password: x\n');
    expect(readFileSync(path.join(dataDir, 'session-secret'), 'utf8')).toBe('mine\n');
    expect(existsSync(path.join(dataDir, 'belfry-demo-template.json'))).toBe(false);
    // A second copy into the same directory is refused, and leaves what is there.
    expect(copyDemoTemplateFiles(found, dataDir)).toBe(false);
    expect(existsSync(path.join(dataDir, 'demo-sign-in.txt'))).toBe(true);
  }, 120_000);

  it('falls back to the migrated template when the demo template has gone', async () => {
    const dataDir = path.join(scratch, 'gone');
    const rt = await openRuntime(config(dataDir), silentLogger, { newDirCopyOf: path.join(scratch, 'no-such-template') });
    try {
      expect(rt.database.copiedFrom).toBeUndefined();
      expect(await migrate(rt.database.db)).toEqual([]);
    } finally {
      await rt.close();
    }
    expect(existsSync(templateDir('migrated'))).toBe(true);
  }, 120_000);
});
