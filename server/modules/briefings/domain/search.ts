import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { parseInput } from '../../../lib/validate.ts';
import { HIT_END, HIT_START, searchBriefings } from '../db/useful-queries.ts';
import { READ_ROLES, TEAM_ROLES } from './roles.ts';
import type { SearchResult, Snippet } from './view-types.ts';

/**
 * The archive's search: PostgreSQL full-text search (websearch syntax: words, "a phrase", or,
 * -not) over every published briefing and the useful-info items, the same on PGlite and
 * PostgreSQL. Pinned items first, then the best matches; each with a highlighted snippet. SLT
 * search only the briefings shared with them.
 */

export const SearchQuery = z.object({
  q: z.string().trim().min(1, 'Type a word to search for').max(200),
  tag: z.string().trim().toLowerCase().max(40).optional(),
  only: z.enum(['briefings', 'useful']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.input<typeof SearchQuery>;

export function splitHeadline(headline: string): Snippet {
  const out: Snippet = [];
  let hit = false;
  let text = '';
  for (const ch of headline) {
    if (ch === HIT_START || ch === HIT_END) {
      if (text) out.push({ text, hit });
      text = '';
      hit = ch === HIT_START;
    } else text += ch;
  }
  if (text) out.push({ text, hit });
  return out;
}

export async function searchArchive(ctx: Ctx, input: SearchQuery): Promise<SearchResult[]> {
  const actor = requireRole(ctx, ...READ_ROLES);
  const q = parseInput(SearchQuery, input);
  const team = TEAM_ROLES.includes(actor.role);
  const hits = await searchBriefings(ctx.db, {
    words: q.q,
    tag: q.tag || undefined,
    sharedOnly: !team,
    includeUseful: team && q.only !== 'briefings',
    includeBriefings: q.only !== 'useful',
    limit: q.limit,
  });
  return hits.map((h) => ({
    kind: h.kind,
    id: h.id,
    title: h.title,
    pinned: h.pinned,
    tags: h.tags,
    week: h.week,
    at: h.at,
    url: h.kind === 'useful' ? `/briefings/useful/${h.id}` : `/briefings/${h.id}`,
    snippet: splitHeadline(h.headline),
  }));
}

export type { SearchResult, Snippet } from './view-types.ts';
