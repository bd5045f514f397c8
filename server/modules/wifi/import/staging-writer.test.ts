import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readSlices } from './staging-writer.ts';

it('cuts a staging file into slices of whole records, a quoted cell holding newlines and doubled quotes', async () => {
  const file = path.join(os.tmpdir(), `belfry-slices-${process.pid}.csv`);
  writeFileSync(
    file,
    [
      'a,b,c\n',
      'x,"he said ""hi""",1\n',
      'y,"multi\nline\nvalue",2\n',
      'z,plain,3\n',
      '"q","",4\n',
      'w,"a,b\n""c""",5\n',
      'last,1,6',
    ].join(''),
  );
  const slices: { csv: string; rows: number }[] = [];
  for await (const s of readSlices(file, () => 2)) slices.push(s);
  expect(slices).toEqual([
    { csv: 'a,b,c\nx,"he said ""hi""",1\n', rows: 2 },
    { csv: 'y,"multi\nline\nvalue",2\nz,plain,3\n', rows: 2 },
    { csv: '"q","",4\nw,"a,b\n""c""",5\n', rows: 2 },
    { csv: 'last,1,6', rows: 1 },
  ]);
});
