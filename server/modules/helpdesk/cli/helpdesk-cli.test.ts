import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBelfry } from '../../../lib/test-cli.ts';
import { writeTestFile } from '../../../lib/test-files.ts';

const DIR = path.resolve('.tmp/helpdesk-cli-test', String(process.pid));

const belfry = (...argv: string[]) => runBelfry(DIR, argv);

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

it('belfry import tickets, then belfry helpdesk metrics --json', async () => {
  const file = writeTestFile(
    'history.csv',
    'Ticket Number,Subject,Status,Priority,Category,Requester Email,Created,First Response At,Resolved At\n' +
      '1,Printer jam,resolved,normal,Printing,a@oakfield.example,2026-11-09 09:00,2026-11-09 09:45,2026-11-09 12:00\n' +
      '2,No Wi-Fi in S101,resolved,high,Wi-Fi,b@oakfield.example,2026-11-10 13:00,2026-11-10 13:20,2026-11-10 14:00\n' +
      '3,Locked out,open,normal,Accounts,c@oakfield.example,2026-11-11 10:00,,\n',
  );
  const imported = await belfry('import', 'tickets', file);
  expect(imported.code).toBe(0);
  expect(imported.stdout).toContain('3 rows; 3 new, 0 changed, 0 unchanged, 0 rejected');
  const json = await belfry('--json', 'helpdesk', 'metrics', '--from', '2026-11-09', '--to', '2026-11-15');
  expect(json.code).toBe(0);
  const report = JSON.parse(json.stdout) as {
    metrics: { created: number; resolved: number; openAtEnd: number; firstResponse: { median: number } };
  };
  // 45 and 20 working minutes to the first responses: median 32.5.
  expect(report.metrics).toMatchObject({ created: 3, resolved: 2, openAtEnd: 1, firstResponse: { median: 32.5 } });
  const bad = await belfry('helpdesk', 'metrics', '--from', '2026-11-15', '--to', '2026-11-01');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('The period ends before it starts');
  const month13 = await belfry('helpdesk', 'metrics', '--from', '2026-13-01', '--to', '2026-11-01');
  expect(month13.code).toBe(2);
  expect(month13.stderr).toBe('from: "2026-13-01" is not a date (YYYY-MM-DD) or a date and time (ISO 8601)\n');
}, 60_000);
