import { expect, it } from 'vitest';
import { writeTestFile } from '../../../lib/test-files.ts';
import { readCsvLines } from './csv-lines.ts';

it('reads lines fast, with quoted fields (also across lines), semicolons, CRLF and blank lines', async () => {
  const file = writeTestFile('q.csv', 'a;b;c\r\n1;"x;y";3\r\n\r\n4;"two\r\nlines ""quoted""";6\r\n7;8;9');
  const got: [number, string[]][] = [];
  await readCsvLines(file, { encoding: 'utf8', start: 0 }, (values, line) => {
    got.push([line, values]);
    return true;
  });
  expect(got).toEqual([
    [1, ['a', 'b', 'c']],
    [2, ['1', 'x;y', '3']],
    [4, ['4', 'two\nlines "quoted"', '6']],
    [6, ['7', '8', '9']],
  ]);
});
