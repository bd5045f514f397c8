import { expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { systemActor } from '../../../lib/context.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import { describeEachDatabase, openTestDatabase, TEST_CONFIG } from '../../../lib/test-db.ts';
import { getJob, startJob } from './jobs.ts';

describeEachDatabase('background jobs', (t) => {
  it('stores the result of work that succeeds, with the row count as its progress', async () => {
    const ctx = t.ctx();
    const { job, finished } = await startJob(ctx, { kind: 'import:test', title: 'Importing a.csv' }, async () => ({
      rowsIn: 3,
      created: 2,
    }));
    expect(job.status).toBe('running');
    const done = await finished;
    expect(done).toMatchObject({ id: job.id, status: 'succeeded', done: 3, total: 3, result: { rowsIn: 3, created: 2 } });
    expect(await getJob(ctx, job.id)).toEqual(done);
  });

  it('stores a rejected import with its problems, and cleans up either way', async () => {
    const ctx = t.ctx();
    let cleaned = 0;
    const { finished } = await startJob(
      ctx,
      { kind: 'import:test', title: 'Importing b.csv' },
      async () => {
        throw new ImportRejected([{ file: 'b.csv', line: 4, field: 'Date', message: 'is not a real date' }]);
      },
      () => {
        cleaned++;
      },
    );
    expect(await finished).toMatchObject({
      status: 'failed',
      error: 'b.csv:4 [Date]: is not a real date',
      errorDetails: { count: 1, problems: [{ file: 'b.csv', line: 4, field: 'Date', message: 'is not a real date' }] },
    });
    expect(cleaned).toBe(1);
  });

  it('does not reject when the database closes before the job ends (Belfry stopping): it logs, cleans up, and gives null', async () => {
    const database = await openTestDatabase(t.kind);
    const warnings: string[] = [];
    const ctx = {
      db: database.db,
      clock: fixedClock('2026-11-16T09:00:00Z'),
      config: TEST_CONFIG,
      log: {
        info: () => {},
        error: () => {},
        debug: () => {},
        warn: (_: unknown, msg?: string) => void warnings.push(msg ?? ''),
      },
      mail: captureMailer(),
      actor: systemActor('test'),
    };
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let cleaned = 0;
    const { finished } = await startJob(
      ctx,
      { kind: 'import:test', title: 'Importing c.csv' },
      async () => {
        await gate;
        return { rowsIn: 1 };
      },
      () => {
        cleaned++;
      },
    );
    await database.close();
    release();
    expect(await finished).toBeNull();
    expect(warnings).toEqual(['could not record how a job ended']);
    expect(cleaned).toBe(1);
  });
});
