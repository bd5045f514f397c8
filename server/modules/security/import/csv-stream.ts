import type { CsvRow } from '../../../lib/csv.ts';
import { csvRowBatches, openTextChunks } from '../../../lib/csv-stream.ts';
import { ImportRejected } from '../../../lib/errors.ts';

/**
 * A sign-in download read as batches of records with their line numbers (lib/csv-stream), so a
 * 1,000,000-row file never sits in memory whole and costs little more than reading it.
 */

export type CsvRecord = CsvRow;

export async function openCsvStream(
  file: string,
  displayName: string,
): Promise<{ headers: string[]; batches: AsyncIterable<CsvRecord[]>; fraction: () => number }> {
  const { chunks, fraction } = await openTextChunks(file, { displayName });
  const iterator = csvRowBatches(chunks, displayName)[Symbol.asyncIterator]();
  const first = await iterator.next();
  const [head, ...firstRows] = first.done ? [] : first.value;
  if (!head) throw new ImportRejected([{ file: displayName, line: 1, message: 'the file is empty' }]);
  const headers = head.values.map((h) => h.replace(/^\uFEFF/, '').trim());
  async function* batches(): AsyncIterable<CsvRecord[]> {
    if (firstRows.length) yield firstRows;
    for (;;) {
      const n = await iterator.next();
      if (n.done) return;
      yield n.value;
    }
  }
  return { headers, batches: batches(), fraction };
}
