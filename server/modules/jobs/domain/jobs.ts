import { background } from '../../../db/background.ts';
import { type Ctx, requireActor } from '../../../lib/context.ts';
import { DomainError, ImportRejected, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { failRunningJobs, insertJob, type JobRow, selectJob, selectJobs, updateJob } from '../db/jobs-queries.ts';

export type JobStatus = 'running' | 'succeeded' | 'failed';

export type Job = {
  id: string;
  kind: string;
  title: string;
  status: JobStatus;
  done: number;
  total: number | null;
  message: string | null;
  result: unknown;
  error: string | null;
  errorDetails: unknown;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
};

const present = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  status: r.status as JobStatus,
  done: r.done,
  total: r.total,
  message: r.message,
  result: r.result ?? null,
  error: r.error,
  errorDetails: r.errorDetails ?? null,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

export type Progress = (done: number, total: number | undefined, message?: string) => void;

/** Text PostgreSQL can store: a NUL or a lone surrogate (quoted from a bad file) becomes U+FFFD; kept short. */
function storable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this removes
  return text.slice(0, 2000).replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Progress is written at most this often: a 1,000,000-row import must not write 1,000,000 times. */
const WRITE_EVERY_MS = 250;

/**
 * Starts `work` in the background and returns the job at once; the UI polls `getJob`.
 * `work` gets a progress callback; its result (or its error) is stored on the job. `finished`
 * never rejects: it gives the stored outcome, or null when the outcome could not be stored
 * (the database closed under it as Belfry stopped; the next start marks the job failed).
 */
export async function startJob(
  ctx: Ctx,
  spec: { kind: string; title: string },
  work: (progress: Progress) => Promise<unknown>,
  onSettled?: () => Promise<void> | void,
): Promise<{ job: Job; finished: Promise<Job | null> }> {
  const actor = requireActor(ctx);
  const id = newId();
  await insertJob(ctx.db, {
    id,
    kind: spec.kind,
    title: spec.title,
    status: 'running',
    createdById: actor.kind === 'user' ? actor.id : null,
    createdBy: actor.kind === 'user' ? actor.email : actor.name,
    createdAt: ctx.clock.now(),
  });
  let lastWrite = 0;
  let pending: Promise<void> = Promise.resolve();
  const progress: Progress = (done, total, message) => {
    const now = Date.now();
    if (now - lastWrite < WRITE_EVERY_MS) return;
    lastWrite = now;
    pending = pending
      // Background work (db/background): a job's own progress does not make the database look
      // used by someone else, so an import on a server no one is using still slices big.
      .then(() =>
        background(async () => void (await updateJob(ctx.db, id, { done, total: total ?? null, message: message ?? null }))),
      )
      .catch(() => {});
  };
  const outcome = async (): Promise<JobRow | undefined> => {
    try {
      const result = await work(progress);
      await pending;
      const total = (result as { rowsIn?: number })?.rowsIn;
      return await updateJob(ctx.db, id, {
        status: 'succeeded',
        result: result ?? null,
        done: total ?? 0,
        total: total ?? null,
        message: null,
        finishedAt: ctx.clock.now(),
      });
    } catch (err) {
      await pending;
      const known = err instanceof DomainError;
      if (!known) ctx.log.error({ err, job: id }, 'job failed');
      const failed = {
        status: 'failed' as const,
        error: storable(known ? err.message : 'Something went wrong; the server log has the details'),
        errorDetails:
          err instanceof ImportRejected
            ? {
                problems: err.problems
                  .slice(0, 1000)
                  .map((p) => ({ ...p, message: storable(p.message), ...(p.field ? { field: storable(p.field) } : {}) })),
                count: err.problems.length,
              }
            : null,
        finishedAt: ctx.clock.now(),
      };
      try {
        return await updateJob(ctx.db, id, failed);
      } catch {
        // A job always ends: if its message cannot be stored, it ends failed with a plain one.
        return await updateJob(ctx.db, id, {
          ...failed,
          error: 'The file could not be read; the server log has the details',
          errorDetails: null,
        });
      }
    }
  };
  const finished = (async () => {
    let row: JobRow | undefined;
    try {
      // The stored row comes back from the update itself: nothing touches the database after
      // the job shows as finished, so whoever waits for that may close it.
      row = await outcome();
    } catch (err) {
      ctx.log.warn({ err, job: id }, 'could not record how a job ended');
    }
    try {
      await onSettled?.();
    } catch (err) {
      ctx.log.warn({ err, job: id }, 'clean-up after a job failed');
    }
    return row ? present(row) : null;
  })();
  return { job: present((await selectJob(ctx.db, id)) as JobRow), finished };
}

/** A job is visible to whoever started it, and to the Director. */
export async function getJob(ctx: Ctx, id: string): Promise<Job> {
  const actor = requireActor(ctx);
  // Polled every few hundred milliseconds by whoever watches an import: background work, so that
  // watching an import does not make it give way as to a user (db/background).
  const row = await background(() => selectJob(ctx.db, id));
  if (!row || (actor.role !== 'admin' && (actor.kind !== 'user' || row.createdById !== actor.id)))
    throw new NotFound('No such job');
  return present(row);
}

export async function listJobs(ctx: Ctx, filter: { kind?: string; limit?: number }): Promise<Job[]> {
  const actor = requireActor(ctx);
  const rows = await selectJobs(ctx.db, {
    kind: filter.kind,
    createdById: actor.role === 'admin' || actor.kind !== 'user' ? undefined : actor.id,
    limit: Math.min(filter.limit ?? 20, 100),
  });
  return rows.map(present);
}

export function recoverInterruptedJobs(ctx: Ctx): Promise<void> {
  return failRunningJobs(ctx.db, ctx.clock.now());
}
