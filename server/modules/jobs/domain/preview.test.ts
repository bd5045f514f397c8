import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { systemActor } from '../../../lib/context.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import type { Importer } from '../../../lib/module.ts';
import { TEST_CONFIG } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { previewCsv } from './imports.ts';

/** The upload dialog's preview streams through the capped reader (issue 12 item 5). */

const importer: Importer = {
  kind: 'people',
  description: 'People',
  roles: ['admin'],
  accept: '.csv',
  fields: { email: ['Email', 'E-mail'], name: ['Name'] },
  run: async () => {
    throw new Error('not run by a preview');
  },
};
// previewCsv reads no database.
const ctx = {
  db: undefined as never,
  clock: fixedClock('2026-11-16T09:00:00Z'),
  config: TEST_CONFIG,
  log: silentLogger,
  mail: captureMailer(),
  actor: systemActor('test'),
};

describe('previewCsv', () => {
  it('gives the header, five rows cut to 200 characters, the row count and a mapping', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `p${i}@oakfield.example,Pupil ${i},${i === 0 ? 'n'.repeat(300) : 'short'}`);
    const file = writeTestFile('people.csv', `\uFEFFE-mail,Name,Notes\r\n${rows.join('\r\n')}\r\n\r\n`);
    const preview = await previewCsv(ctx, importer, file, 'people.csv');
    expect(preview.headers).toEqual(['E-mail', 'Name', 'Notes']);
    expect(preview.rows).toBe(12);
    expect(preview.sample).toHaveLength(5);
    expect(preview.sample[0]).toEqual(['p0@oakfield.example', 'Pupil 0', `${'n'.repeat(200)}…`]);
    expect(preview.suggested).toEqual({ email: 'E-mail', name: 'Name' });
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a file that is one 2 MB line with its line, instead of sending it back as a header', async () => {
    const file = writeTestFile('one-line.csv', `Email,Name,${'h'.repeat(2 << 20)}`);
    const err = await previewCsv(ctx, importer, file, 'one-line.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as Error).message).toMatch(/^one-line\.csv:1: this line is longer than 1,048,576 characters/);
    expect(existsSync(file)).toBe(false);
  });
});
