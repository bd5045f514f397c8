import { and, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import { briefingsUseful } from './tables.ts';

export type UsefulRow = typeof briefingsUseful.$inferSelect;

export async function insertUseful(db: Db, row: typeof briefingsUseful.$inferInsert): Promise<UsefulRow> {
  return (await db.insert(briefingsUseful).values(row).returning())[0] as UsefulRow;
}

export async function updateUsefulRow(db: Db, id: string, patch: Partial<typeof briefingsUseful.$inferInsert>) {
  return (await db.update(briefingsUseful).set(patch).where(eq(briefingsUseful.id, id)).returning())[0];
}

export async function selectUseful(db: Db, id: string): Promise<UsefulRow | undefined> {
  return (await db.select().from(briefingsUseful).where(eq(briefingsUseful.id, id)))[0];
}

/** Live items, pinned first, then the most recently changed; optionally with one tag. */
export function selectUsefulItems(db: Db, f: { tag?: string; limit?: number } = {}): Promise<UsefulRow[]> {
  return db
    .select()
    .from(briefingsUseful)
    .where(and(isNull(briefingsUseful.archivedAt), f.tag ? sql`${f.tag} = any(${briefingsUseful.tags})` : undefined))
    .orderBy(desc(briefingsUseful.pinned), desc(briefingsUseful.updatedAt))
    .limit(f.limit ?? 500);
}

/** Items added or changed in [from, to). */
export function selectUsefulChanged(db: Db, from: Date, to: Date): Promise<UsefulRow[]> {
  return db
    .select()
    .from(briefingsUseful)
    .where(and(isNull(briefingsUseful.archivedAt), gte(briefingsUseful.updatedAt, from), lt(briefingsUseful.updatedAt, to)))
    .orderBy(desc(briefingsUseful.pinned), briefingsUseful.title);
}

export async function selectTags(db: Db): Promise<{ tag: string; n: number }[]> {
  return queryRows<{ tag: string; n: number }>(
    db,
    sql`SELECT tag, count(*)::int AS n FROM briefings_useful, unnest(tags) AS tag
        WHERE archived_at IS NULL GROUP BY tag ORDER BY n DESC, tag`,
  );
}

export type SearchHit = {
  kind: 'useful' | 'briefing';
  id: string;
  title: string;
  pinned: boolean;
  tags: string[];
  week: string | null;
  at: string;
  rank: number;
  headline: string;
};

/** Marks around the matched words in `headline`; the caller escapes the rest. */
export const HIT_START = '\u2983';
export const HIT_END = '\u2984';

/**
 * Full-text search over live useful-info items and the current revision of every published
 * briefing (only those shared with SLT when `sharedOnly`; no useful info when `briefings` only).
 * Pinned items first, then by rank (ts_rank_cd, title weighted above the body), then newest.
 * Highlights (ts_headline) are made for the page of results only.
 */
export async function searchBriefings(
  db: Db,
  q: { words: string; tag?: string; sharedOnly: boolean; includeUseful: boolean; includeBriefings: boolean; limit: number },
): Promise<SearchHit[]> {
  const query = sql`websearch_to_tsquery('english', ${q.words})`;
  const useful = q.includeUseful
    ? sql`SELECT 'useful' AS kind, u.id, u.title, u.pinned, u.tags, NULL::text AS week, u.updated_at AS at,
                 ts_rank_cd(u.search, q.tsq) AS rank, u.body_text AS body
          FROM briefings_useful u, q
          WHERE u.archived_at IS NULL AND u.search @@ q.tsq ${q.tag ? sql`AND ${q.tag} = ANY(u.tags)` : sql``}`
    : null;
  const briefings =
    q.includeBriefings && !q.tag
      ? sql`SELECT 'briefing' AS kind, b.id, r.title, false AS pinned, '{}'::text[] AS tags, b.week, r.published_at AS at,
                 ts_rank_cd(r.search, q.tsq) AS rank, r.search_text AS body
          FROM briefings_briefings b JOIN briefings_revisions r ON r.id = b.current_revision_id, q
          WHERE r.search @@ q.tsq ${q.sharedOnly ? sql`AND b.shared_with_slt` : sql``}`
      : null;
  const parts = [useful, briefings].filter((p) => p !== null);
  if (parts.length === 0) return [];
  const union = parts.length === 2 ? sql`${parts[0]} UNION ALL ${parts[1]}` : (parts[0] as ReturnType<typeof sql>);
  const options = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  const rows = await queryRows<{
    kind: 'useful' | 'briefing';
    id: string;
    title: string;
    pinned: boolean;
    tags: string[];
    week: string | null;
    at: string | Date;
    rank: number;
    headline: string;
  }>(
    db,
    sql`WITH q AS (SELECT ${query} AS tsq),
        hits AS (${union}),
        page AS (SELECT * FROM hits ORDER BY pinned DESC, rank DESC, at DESC LIMIT ${q.limit})
        SELECT page.kind, page.id, page.title, page.pinned, page.tags, page.week, page.at, page.rank,
               ts_headline('english', page.body, q.tsq, ${options}) AS headline
        FROM page, q ORDER BY page.pinned DESC, page.rank DESC, page.at DESC`,
  );
  return rows.map((r) => ({
    ...r,
    rank: Number(r.rank),
    at: r.at instanceof Date ? r.at.toISOString() : new Date(r.at).toISOString(),
  }));
}
