import { writeTestFile } from '../../../lib/test-files.ts';
import { csvText, type ExportCell, msFormsWorkbook, sheetTimestampGb, wallClock } from '../import/write-export.ts';

/**
 * Synthetic staff exports for the importer's tests (research §6.1): the Wi-Fi item carries the
 * §2.9 counts each year, spelled differently per year, in each tool's layout.
 */

export const WIFI_COUNTS: Record<number, number[]> = {
  2021: [3, 7, 10, 12, 6],
  2022: [4, 6, 12, 14, 8],
  2023: [5, 7, 10, 13, 6],
  2024: [4, 6, 10, 14, 6],
  2025: [2, 4, 8, 20, 16],
};

export const WIFI = 'How satisfied are you with the school Wi-Fi?';
export const SCHOOL = 'Which school do you mostly work in?';
export const SERVICES = 'Which services do you use most?';
export const LIKERT = 'How satisfied are you with the following?.Wi-Fi (v. 2) in classrooms';
export const COMMENTS = 'Any other comments?';
export const MS_META = ['ID', 'Start time', 'Completion time', 'Email', 'Name'];

export const SATISFIED = [
  'Very dissatisfied',
  'Dissatisfied',
  'Neither satisfied nor dissatisfied',
  'Satisfied',
  'Very satisfied',
];

/** The codes of a year's Wi-Fi answers, interleaved so each label is spread through the file. */
export function wifiCodes(year: number): number[] {
  const counts = [...(WIFI_COUNTS[year] as number[])];
  const out: number[] = [];
  while (counts.some((c) => c > 0)) {
    for (const [i, c] of counts.entries()) {
      if (c > 0) {
        out.push(i + 1);
        counts[i] = c - 1;
      }
    }
  }
  return out;
}

export const staffEmail = (year: number, i: number) => `staff${year}-${i}@fixture.example`;

/** Microsoft Forms layout; `order` permutes the question columns (they come out of order). */
export async function msFormsFile(
  year: number,
  labels: string[],
  opts: { order?: number[]; lastModified?: boolean; extra?: string; meta?: string[] } = {},
): Promise<string> {
  const questions = [WIFI, SCHOOL, SERVICES, LIKERT, COMMENTS, ...(opts.extra ? [opts.extra] : [])];
  const order = opts.order ?? questions.map((_, i) => i);
  const meta = [...(opts.meta ?? MS_META), ...(opts.lastModified ? ['Last modified time'] : [])];
  const rows: ExportCell[][] = wifiCodes(year).map((code, i) => {
    const start = wallClock(year, 11, 10 + (i % 5), 9 + (i % 6), i % 60);
    const done = wallClock(year, 11, 10 + (i % 5), 9 + (i % 6), (i % 60) + 0, 30 + (i % 29));
    const answers: ExportCell[] = [
      labels[code - 1] as string,
      i % 3 === 0 ? 'Prep school' : 'Senior school',
      i % 2 === 0 ? 'Wi-Fi;Printing;' : 'Printing;',
      i % 4 === 0 ? 'Very satisfied' : 'Satisfied',
      i === 0 ? 'Please fix the Wi-Fi in the library' : '',
      ...(opts.extra ? ['x'] : []),
    ];
    const metaValues: ExportCell[] = [i + 1, start, done, staffEmail(year, i), `Staff Member ${i}`];
    if (opts.lastModified) metaValues.push('');
    return [...metaValues, ...order.map((k) => answers[k] as ExportCell)];
  });
  const headers = [...meta, ...order.map((k) => questions[k] as string)];
  return writeTestFile(`staff-${year}.xlsx`, await msFormsWorkbook(headers, rows));
}

/** Google linked-Sheet CSV (en-GB timestamps, "Email address"), with a BOM. */
export function googleSheetCsv(year: number, labels: string[], extraRows: ExportCell[][] = []): string {
  const headers = ['Timestamp', 'Email address', WIFI, SCHOOL, 'Which services do you use?'];
  const rows: ExportCell[][] = wifiCodes(year).map((code, i) => [
    sheetTimestampGb(wallClock(year, 11, 10 + (i % 5), 9, i % 60, i % 60)),
    staffEmail(year, i),
    labels[code - 1] as string,
    i % 2 ? 'Prep' : 'Senior',
    i % 2 ? 'Wi-Fi, in classrooms, Printing' : 'Printing',
  ]);
  return writeTestFile(`staff-${year}.csv`, csvText(headers, [...rows, ...extraRows], { bom: true }));
}

export { writeTestFile };
