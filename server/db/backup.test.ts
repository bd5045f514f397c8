import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import * as tar from 'tar';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ctx } from '../lib/context.ts';
import { describeEachDatabase, openTestDatabase, TEST_DB_KINDS } from '../lib/test-db.ts';
import { writeTestFile } from '../lib/test-files.ts';
import { signIn, TEST_PASSWORD, testApp } from '../lib/test-http.ts';
import { createUser } from '../modules/accounts/index.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { setBusinessHours } from '../modules/calendar/domain/business-hours.ts';
import { addCalendarEntry, ensureBundledBankHolidays } from '../modules/calendar/index.ts';
import { createSchool, directoryModule, syncPeople } from '../modules/directory/index.ts';
import { startJob } from '../modules/jobs/index.ts';
import { addAppLink, schoolNameSetting, setSetting } from '../modules/settings/index.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import type { Database, Db } from './connect.ts';
import { queryRows } from './rows.ts';

const TMP = path.resolve('.tmp/backup-test', String(process.pid));

/** Every table's row count and an md5 of its rows, printed in one fixed time zone and byte order. */
async function fingerprint(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  return db.transaction(async (tx) => {
    // Both engines must print timestamps and sort text identically, whatever their defaults.
    await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
    await tx.execute(sql`SET LOCAL DateStyle = 'ISO, YMD'`);
    const tables = await queryRows<{ name: string }>(
      tx,
      sql`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'belfry_migrations'
          ORDER BY table_name`,
    );
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const { name } of tables) {
      const r = await queryRows<{ rows: number; md5: string }>(
        tx,
        sql.raw(
          `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text COLLATE "C"), '')) AS md5 FROM "${name}" t`,
        ),
      );
      out[name] = r[0] as { rows: number; md5: string };
    }
    return out;
  });
}

const maxAuditId = async (db: Db) =>
  Number((await queryRows<{ n: number | null }>(db, sql`SELECT max(id)::int AS n FROM audit_events`))[0]?.n);

/** Data of every shape the schema holds, written through the real use cases. */
async function fillDatabase(ctx: Ctx, database: Database): Promise<void> {
  await createUser(ctx, { email: 'director@oakfield.example', name: 'Sam Harding', role: 'admin', password: TEST_PASSWORD });
  await createUser(ctx, { email: 'tech@oakfield.example', name: 'Jess "JJ" Marsh, IT', role: 'it', password: TEST_PASSWORD });
  await createUser(ctx, { email: 'sso@oakfield.example', name: 'Zoë Brûlé', role: 'staff', sso: true });
  const senior = await createSchool(ctx, { code: 'senior', name: 'Oakfield Senior School', phase: 'senior' });
  const base = {
    preferredName: null,
    schoolId: null,
    yearGroup: null,
    house: null,
    tutorGroup: null,
    jobTitle: null,
    department: null,
  };
  await syncPeople(
    ctx,
    [
      { ...base, externalId: 'P1', kind: 'pupil', givenName: 'Aisha', familyName: 'Khan', email: '26khana@oakfield.example' },
      // Quotes, a comma and a line break inside values, and an empty string beside NULLs.
      {
        ...base,
        externalId: 'P2',
        kind: 'pupil',
        givenName: 'Anne\nMarie',
        familyName: `O'Brien, "Jr"`,
        email: null,
        schoolId: senior.id,
        yearGroup: 0,
        house: '',
        groups: ['year-r', 'choir'],
      },
      {
        ...base,
        externalId: 'S1',
        kind: 'staff',
        givenName: 'Grace',
        familyName: 'Okafor',
        email: 'g.okafor@oakfield.example',
        schoolId: senior.id,
        jobTitle: 'Teacher of Music',
        department: 'Music',
        groups: ['choir', 'staff-all'],
      },
    ],
    {
      dryRun: false,
      deactivateMissing: false,
      record: { kind: 'people', fileName: 'mis.csv', fileSha256: 'ab'.repeat(32), actorLabel: 'test', rejected: [] },
    },
  );
  const places = writeTestFile(
    'places.csv',
    'school,building,building name,room,room name,floor\nsenior,SCI,Science,S101,Lab 1,Ground\n',
  );
  const importer = directoryModule.importers?.find((i) => i.kind === 'places');
  await importer?.run(ctx, places, { dryRun: false, skipInvalid: false }, () => {});
  await ensureBundledBankHolidays(ctx);
  await addCalendarEntry(ctx, { kind: 'term', name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-11' });
  await addCalendarEntry(ctx, {
    kind: 'half_term',
    schoolId: senior.id,
    name: 'Autumn half-term',
    startsOn: '2026-10-19',
    endsOn: '2026-10-30',
  });
  await setBusinessHours(ctx, senior.id, [
    { weekday: 1, opens: '07:30', closes: '18:00' },
    { weekday: 5, opens: '07:30', closes: '16:15' },
  ]);
  const job = await startJob(ctx, { kind: 'test', title: 'A finished job' }, async () => ({ rowsIn: 2, notes: ['a', 'b'] }));
  await job.finished;
  await setSetting(ctx, [schoolNameSetting], 'school.name', { text: 'Oakfield School' });
  await addAppLink(ctx, { name: 'Google Admin', url: 'https://admin.google.com/', roles: ['admin', 'it'] });
  // A session and a failed sign-in (a bigserial table besides the audit log) through the real app.
  const app = await testApp(database);
  await signIn(app, 'director@oakfield.example', TEST_PASSWORD);
  await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'tech@oakfield.example', password: 'wrong' } });
  await app.close();
}

describeEachDatabase('backup and restore', (t) => {
  const dir = path.join(TMP, t.kind);
  let file = '';
  let before: Awaited<ReturnType<typeof fingerprint>>;
  const opened: Database[] = [];
  const fresh = async (kind = t.kind) => {
    const d = await openTestDatabase(kind);
    opened.push(d);
    return d;
  };

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    await fillDatabase(t.ctx(), t.database());
    file = path.join(dir, 'school.tar.gz');
    const result = await backupDatabase(t.database().db, t.kind, file);
    before = await fingerprint(t.database().db);
    expect(result.tables).toBe(Object.keys(before).length);
    expect(result.rows).toBe(Object.values(before).reduce((n, x) => n + x.rows, 0));
  });
  afterAll(async () => {
    for (const d of opened) await d.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The foundation's tables; feature modules' tables are compared below too, filled or not.
  const FOUNDATION = ['accounts_', 'audit_', 'calendar_', 'directory_', 'jobs_', 'settings_'];
  it('filled every foundation table (so the comparison below covers each one)', () => {
    const foundation = Object.entries(before).filter(([k]) => FOUNDATION.some((p) => k.startsWith(p)));
    expect(foundation.filter(([, v]) => v.rows === 0).map(([k]) => k)).toEqual([]);
    expect(foundation).toHaveLength(18);
    expect(before.accounts_users?.rows).toBe(3);
    expect(before.directory_people?.rows).toBe(3);
    expect(before.directory_group_members?.rows).toBe(4);
    expect(before.calendar_bank_holidays?.rows).toBe(67);
  });

  it('restores into a fresh database with identical rows, and ids carry on after the highest', async () => {
    const target = await fresh();
    const result = await restoreDatabase(target.db, file);
    expect(result.migratedForward).toEqual([]);
    expect(await fingerprint(target.db)).toEqual(before);
    const top = await maxAuditId(target.db);
    expect(top).toBe(await maxAuditId(t.database().db));
    await recordAudit({ ...t.ctx(), db: target.db }, { action: 'test.after_restore', summary: 'after restore' });
    expect(await maxAuditId(target.db)).toBe(top + 1);
    const people = await queryRows<{ given_name: string; family_name: string; house: string | null; email: string | null }>(
      target.db,
      sql`SELECT given_name, family_name, house, email FROM directory_people WHERE external_id = 'P2'`,
    );
    expect(people).toEqual([{ given_name: 'Anne\nMarie', family_name: `O'Brien, "Jr"`, house: '', email: null }]);
  });

  it('refuses to restore into a database that already has rows, and changes nothing', async () => {
    await expect(restoreDatabase(t.database().db, file)).rejects.toThrow(
      /^Restore needs an empty database, but table accounts_sessions has rows; restore into a new data directory or database$/,
    );
    expect(await fingerprint(t.database().db)).toEqual(before);
  });

  it('refuses a file that is not a Belfry backup', async () => {
    const target = await fresh();
    const notTar = writeTestFile('notes.tar.gz', 'just some notes, not an archive\n');
    await expect(restoreDatabase(target.db, notTar)).rejects.toThrow(`${notTar} is not a Belfry backup`);
    // A real archive, but without a manifest.
    const foreign = path.join(dir, 'foreign');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(path.join(foreign, 'photo.txt'), 'holiday snaps');
    const noManifest = path.join(dir, 'no-manifest.tar.gz');
    await tar.c({ gzip: true, file: noManifest, cwd: foreign }, ['photo.txt']);
    await expect(restoreDatabase(target.db, noManifest)).rejects.toThrow(`${noManifest} is not a Belfry backup`);
    // A manifest of some foreign program.
    writeFileSync(path.join(foreign, 'manifest.json'), JSON.stringify({ format: 'foreign-tool', formatVersion: 1 }));
    const otherFormat = path.join(dir, 'foreign-format.tar.gz');
    await tar.c({ gzip: true, file: otherFormat, cwd: foreign }, ['manifest.json']);
    await expect(restoreDatabase(target.db, otherFormat)).rejects.toThrow(`${otherFormat} is not a Belfry backup`);
    expect(Object.values(await fingerprint(target.db)).every((x) => x.rows === 0)).toBe(true);
  });

  const other = t.kind === 'pglite' ? 'postgres' : 'pglite';
  it.runIf(TEST_DB_KINDS.includes(other))(`restores into ${other} with identical rows (cross-engine)`, async () => {
    const target = await fresh(other);
    await restoreDatabase(target.db, file);
    expect(await fingerprint(target.db)).toEqual(before);
    const top = await maxAuditId(target.db);
    await recordAudit({ ...t.ctx(), db: target.db }, { action: 'test.after_restore', summary: 'after restore' });
    expect(await maxAuditId(target.db)).toBe(top + 1);
  });
});
