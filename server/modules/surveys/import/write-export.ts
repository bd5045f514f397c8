import { csvLine } from '../../../lib/csv.ts';

/**
 * Writes files in the layouts the tools export (research §1.2), for the demo school's history
 * and the importer's tests: a Microsoft Forms workbook (dates as Excel date cells holding the
 * local wall-clock time) and CSV text as Google Forms writes it.
 */

export type ExportCell = string | number | Date | null;

export async function msFormsWorkbook(headers: string[], rows: ExportCell[][]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  // Fixed so the same rows give the same bytes (idempotent re-imports of a regenerated file).
  wb.created = new Date(Date.UTC(2020, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('Form1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
  for (const [i, h] of headers.entries()) {
    if (/time|وقت/i.test(h)) ws.getColumn(i + 1).numFmt = 'm/d/yy h:mm:ss';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csvText(headers: string[], rows: ExportCell[][], options: { bom?: boolean } = {}): string {
  const body = [headers, ...rows].map((r) => csvLine(r.map((v) => (v instanceof Date ? v.toISOString() : (v ?? ''))))).join('');
  return options.bom ? `\uFEFF${body}` : body;
}

/** Wall-clock parts as a Date whose UTC fields read that local time (how Excel holds it). */
export const wallClock = (y: number, mo: number, d: number, h: number, mi: number, s = 0): Date =>
  new Date(Date.UTC(y, mo - 1, d, h, mi, s));

const p2 = (n: number) => String(n).padStart(2, '0');

/** Google linked Sheet timestamp in en-GB: 03/04/2024 09:15:00. */
export const sheetTimestampGb = (w: Date): string =>
  `${p2(w.getUTCDate())}/${p2(w.getUTCMonth() + 1)}/${w.getUTCFullYear()} ${p2(w.getUTCHours())}:${p2(w.getUTCMinutes())}:${p2(w.getUTCSeconds())}`;

/** Google Forms "Download responses": 2024/04/03 9:15:00 AM GMT+1 (offset of the wall clock given). */
export function formsDownloadTimestamp(w: Date, offsetHours: number): string {
  const h = w.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${w.getUTCFullYear()}/${p2(w.getUTCMonth() + 1)}/${p2(w.getUTCDate())} ${h12}:${p2(w.getUTCMinutes())}:${p2(w.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'} GMT${offsetHours >= 0 ? '+' : '-'}${Math.abs(offsetHours)}`;
}
