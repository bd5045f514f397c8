import { describe, expect, it } from 'vitest';
import { PGliteThread } from './pglite-thread.ts';

describe('the PGlite thread', () => {
  it('stops quietly when closed: a normal stop is not reported as the database failing', { timeout: 120_000 }, async () => {
    const fatal: Error[] = [];
    const thread = await PGliteThread.open('memory://', (err) => fatal.push(err));
    const { rows } = await thread.query('select 1 + 1 as two');
    expect(rows).toEqual([{ two: 2 }]);
    await thread.close();
    // The worker's exit event comes after terminate() resolves; give it a turn.
    await new Promise((r) => setTimeout(r, 50));
    expect(fatal).toEqual([]);
  });
});
