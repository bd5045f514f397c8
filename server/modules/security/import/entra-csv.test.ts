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

  it('settles day/month order from a day above 12, and warns when every day is 12 or under', async () => {
    const ctx = t.ctx();
    const uk = writeTestFile(
      'export-uk.csv',
      csv([
        row('05/01/2024 10:11:12', 'c1', 0, 'd@school.example', '81.2.69.4'),
        row('15/01/2024 10:11:12', 'c2', 0, 'd@school.example', '81.2.69.4'),
      ]),
    );
    const s = await importEntraCsv(ctx, uk, opts, () => {});
    expect(s.notes?.join(' ')).toContain('day/month/year');
    const days = await queryRows<{ ts: string }>(
      ctx.db,
      sql`SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS ts FROM security_signins WHERE event_key IN ('c1','c2') ORDER BY ts`,
    );
    expect(days.map((d) => d.ts)).toEqual(['2024-01-05 10:11:12', '2024-01-15 10:11:12']);
    const vague = writeTestFile('export-vague.csv', csv([row('05/01/2024 10:11:12', 'v1', 0, 'e@school.example', '81.2.69.5')]));
    const w = await importEntraCsv(ctx, vague, opts, () => {});
    expect(w.notes?.join(' ')).toContain('Ambiguous date order');
    const v = await queryRows<{ ts: string }>(
      ctx.db,
      sql`SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS ts FROM security_signins WHERE event_key = 'v1'`,
    );
    expect(v[0]?.ts).toBe('2024-01-05');
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
