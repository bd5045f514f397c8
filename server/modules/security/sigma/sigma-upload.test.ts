import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { getJob, startJob } from '../../jobs/index.ts';
import { securityModule } from '../index.ts';

describeEachDatabase('a bad Sigma rules upload', (t) => {
  const importer = securityModule.importers?.find((i) => i.kind === 'sigma-rules');
  const cases: [string, string | Buffer][] = [
    ['binary.yml', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x3a, 0x0a, 0x00, 0x00])],
    ['broken.yml', 'title: x\nid: [unclosed\ndetection:\n  sel: {a: 1\n'],
    ['list.yml', '- a\n- b\n'],
    ['utf16.yml', Buffer.from('title: x\nid: y\n', 'utf16le')],
    ['huge-key.yml', `title: x\nid: y\ndetection:\n  sel:\n    ${'a'.repeat(5000)}: 1\n  condition: sel\n`],
  ];
  for (const [name, content] of cases) {
    it(`ends its job as failed: ${name}`, async () => {
      const ctx = t.ctx();
      const file = writeTestFile(name, content);
      const run = importer?.run as NonNullable<typeof importer>['run'];
      const { job, finished } = await startJob(ctx, { kind: 'import:sigma-rules', title: `Importing ${name}` }, (progress) =>
        run(ctx, file, { dryRun: false, skipInvalid: false, fileName: name }, progress),
      );
      await finished;
      const seen = await getJob(ctx, job.id);
      expect(seen.status).toBe('failed');
      expect(seen.error).toMatch(new RegExp(`^${name.replace('.', '\\.')}`));
    });
  }
});
