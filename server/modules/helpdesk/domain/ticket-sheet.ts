import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { type CsvTable, decodeText, parseCsvText } from '../../../lib/csv.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { zonedToUtc } from '../../../lib/zoned-time.ts';

/**
 * A past-ticket export as a table, from a CSV or from an .xlsx workbook. Zammad's own ticket
 * report (Reporting > Download, lib/excel_sheet.rb) writes the report's title in the first row,
 * a blank row, then the header row ('#', Title, State, ... Created At, Closed At, First Response
 * At...), one row per ticket with its times as Excel date-times in the report's time zone, and a
 * footer row "Timezone: Europe/London". The header row is the first with three or more cells;
 * date-times become instants in the footer's zone (the school's when there is none), so the row
 * reader never has to guess them.
 */

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const validZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

function cellText(value: ExcelJS.CellValue): string | Date {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

async function readWorkbook(bytes: Buffer, file: string, schoolZone: string): Promise<CsvTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new ImportRejected([{ file, line: 1, message: `not readable as an Excel workbook: ${(err as Error).message}` }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportRejected([{ file, line: 1, message: 'the workbook has no worksheet' }]);
  const raw: { line: number; values: (string | Date)[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const values: (string | Date)[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value));
    raw.push({ line, values });
  });
  const filled = (v: (string | Date)[]) => v.filter((x) => x instanceof Date || x.trim() !== '').length;
  const headerAt = raw.findIndex((r) => filled(r.values) >= 3);
  if (headerAt < 0) throw new ImportRejected([{ file, line: 1, message: 'no header row: no row has three or more columns' }]);
  const footerZone = (values: (string | Date)[]) => {
    const first = values[0];
    if (filled(values) !== 1 || typeof first !== 'string') return undefined;
    const m = /^[^:]{2,20}:\s*([A-Za-z_]+\/[A-Za-z_/+-]+|UTC)$/.exec(first.trim());
    return m?.[1];
  };
  const body = raw.slice(headerAt + 1);
  const named = body.map((r) => footerZone(r.values)).find((z) => z !== undefined);
  const zone = named && validZone(named) ? named : schoolZone;
  // Excel date-times are wall-clock times (exceljs reads them as UTC): place them in the zone.
  const rows: CsvTable['rows'] = body
    .filter((r) => footerZone(r.values) === undefined)
    .map((r) => ({
      line: r.line,
      values: r.values.map((v) => {
        if (!(v instanceof Date)) return v;
        const iso = v.toISOString();
        return zonedToUtc(iso.slice(0, 10), iso.slice(11, 19), zone).toISOString();
      }),
    }));
  const header = raw[headerAt]?.values ?? [];
  // Zammad heads the ticket number "#".
  const headers = header.map((h) => (typeof h === 'string' ? h.trim() : h.toISOString())).map((h) => (h === '#' ? 'Number' : h));
  return { file, headers, rows };
}

export async function readTicketTable(path: string, displayName: string, schoolZone: string): Promise<CsvTable> {
  const bytes = await readFile(path);
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) return readWorkbook(bytes, displayName, schoolZone);
  return parseCsvText(decodeText(bytes), displayName);
}
