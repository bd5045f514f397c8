import { and, asc, count, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import {
  surveysAnswers,
  surveysBursts,
  surveysComments,
  surveysImports,
  surveysItems,
  surveysLinkHits,
  surveysResponses,
  surveysTokens,
} from './tables.ts';

export type CommentRow = typeof surveysComments.$inferSelect;
export type ImportRow = typeof surveysImports.$inferSelect;

/** Inserts a response unless its key is already stored; returns its id, or undefined for a repeat. */
export async function insertResponseOnce(db: Db, row: typeof surveysResponses.$inferInsert): Promise<string | undefined> {
  const rows = await db
    .insert(surveysResponses)
    .values(row)
    .onConflictDoNothing({ target: [surveysResponses.instrumentId, surveysResponses.sourceKey] })
    .returning({ id: surveysResponses.id });
  return rows[0]?.id;
}

/**
 * A batch of answers from the shared link in three statements, each row set sent as one JSON
 * parameter (jsonb_to_recordset): building a multi-row VALUES list for thousands of rows costs
 * more than the insert. Responses whose key is already stored (or earlier in the batch) are left
 * out, with their answers and comments; returns the ids stored.
 */
export async function insertSubmissionBatch(
  db: Db,
  rows: {
    response: { id: string; instrumentId: string; sourceKey: string; segment: string | null; submittedAt: Date };
    answers: { itemId: string; scaleId: string | null; code: number | null; options: string[] | null }[];
    comments: { id: string; instrumentId: string; itemId: string; body: string; review: string }[];
  }[],
): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const responses = JSON.stringify(
    rows.map((r) => ({
      id: r.response.id,
      instrument_id: r.response.instrumentId,
      source_key: r.response.sourceKey,
      segment: r.response.segment,
      submitted_at: r.response.submittedAt.toISOString(),
    })),
  );
  const inserted = await queryRows<{ id: string }>(
    db,
    sql`INSERT INTO surveys_responses (id, instrument_id, source_key, segment, submitted_at)
        SELECT id, instrument_id, source_key, segment, submitted_at
        FROM jsonb_to_recordset(${responses}::jsonb)
          AS x(id uuid, instrument_id uuid, source_key text, segment text, submitted_at timestamptz)
        ON CONFLICT (instrument_id, source_key) DO NOTHING
        RETURNING id`,
  );
  const ids = new Set(inserted.map((r) => r.id));
  const stored = rows.filter((r) => ids.has(r.response.id));
  const answers = stored.flatMap((r) =>
    r.answers.map((a) => ({
      response_id: r.response.id,
      item_id: a.itemId,
      scale_id: a.scaleId,
      code: a.code,
      options: a.options,
    })),
  );
  if (answers.length)
    await db.execute(
      sql`INSERT INTO surveys_answers (response_id, item_id, scale_id, code, options)
          SELECT response_id, item_id, scale_id, code, options
          FROM jsonb_to_recordset(${JSON.stringify(answers)}::jsonb)
            AS x(response_id uuid, item_id uuid, scale_id text, code integer, options jsonb)`,
    );
  const comments = stored.flatMap((r) =>
    r.comments.map((c) => ({ id: c.id, instrument_id: c.instrumentId, item_id: c.itemId, body: c.body, review: c.review })),
  );
  if (comments.length)
    await db.execute(
      sql`INSERT INTO surveys_comments (id, instrument_id, item_id, body, review)
          SELECT id, instrument_id, item_id, body, review
          FROM jsonb_to_recordset(${JSON.stringify(comments)}::jsonb)
            AS x(id uuid, instrument_id uuid, item_id uuid, body text, review text)`,
    );
  return ids;
}

export type LinkHit = { clientKey: string; at: Date; burstId: string | null };

/** The shared-link answers of these senders after `since`, oldest first. */
export async function selectLinkHits(db: Db, clientKeys: string[], since: Date): Promise<LinkHit[]> {
  if (!clientKeys.length) return [];
  return db
    .select({ clientKey: surveysLinkHits.clientKey, at: surveysLinkHits.at, burstId: surveysLinkHits.burstId })
    .from(surveysLinkHits)
    .where(and(inArray(surveysLinkHits.clientKey, clientKeys), gt(surveysLinkHits.at, since)))
    .orderBy(asc(surveysLinkHits.at));
}

/** One row per answer (as one JSON parameter, like the batch it belongs to). */
export async function insertLinkHits(
  db: Db,
  rows: { id: string; instrumentId: string; clientKey: string; at: Date; burstId: string | null }[],
): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      instrument_id: r.instrumentId,
      client_key: r.clientKey,
      at: r.at.toISOString(),
      burst_id: r.burstId,
    })),
  );
  await db.execute(
    sql`INSERT INTO surveys_link_hits (id, instrument_id, client_key, at, burst_id)
        SELECT id, instrument_id, client_key, at, burst_id
        FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, instrument_id uuid, client_key text, at timestamptz, burst_id uuid)`,
  );
}

/** Counts a sender's recent answers into a burst that has just been flagged. */
export async function setLinkHitsBurst(db: Db, clientKey: string, since: Date, burstId: string): Promise<void> {
  await db
    .update(surveysLinkHits)
    .set({ burstId })
    .where(and(eq(surveysLinkHits.clientKey, clientKey), gte(surveysLinkHits.at, since)));
}

export async function deleteLinkHitsBefore(db: Db, before: Date): Promise<void> {
  await db.delete(surveysLinkHits).where(lte(surveysLinkHits.at, before));
}

/** Adds `n` answers to a burst that is still going on. */
export async function extendBurst(db: Db, id: string, n: number, lastAt: Date): Promise<void> {
  await db
    .update(surveysBursts)
    .set({ lastAt, responses: sql`${surveysBursts.responses} + ${n}` })
    .where(eq(surveysBursts.id, id));
}

/** Many responses at once (an import; the caller has already left out known source keys). */
export async function insertResponses(
  db: Db,
  rows: (typeof surveysResponses.$inferInsert)[],
  progress?: (done: number) => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(surveysResponses).values(rows.slice(i, i + 1000));
    progress?.(Math.min(rows.length, i + 1000));
  }
}

export async function insertAnswers(db: Db, rows: (typeof surveysAnswers.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) await db.insert(surveysAnswers).values(rows.slice(i, i + 2000));
}

export async function insertComments(db: Db, rows: (typeof surveysComments.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) await db.insert(surveysComments).values(rows.slice(i, i + 2000));
}

export async function selectSourceKeys(db: Db, instrumentId: string): Promise<Set<string>> {
  const rows = await db
    .select({ key: surveysResponses.sourceKey })
    .from(surveysResponses)
    .where(eq(surveysResponses.instrumentId, instrumentId));
  return new Set(rows.map((r) => r.key));
}

export async function countResponses(db: Db, instrumentId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM surveys_responses r WHERE r.instrument_id = ${instrumentId} AND ${kept('r')}`,
  );
  return rows[0]?.n ?? 0;
}

/** Responses (or comments) `alias` that are not in a burst the Director excluded. */
const kept = (alias: string) =>
  sql.raw(
    `(${alias}.burst_id IS NULL OR NOT EXISTS (SELECT 1 FROM surveys_bursts b WHERE b.id = ${alias}.burst_id AND b.excluded))`,
  );

export type RespondentCount = { instrumentId: string; segment: string | null; n: number };

export const selectRespondentCounts = (db: Db): Promise<RespondentCount[]> =>
  queryRows<RespondentCount>(
    db,
    sql`SELECT instrument_id AS "instrumentId", segment, count(*)::int AS n FROM surveys_responses r WHERE ${kept('r')} GROUP BY 1, 2`,
  );

export type AnswerCount = {
  itemId: string;
  segment: string | null;
  scaleId: string | null;
  code: number | null;
  n: number;
};

/** Counts of each answer code per item and segment: everything the analysis needs, no respondent rows. */
export const selectAnswerCounts = (db: Db): Promise<AnswerCount[]> =>
  queryRows<AnswerCount>(
    db,
    sql`SELECT a.item_id AS "itemId", r.segment, a.scale_id AS "scaleId", a.code, count(*)::int AS n
        FROM surveys_answers a JOIN surveys_responses r ON r.id = a.response_id
        WHERE a.options IS NULL AND ${kept('r')}
        GROUP BY 1, 2, 3, 4`,
  );

export type OptionCount = { itemId: string; option: string; n: number };

export const selectOptionCounts = (db: Db, instrumentId: string): Promise<OptionCount[]> =>
  queryRows<OptionCount>(
    db,
    sql`SELECT a.item_id AS "itemId", o.option, count(*)::int AS n
        FROM surveys_answers a
        JOIN surveys_items i ON i.id = a.item_id
        JOIN surveys_responses r ON r.id = a.response_id
        CROSS JOIN LATERAL jsonb_array_elements_text(a.options) AS o(option)
        WHERE i.instrument_id = ${instrumentId} AND ${kept('r')}
        GROUP BY 1, 2`,
  );

export async function deleteResponses(db: Db, instrumentId: string): Promise<void> {
  await db.delete(surveysResponses).where(eq(surveysResponses.instrumentId, instrumentId));
  await db.delete(surveysComments).where(eq(surveysComments.instrumentId, instrumentId));
}

export const selectComments = (db: Db, filter: { instrumentId?: string; review?: string }): Promise<CommentRow[]> =>
  db
    .select()
    .from(surveysComments)
    .where(
      and(
        filter.instrumentId ? eq(surveysComments.instrumentId, filter.instrumentId) : undefined,
        filter.review ? eq(surveysComments.review, filter.review) : undefined,
      ),
    )
    .orderBy(asc(surveysComments.id))
    .then(async (rows) => {
      const out = await excludedBurstIds(db);
      return out.size ? rows.filter((r) => !r.burstId || !out.has(r.burstId)) : rows;
    });

async function excludedBurstIds(db: Db): Promise<Set<string>> {
  const rows = await db.select({ id: surveysBursts.id }).from(surveysBursts).where(eq(surveysBursts.excluded, true));
  return new Set(rows.map((r) => r.id));
}

export type BurstRow = typeof surveysBursts.$inferSelect;

export async function insertBurst(db: Db, row: typeof surveysBursts.$inferInsert): Promise<void> {
  await db.insert(surveysBursts).values(row);
}

export async function updateBurst(db: Db, id: string, patch: Partial<typeof surveysBursts.$inferInsert>) {
  return (await db.update(surveysBursts).set(patch).where(eq(surveysBursts.id, id)).returning())[0];
}

export const selectBursts = (db: Db, instrumentId: string): Promise<BurstRow[]> =>
  db.select().from(surveysBursts).where(eq(surveysBursts.instrumentId, instrumentId)).orderBy(asc(surveysBursts.startedAt));

/** Puts these responses (and the comments sent with them) in a burst. */
export async function tagBurst(db: Db, burstId: string, responseIds: string[], commentIds: string[]): Promise<void> {
  if (responseIds.length) await db.update(surveysResponses).set({ burstId }).where(inArray(surveysResponses.id, responseIds));
  if (commentIds.length) await db.update(surveysComments).set({ burstId }).where(inArray(surveysComments.id, commentIds));
}

export async function selectComment(db: Db, id: string): Promise<CommentRow | undefined> {
  return (await db.select().from(surveysComments).where(eq(surveysComments.id, id)))[0];
}

export async function updateComment(db: Db, id: string, patch: Partial<typeof surveysComments.$inferInsert>) {
  return (await db.update(surveysComments).set(patch).where(eq(surveysComments.id, id)).returning())[0];
}

export type CommentCount = { instrumentId: string; review: string; theme: string | null; n: number };

export const selectCommentCounts = (db: Db): Promise<CommentCount[]> =>
  queryRows<CommentCount>(
    db,
    sql`SELECT instrument_id AS "instrumentId", review, theme, count(*)::int AS n FROM surveys_comments c WHERE ${kept('c')} GROUP BY 1, 2, 3`,
  );

export async function insertTokens(db: Db, rows: (typeof surveysTokens.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) await db.insert(surveysTokens).values(rows.slice(i, i + 2000));
}

/** Marks a single-use token used; false when it was used already. */
export async function consumeToken(db: Db, tokenHash: string): Promise<boolean> {
  const rows = await db
    .update(surveysTokens)
    .set({ used: true })
    .where(and(eq(surveysTokens.tokenHash, tokenHash), eq(surveysTokens.used, false)))
    .returning({ h: surveysTokens.tokenHash });
  return rows.length > 0;
}

export async function selectToken(db: Db, tokenHash: string) {
  return (await db.select().from(surveysTokens).where(eq(surveysTokens.tokenHash, tokenHash)))[0];
}

export async function tokenStats(db: Db, instrumentId: string): Promise<{ issued: number; used: number; batches: number }> {
  const rows = await queryRows<{ issued: number; used: number; batches: number }>(
    db,
    sql`SELECT count(*)::int AS issued, count(*) FILTER (WHERE used)::int AS used, coalesce(max(batch), 0)::int AS batches
        FROM surveys_tokens WHERE instrument_id = ${instrumentId}`,
  );
  return rows[0] ?? { issued: 0, used: 0, batches: 0 };
}

export async function insertImport(db: Db, row: typeof surveysImports.$inferInsert): Promise<void> {
  await db.insert(surveysImports).values(row);
}

export const selectImports = (db: Db, instrumentId?: string): Promise<ImportRow[]> =>
  db
    .select()
    .from(surveysImports)
    .where(instrumentId ? eq(surveysImports.instrumentId, instrumentId) : undefined)
    .orderBy(asc(surveysImports.at));

export async function importedFileExists(db: Db, instrumentId: string, sha: string): Promise<boolean> {
  const rows = await db
    .select({ n: count() })
    .from(surveysImports)
    .where(and(eq(surveysImports.instrumentId, instrumentId), eq(surveysImports.fileSha256, sha)));
  return (rows[0]?.n ?? 0) > 0;
}

/** Items of an instrument with any stored answers (the builder may not change those). */
export const selectAnsweredItemIds = async (db: Db, instrumentId: string): Promise<Set<string>> =>
  new Set(
    (
      await queryRows<{ id: string }>(
        db,
        sql`SELECT DISTINCT a.item_id AS id FROM surveys_answers a JOIN ${surveysItems} i ON i.id = a.item_id
            WHERE i.instrument_id = ${instrumentId}`,
      )
    ).map((r) => r.id),
  );
