import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { parseCsvText, readCsvFile } from './csv.ts';
import { csvRowBatches, openTextChunks } from './csv-stream.ts';
import { ImportRejected } from './errors.ts';
import { writeTestFile } from './test-files.ts';

/**
 * Issue 12 item 5: one huge line must not hold the server. Every CSV reader caps a record at
 * 1 MiB (1,048,576 characters) and a field at 128 KiB (131,072), and refuses at once with the
 * file, the line and the field.
 */

/** A 50 MB file that is one line: a short header start, then 50 MiB of one unquoted cell, no line break. */
async function writeHugeLine(): Promise<string> {
  const dir = path.resolve('.tmp/test-files', `${process.pid}-huge`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'huge.csv');
  const out = createWriteStream(file);
  const mib = 'x'.repeat(1 << 20);
  out.write('Date,User,');
  for (let i = 0; i < 50; i++) {
    if (!out.write(mib)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return file;
}

/** Runs `fn` while a 5 ms timer ticks; returns its outcome and the longest gap between ticks. */
async function withTicks<T>(fn: () => Promise<T>): Promise<{ value: T | unknown; ms: number; maxGap: number }> {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  const value = await fn().catch((e: unknown) => e);
  const ms = performance.now() - t0;
  clearInterval(timer);
  maxGap = Math.max(maxGap, performance.now() - last);
  return { value, ms, maxGap };
}

async function readAll(file: string, name: string) {
  const { chunks } = await openTextChunks(file);
  let n = 0;
  for await (const batch of csvRowBatches(chunks, name)) n += batch.length;
  return n;
}

describe('CSV caps (issue 12 item 5)', () => {
  it('refuses a 50 MB single-line file at once, naming file and line, and the event loop keeps ticking', async () => {
    const file = await writeHugeLine();
    const streamed = await withTicks(() => readAll(file, 'huge.csv'));
    expect(streamed.value).toBeInstanceOf(ImportRejected);
    const problems = (streamed.value as ImportRejected).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'huge.csv', line: 1 });
    expect(problems[0]?.message).toMatch(/^this line is longer than 1,048,576 characters/);
    expect((streamed.value as Error).message).toMatch(/^huge\.csv:1: this line is longer than 1,048,576 characters/);
    // Before the cap this took minutes with the event loop stuck; generous bounds for a shared machine.
    expect(streamed.ms).toBeLessThan(5000);
    expect(streamed.maxGap).toBeLessThan(1000);

    // The whole-file reader (people, places, term dates, RADIUS...) refuses it the same way.
    const whole = await withTicks(() => readCsvFile(file, 'huge.csv'));
    expect(whole.value).toBeInstanceOf(ImportRejected);
    expect((whole.value as ImportRejected).problems[0]).toMatchObject({ file: 'huge.csv', line: 1 });
    expect((whole.value as Error).message).toMatch(/longer than 1,048,576 characters/);
    expect(whole.ms).toBeLessThan(5000);
  }, 60_000);

  it('refuses a field over 131,072 characters with its line and its column', async () => {
    const long = 'y'.repeat(131_073);
    const text = `Date,User,Notes\r\n2026-11-02,amy@school.org,short\r\n2026-11-03,bob@school.org,"${long}"\r\n`;
    const file = writeTestFile('notes.csv', text);
    const err = await readAll(file, 'notes.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).problems).toEqual([
      {
        file: 'notes.csv',
        line: 3,
        field: 'column 3 "Notes"',
        message: 'this field is 131,073 characters long; a field may have at most 131,072',
      },
    ]);
    expect((err as Error).message).toBe(
      'notes.csv:3 [column 3 "Notes"]: this field is 131,073 characters long; a field may have at most 131,072',
    );
    const parsed = (() => {
      try {
        return parseCsvText(text, 'notes.csv');
      } catch (e) {
        return e;
      }
    })();
    expect((parsed as ImportRejected).problems).toEqual((err as ImportRejected).problems);
    // One character under the cap reads.
    const ok = writeTestFile('ok.csv', text.replace(long, long.slice(1)));
    expect(await readAll(ok, 'ok.csv')).toBe(3);
  });

  it('caps a quoted record that runs over many lines, naming the line it starts on', async () => {
    const lines = Array.from({ length: 20_000 }, () => 'z'.repeat(60)).join('\n');
    const file = writeTestFile('open.csv', `a,b\r\n1,2\r\n3,"${lines}"\r\n`);
    const err = await readAll(file, 'open.csv').catch((e: unknown) => e);
    expect((err as ImportRejected).problems[0]).toMatchObject({ file: 'open.csv', line: 3 });
    expect((err as Error).message).toMatch(/^open\.csv:3: this line is longer than 1,048,576 characters/);
  });
});
