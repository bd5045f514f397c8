import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { fixedClock } from './lib/clock.ts';
import type { Ctx } from './lib/context.ts';
import type { App } from './lib/module.ts';
import { describeEachDatabase, TEST_CONFIG } from './lib/test-db.ts';
import { type Session, signInAs } from './lib/test-http.ts';
import type { Runtime } from './runtime.ts';
import { runDailyBackup } from './scheduler.ts';

const TMP = path.resolve('.tmp/scheduler-test', String(process.pid));

describeEachDatabase('the daily backup', (t) => {
  const dataDir = path.join(TMP, t.kind);
  // 02:30 on Tuesday 17 November 2026 in London: the quiet hours.
  const now = '2026-11-17T02:30:00.000Z';
  const config = { ...TEST_CONFIG, dataDir, databaseUrl: undefined };
  let app: App;
  let it1: Session;
  let rt: Runtime;

  beforeAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    app = await buildApp({ database: t.database(), config, clock: fixedClock(now) });
    await app.ready();
    it1 = await signInAs(app, t.database(), 'it');
    const staff = await signInAs(app, t.database(), 'staff');
    // A ticket: the table with the generated search columns that broke every backup before.
    const res = await staff.request({
      method: 'POST',
      url: '/api/helpdesk/tickets',
      payload: { subject: 'Projector in S101 flickers', description: 'Since this morning.', category: 'AV' },
    });
    expect(res.statusCode).toBe(201);
    rt = {
      config,
      database: t.database(),
      clock: fixedClock(now),
      ctx: () => t.ctx() as Ctx,
    } as unknown as Runtime;
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the backup, proves it by restoring it into a scratch database, and says so on Today', async () => {
    const file = await runDailyBackup(rt);
    expect(file).toBe(path.join(dataDir, 'backups', 'belfry-2026-11-17.tar.gz'));
    expect(statSync(file as string).mode & 0o777).toBe(0o600);
    // The scratch database is gone; only the backup and its status remain.
    expect(readdirSync(path.join(dataDir, 'backups')).sort()).toEqual(['belfry-2026-11-17.tar.gz', 'status.json']);
    const today = (await it1.request({ method: 'GET', url: '/api/today' })).json() as {
      cards: { id: string; data: { applies: boolean; lastVerified?: { file: string; at: string; tables: number } } }[];
    };
    const card = today.cards.find((c) => c.id === 'system.backups');
    expect(card?.data.applies).toBe(true);
    expect(card?.data.lastVerified).toMatchObject({ file: 'belfry-2026-11-17.tar.gz', at: now, tables: 118 });
    // Today's backup exists: no second one the same day.
    expect(await runDailyBackup(rt)).toBeUndefined();
  }, 240_000);

  it('shows the data directory in Settings: database, uploads and backups, with the last verified backup', async () => {
    mkdirSync(path.join(dataDir, 'uploads'), { recursive: true });
    writeFileSync(path.join(dataDir, 'uploads', 'x.upload'), Buffer.alloc(3000));
    const res = await it1.request({ method: 'GET', url: '/api/system/storage' });
    expect(res.statusCode).toBe(200);
    const s = res.json() as {
      parts: { key: string; bytes: number; files: number | null }[];
      backups: { count: number; lastVerified: { file: string } };
      freeBytes: number;
    };
    const part = (k: string) => s.parts.find((p) => p.key === k);
    expect(part('uploads')).toEqual(expect.objectContaining({ bytes: 3000, files: 1 }));
    expect(part('backups')?.files).toBe(2);
    expect(part('backups')?.bytes).toBe(
      readdirSync(path.join(dataDir, 'backups')).reduce((n, f) => n + statSync(path.join(dataDir, 'backups', f)).size, 0),
    );
    expect(s.backups.count).toBe(1);
    expect(s.backups.lastVerified.file).toBe('belfry-2026-11-17.tar.gz');
    expect(s.freeBytes).toBeGreaterThan(0);
    const staff = await signInAs(app, t.database(), 'staff');
    expect((await staff.request({ method: 'GET', url: '/api/system/storage' })).statusCode).toBe(403);
  });

  it('takes the backup again when the last attempt was cut short (kill -9 while it was being verified)', async () => {
    const day = '2026-11-19T03:00:00.000Z';
    const dir = path.join(dataDir, 'backups');
    writeFileSync(path.join(dir, 'belfry-2026-11-19.tar.gz.unverified'), 'cut short');
    mkdirSync(path.join(dir, '.verify', 'base'), { recursive: true });
    const file = await runDailyBackup({ ...rt, clock: fixedClock(day) } as Runtime);
    expect(file).toBe(path.join(dir, 'belfry-2026-11-19.tar.gz'));
    expect(readdirSync(dir).sort()).toEqual(['belfry-2026-11-17.tar.gz', 'belfry-2026-11-19.tar.gz', 'status.json']);
    rmSync(path.join(dir, 'belfry-2026-11-19.tar.gz'));
  }, 240_000);

  it('records a backup that does not restore as a failure, removes it and keeps the last verified one', async () => {
    // Tomorrow's backup cannot be read: the database has stopped.
    const tomorrow = '2026-11-18T02:30:00.000Z';
    const stopped = { ...t.database(), db: { transaction: () => Promise.reject(new Error('the database thread stopped')) } };
    await expect(runDailyBackup({ ...rt, database: stopped, clock: fixedClock(tomorrow) } as unknown as Runtime)).rejects.toThrow(
      'the database thread stopped',
    );
    expect(existsSync(path.join(dataDir, 'backups', 'belfry-2026-11-18.tar.gz'))).toBe(false);
    const today = (await it1.request({ method: 'GET', url: '/api/today' })).json() as {
      cards: { id: string; data: { lastVerified?: { file: string }; lastFailure?: { at: string; message: string } } }[];
    };
    const card = today.cards.find((c) => c.id === 'system.backups');
    expect(card?.data.lastVerified?.file).toBe('belfry-2026-11-19.tar.gz');
    expect(card?.data.lastFailure).toEqual({ at: tomorrow, message: 'the database thread stopped' });
  }, 240_000);
});
