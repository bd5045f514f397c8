import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { importEntraCsv } from './entra-csv-importer.ts';

const HEADER = [
  'Unknown A',
  'Sign-in error code',
  'Date (UTC)',
  'Incoming token type',
  'Request ID',
  'Application ID ',
  'Username',
  'Unknown B',
  'IP address',
  'Location',
  'Status',
  'Incoming token type',
  'Autonomous system  number',
  'Unknown C',
  'Client app',
  'Unknown D',
  'Failure reason',
  'Unknown E',
  'User',
];
const row = (date: string, id: string, code: number, user: string, ip: string) =>
  [
    'x',
    code,
    date,
    'none',
    id,
    'app-id',
    user,
    'y',
    ip,
    'Leeds, West Yorkshire, GB',
    code ? 'Failure' : 'Success',
    'primaryRefreshToken',
    '5607',
    'z',
    'Browser',
    'w',
    code ? 'Invalid username or password' : '',
    'v',
    'A Person',
  ]
    .map((v) => (String(v).includes(',') ? `"${v}"` : v))
    .join(',');
const csv = (rows: string[]) => `\uFEFF${HEADER.join(',')}\r\n${rows.join('\r\n')}\r\n`;
const opts = { dryRun: false, skipInvalid: false };

describeEachDatabase('security: the Entra CSV importer (A-10)', (t) => {
  it('reads the messy header set by name and stores the fields; re-importing an overlapping file adds nothing', async () => {
    const ctx = t.ctx();
    const a = writeTestFile(
      'InteractiveSignIns_2026-11-01.csv',
      csv([
        row('2026-11-01T08:00:00.1234567Z', 'r1', 0, 'A.Person@School.example', '81.2.69.1'),
        row('2026-11-01T08:05:00Z', 'r2', 50126, 'b.person@school.example', '203.0.113.5'),
      ]),
    );
    const first = await importEntraCsv(ctx, a, opts, () => {});
    expect(first).toMatchObject({ rowsIn: 2, created: 2, rejected: 0 });
    const stored = await queryRows<Record<string, unknown>>(
      ctx.db,
      sql`SELECT user_name, ip, error_code, country, city, asn, failure_kind, interactive FROM security_signins ORDER BY ts`,
    );
    expect(stored[0]).toMatchObject({
      user_name: 'a.person@school.example',
      ip: '81.2.69.1',
      error_code: 0,
      country: 'GB',
      city: 'Leeds',
      asn: 5607,
      interactive: true,
    });
    expect(stored[1]).toMatchObject({ error_code: 50126, failure_kind: 'credential' });
    const b = writeTestFile(
      'InteractiveSignIns_2026-11-01b.csv',
      csv([
        row('2026-11-01T08:05:00Z', 'r2', 50126, 'b.person@school.example', '203.0.113.5'),
        row('2026-11-01T09:00:00Z', 'r3', 0, 'c.person@school.example', '81.2.69.3'),
      ]),
    );
    expect(await importEntraCsv(ctx, b, opts, () => {})).toMatchObject({ rowsIn: 2, created: 1, unchanged: 1 });
    const same = await importEntraCsv(ctx, a, opts, () => {});
    expect(same).toMatchObject({ created: 0, unchanged: 2 });
    expect(same.notes?.[0]).toMatch(/This exact file was imported on/);
  });

  it('settles day/month order from a day above 12; a file every date of which reads either way is refused and asks', async () => {
    const ctx = t.ctx();
    const uk = writeTestFile(
      'export-uk.csv',
      csv([
        row('05/01/2024 10:11:12', 'c1', 0, 'd@school.example', '81.2.69.4'),
        row('15/01/2024 10:11:12', 'c2', 0, 'd@school.example', '81.2.69.4'),
      ]),
    );
    const s = await importEntraCsv(ctx, uk, opts, () => {});
    expect(s.notes?.join(' ')).toContain('Dates read as day/month/year (line 3: "15/01/2024 10:11:12"');
    const days = await queryRows<{ ts: string }>(
      ctx.db,
      sql`SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS ts FROM security_signins WHERE event_key IN ('c1','c2') ORDER BY ts`,
    );
    expect(days.map((d) => d.ts)).toEqual(['2024-01-05 10:11:12', '2024-01-15 10:11:12']);
    const vague = writeTestFile('export-vague.csv', csv([row('05/01/2024 10:11:12', 'v1', 0, 'e@school.example', '81.2.69.5')]));
    const err = (await importEntraCsv(ctx, vague, opts, () => {}).catch((e: unknown) => e)) as ImportRejected;
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems[0]?.message).toContain('the date order cannot be settled from the file');
    expect(err.problems[0]?.message).toContain('--date-order dmy');
    const none = await queryRows(ctx.db, sql`SELECT 1 FROM security_signins WHERE event_key = 'v1'`);
    expect(none).toHaveLength(0);
    // Chosen for the file: month first, so 5 January is 1 May.
    const w = await importEntraCsv(ctx, vague, { ...opts, dateOrder: 'mdy' }, () => {});
    expect(w.notes?.join(' ')).toContain('as chosen for this file');
    const v = await queryRows<{ ts: string }>(
      ctx.db,
      sql`SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS ts FROM security_signins WHERE event_key = 'v1'`,
    );
    expect(v[0]?.ts).toBe('2024-05-01');
  });

  it("honours the school's one date order, and a value stored under the Entra importer's old setting", async () => {
    const ctx = t.ctx();
    await ctx.db.execute(
      sql`INSERT INTO settings_values (key, value, updated_by) VALUES ('security.dateOrder', '"dmy"'::jsonb, 'test')`,
    );
    const f = writeTestFile('export-old.csv', csv([row('06/02/2024 10:11:12', 'o1', 0, 'g@school.example', '81.2.69.5')]));
    const s = await importEntraCsv(ctx, f, opts, () => {});
    expect(s.notes?.join(' ')).toContain("the school's setting (imports.dateOrder)");
    const v = await queryRows<{ ts: string }>(
      ctx.db,
      sql`SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS ts FROM security_signins WHERE event_key = 'o1'`,
    );
    expect(v[0]?.ts).toBe('2024-02-06');
    await ctx.db.execute(sql`DELETE FROM settings_values WHERE key = 'security.dateOrder'`);
  });

  it('refuses a file that mixes day-first and month-first dates', async () => {
    const ctx = t.ctx();
    const f = writeTestFile(
      'export-mixed.csv',
      csv([
        row('15/01/2024 10:11:12', 'm1', 0, 'h@school.example', '81.2.69.5'),
        row('01/16/2024 10:11:12', 'm2', 0, 'h@school.example', '81.2.69.5'),
      ]),
    );
    const err = (await importEntraCsv(ctx, f, opts, () => {}).catch((e: unknown) => e)) as ImportRejected;
    expect(err.problems[0]).toMatchObject({ file: 'export-mixed.csv', line: 3, field: 'Date (UTC)' });
    expect(err.problems[0]?.message).toContain('the file mixes two date orders');
  });

  it('refuses the whole file for a bad row, naming the line and column, and saves nothing', async () => {
    const ctx = t.ctx();
    const bad = writeTestFile(
      'bad.csv',
      csv([
        row('2026-11-02T08:00:00Z', 'b1', 0, 'f@school.example', '81.2.69.6'),
        row('not a date', 'b2', 0, 'f@school.example', '81.2.69.6'),
      ]),
    );
    const err = await importEntraCsv(ctx, bad, opts, () => {}).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).problems[0]).toMatchObject({ file: 'bad.csv', line: 3, field: 'Date (UTC)' });
    const n = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM security_signins WHERE event_key = 'b1'`);
    expect(Number(n[0]?.n)).toBe(0);
    const wrong = writeTestFile('people.csv', 'Forename,Surname\nA,B\n');
    await expect(importEntraCsv(ctx, wrong, opts, () => {})).rejects.toThrow(/does not look like an Entra sign-in download/);
  });
});
