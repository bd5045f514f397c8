import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { importTicketsFile } from './ticket-import.ts';
import { readTicketTable } from './ticket-sheet.ts';

/**
 * Issue 13 item 11: Zammad's own .xlsx ticket report, laid out as lib/excel_sheet.rb writes it:
 * the title, a blank row, the header row (ExcelSheet::Ticket#ticket_header), one row per ticket
 * with date-times as Excel date-times in the report's zone, two rows on the "Timezone:" footer.
 */

const HEADER = [
  '#',
  'Title',
  'State',
  'Priority',
  'Group',
  'Owner',
  'Customer',
  'Organization',
  'Create Channel',
  'Sender',
  'Tags',
  'Time Units Total',
  'Created At',
  'Updated At',
  'Closed At',
  'Close Escalation At',
  'Close In Min',
  'Close Diff In Min',
  'First Response At',
  'First Response Escalation At',
  'First Response In Min',
  'First Response Diff In Min',
  'Update Escalation At',
  'Update In Min',
  'Update Diff In Min',
  'Last Contact At',
  'Last Contact Agent At',
  'Last Contact Customer At',
  'Article Count',
  'Escalation At',
];

/** A wall-clock date-time as Excel holds it (exceljs writes a Date's UTC fields). */
const wall = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);

async function zammadWorkbook(path: string, zone: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.getCell('A1').value = 'Tickets: Created (2026-09-01 - 2026-09-30)';
  const header = ws.getRow(3);
  HEADER.forEach((h, i) => {
    header.getCell(i + 1).value = h;
  });
  const ticket = (row: number, values: Record<string, string | number | Date>) => {
    const r = ws.getRow(row);
    for (const [h, v] of Object.entries(values)) r.getCell(HEADER.indexOf(h) + 1).value = v;
  };
  ticket(4, {
    '#': '41001',
    Title: 'Interactive whiteboard in S12 not responding',
    State: 'closed',
    Priority: '2 normal',
    Group: 'AV',
    Owner: 'Priya Raman',
    Customer: 'Dan Cooper',
    'Create Channel': 'email',
    Sender: 'Customer',
    'Time Units Total': 0.5,
    'Created At': wall('2026-09-14 08:40:00'),
    'Updated At': wall('2026-09-14 12:00:00'),
    'Closed At': wall('2026-09-14 12:00:00'),
    'First Response At': wall('2026-09-14 09:10:00'),
    'First Response In Min': 30,
    'Article Count': 3,
  });
  ticket(5, {
    '#': '41002',
    Title: 'New starter laptop',
    State: 'open',
    Priority: '3 high',
    Group: 'Hardware',
    Customer: 'Sam Harding',
    'Created At': wall('2026-09-15 13:05:00'),
    'Updated At': wall('2026-09-15 13:05:00'),
    'Article Count': 1,
  });
  ws.getCell('A7').value = `Timezone: ${zone}`;
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
}

describeEachDatabase("importing Zammad's own .xlsx ticket report", (t) => {
  it('finds the header under the title, reads the date-times in the footer zone, and stays idempotent', async () => {
    const file = writeTestFile('Tickets_Created_2026-09.xlsx', '');
    await zammadWorkbook(file, 'Europe/London');
    const run = () =>
      importTicketsFile(t.ctx(), file, { dryRun: false, skipInvalid: false, fileName: 'Tickets_Created_2026-09.xlsx' }, () => {});
    expect(await run()).toMatchObject({ rowsIn: 2, created: 2, rejected: 0 });
    const rows = await queryRows<Record<string, unknown>>(
      t.database().db,
      sql`SELECT subject, status, priority, category, requester_name,
        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created,
        to_char(first_response_at AT TIME ZONE 'UTC', 'HH24:MI') AS first_response
        FROM helpdesk_tickets WHERE subject IN ('Interactive whiteboard in S12 not responding', 'New starter laptop') ORDER BY created_at`,
    );
    // 08:40 BST is 07:40 UTC.
    expect(rows).toEqual([
      {
        subject: 'Interactive whiteboard in S12 not responding',
        status: 'closed',
        priority: 'p3',
        category: 'AV',
        requester_name: 'Dan Cooper',
        created: '2026-09-14 07:40',
        first_response: '08:10',
      },
      {
        subject: 'New starter laptop',
        status: 'open',
        priority: 'p2',
        category: 'Hardware',
        requester_name: 'Sam Harding',
        created: '2026-09-15 12:05',
        first_response: null,
      },
    ]);
    expect(await run()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('reads the report in the zone its footer names, and leaves the title and footer out', async () => {
    const file = writeTestFile('Tickets_utc.xlsx', '');
    await zammadWorkbook(file, 'UTC');
    const table = await readTicketTable(file, 'Tickets_utc.xlsx', 'Europe/London');
    expect(table.headers.slice(0, 3)).toEqual(['Number', 'Title', 'State']);
    expect(table.rows.map((r) => [r.line, r.values[0], r.values[HEADER.indexOf('Created At')]])).toEqual([
      [4, '41001', '2026-09-14T08:40:00.000Z'],
      [5, '41002', '2026-09-15T13:05:00.000Z'],
    ]);
  });

  it('refuses a workbook that is not a ticket report, saying which column it lacks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Form1');
    ws.addRow(['ID', 'Start time', 'Completion time', 'Email', 'How satisfied are you with the Wi-Fi?']);
    ws.addRow([1, wall('2026-09-14 08:40:00'), wall('2026-09-14 08:41:00'), 'a@b.example', 'Satisfied']);
    const file = writeTestFile('survey.xlsx', '');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    await expect(importTicketsFile(t.ctx(), file, { dryRun: false, skipInvalid: false }, () => {})).rejects.toThrow(
      'no column for subject',
    );
  });
});
