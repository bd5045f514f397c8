import { describe, expect, it } from 'vitest';
import { csvRowBatches, openTextChunks } from './csv-stream.ts';
import { ImportRejected } from './errors.ts';
import { writeTestFile } from './test-files.ts';

async function* chunksOf(text: string, at: number[]): AsyncGenerator<string> {
  let from = 0;
  for (const cut of at) {
    yield text.slice(from, cut);
    from = cut;
  }
  yield text.slice(from);
}

async function rows(text: string, at: number[] = []) {
  const out: { line: number; values: string[] }[] = [];
  for await (const batch of csvRowBatches(chunksOf(text, at), 'signins.csv')) out.push(...batch);
  return out;
}

// Windows line ends, a quoted field with a comma, one with a line break, a doubled quote and a
// blank line: what an Entra or Forms download really holds.
const SAMPLE =
  'Date,User,Location\r\n' +
  '2026-11-02,amy@school.org,"Oxford, GB"\r\n' +
  '\r\n' +
  '2026-11-03,bob@school.org,"first\r\nsecond"\r\n' +
  '2026-11-04,"say ""hi""",plain\r\n';

const EXPECTED = [
  { line: 1, values: ['Date', 'User', 'Location'] },
  { line: 2, values: ['2026-11-02', 'amy@school.org', 'Oxford, GB'] },
  { line: 4, values: ['2026-11-03', 'bob@school.org', 'first\nsecond'] },
  { line: 6, values: ['2026-11-04', 'say "hi"', 'plain'] },
];

describe('csvRowBatches', () => {
  it('reads quoted fields, line breaks inside quotes and blank lines, numbering the lines of the file', async () => {
    expect(await rows(SAMPLE)).toEqual(EXPECTED);
  });

  it('gives the same records wherever the chunks happen to be cut', async () => {
    for (let cut = 1; cut < SAMPLE.length; cut++) {
      expect(await rows(SAMPLE, [cut]), `cut at ${cut}`).toEqual(EXPECTED);
    }
    // Three cuts, including one between \r and \n.
    expect(await rows(SAMPLE, [19, 20, 90])).toEqual(EXPECTED);
  });

  it('finds a semicolon or tab delimiter from the header line', async () => {
    expect(await rows('a;b;c\n1;"2;3";4\n')).toEqual([
      { line: 1, values: ['a', 'b', 'c'] },
      { line: 2, values: ['1', '2;3', '4'] },
    ]);
    expect(await rows('a\tb\n1\t2')).toEqual([
      { line: 1, values: ['a', 'b'] },
      { line: 2, values: ['1', '2'] },
    ]);
  });

  it('rejects a quote that is never closed, naming the file and the line it opened on', async () => {
    const err = await rows('a,b\n1,2\n3,"never closed\n4,5\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).problems).toEqual([
      { file: 'signins.csv', line: 3, message: 'a quoted field starts on this line and is never closed' },
    ]);
  });
});

describe('openTextChunks', () => {
  const text = 'Date,Location\r\n2026-11-02,"Zürich, CH"\r\n2026-11-03,Kraków\r\n';
  const expected = [
    { line: 1, values: ['Date', 'Location'] },
    { line: 2, values: ['2026-11-02', 'Zürich, CH'] },
    { line: 3, values: ['2026-11-03', 'Kraków'] },
  ];
  const encodings: [string, Buffer][] = [
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ];
  for (const [name, bytes] of encodings) {
    it(`streams ${name} the same as it reads it whole`, async () => {
      const file = writeTestFile('enc.csv', bytes);
      for (const wholeUpTo of [undefined, 0]) {
        const { chunks, fraction } = await openTextChunks(file, { wholeUpTo });
        const out: unknown[] = [];
        for await (const batch of csvRowBatches(chunks, 'enc.csv')) out.push(...batch);
        expect(out, `wholeUpTo ${wholeUpTo}`).toEqual(expected);
        expect(fraction()).toBe(1);
      }
    });
  }
});
