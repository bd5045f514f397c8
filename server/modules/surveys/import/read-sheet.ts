import { readFile } from 'node:fs/promises';
import type { CellValue } from 'exceljs';
import { decodeText, parseCsvText } from '../../../lib/csv.ts';
import { ImportRejected } from '../../../lib/errors.ts';

/**
 * A survey export as a table of header texts and rows, whatever the container: an .xlsx workbook
 * (Microsoft Forms "Open results in Excel"; first worksheet, read with exceljs) or a CSV (Google
 * Forms, or a workbook re-saved as CSV: UTF-8 with or without BOM, UTF-16, Windows-1252).
 * Date cells stay dates (wall-clock time, no zone: Excel has none); everything else is text.
 */

export type Cell = string | Date;
export type SheetRow = { line: number; values: Cell[] };
export type Sheet = { file: string; headers: string[]; rows: SheetRow[]; container: 'xlsx' | 'csv' };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function cellText(value: CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

async function readXlsx(bytes: Buffer, file: string): Promise<Sheet> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new ImportRejected([{ file, line: 1, message: `not readable as an Excel workbook: ${(err as Error).message}` }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportRejected([{ file, line: 1, message: 'the workbook has no worksheet' }]);
  let headers: string[] | undefined;
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const values: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value));
    if (!headers) {
      headers = values.map((v) => (typeof v === 'string' ? v.trim() : v.toISOString()));
      return;
    }
    if (values.some((v) => v instanceof Date || v.trim() !== '')) rows.push({ line, values });
  });
  if (!headers) throw new ImportRejected([{ file, line: 1, message: 'the worksheet is empty' }]);
  return { file, headers, rows, container: 'xlsx' };
}

export async function readSheet(path: string, displayName: string): Promise<Sheet> {
  const bytes = await readFile(path);
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) return readXlsx(bytes, displayName);
  const table = parseCsvText(decodeText(bytes, displayName), displayName);
  return { file: displayName, headers: table.headers, rows: table.rows, container: 'csv' };
}
