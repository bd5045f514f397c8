import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBelfry } from '../../../lib/test-cli.ts';
import { writeTestFile } from '../../../lib/test-files.ts';

const DIR = path.resolve('.tmp/briefing-cli-test', String(process.pid));

const belfry = (...argv: string[]) => runBelfry(DIR, argv);

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

it('belfry briefing draft, publish and search', async () => {
  const file = writeTestFile(
    'history.csv',
    'Ticket Number,Subject,Status,Priority,Category,Requester Email,Created,First Response At,Resolved At\n' +
      '1,Printer jam in the library,resolved,normal,Printing,a@oakfield.example,2026-11-09 09:00,2026-11-09 09:45,2026-11-09 12:00\n' +
      '2,No Wi-Fi in S101,resolved,high,Wi-Fi,b@oakfield.example,2026-11-10 13:00,2026-11-10 13:20,2026-11-10 14:00\n',
  );
  expect((await belfry('import', 'tickets', file)).code).toBe(0);

  const draft = await belfry('briefing', 'draft', '--week', '2026-W46');
  expect(draft.code).toBe(0);
  expect(draft.stderr).toContain('  drafting: Help desk: the week in numbers\n');
  const lines = draft.stdout.split('\n');
  expect(lines[0]).toBe('Drafted: IT Services briefing, w/c 9 November 2026');
  expect(lines[1]).toMatch(/^ {2}2 of 11 sections have something to say \(left out: Thoughts, Notices, Kudos,/);
  expect(draft.stdout).toContain('## The week in numbers');
  expect(draft.stdout).toContain('[**2** raised](/helpdesk/metrics?from=2026-11-09&to=2026-11-15&drill=created)');

  const bad = await belfry('briefing', 'draft', '--week', '2026-47');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe('week: Use the ISO week, e.g. 2026-W47\n');
  const none = await belfry('briefing', 'publish', '--week', '2026-W45');
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('There is no briefing for 2026-W45 yet');

  const published = await belfry('briefing', 'publish', '--week', '2026-W46', '--no-email');
  expect(published.code).toBe(0);
  expect(published.stdout).toBe('Published revision 1: IT Services briefing, w/c 9 November 2026\n  not emailed (--no-email)\n');
  const again = await belfry('briefing', 'draft', '--week', '2026-W46');
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('is published; start a correction to change it');

  const found = await belfry('briefing', 'search', 'wifi');
  expect(found.code).toBe(0);
  expect(found.stdout.split('\n')[0]).toBe('Briefing: IT Services briefing, w/c 9 November 2026');
  expect(found.stdout).toMatch(/\n {2}http:\/\/localhost:3000\/briefings\/[0-9a-f-]{36}\n$/);
  const printer = await belfry('briefing', 'search', 'printing');
  expect(printer.stdout).toContain('«Printing»');
  expect((await belfry('briefing', 'search', 'zebra')).stdout).toBe('Nothing found for "zebra".\n');
}, 120_000);
