import type { Ctx } from '../../../lib/context.ts';
import type { BriefingWindow } from './weeks.ts';

/**
 * A feed drafts part of a section from other modules' exported read functions (never their
 * tables). It returns Markdown and the figures behind it, or null when it has nothing to say: a
 * section whose feeds all say nothing is left out of the briefing, never padded.
 */
export type FeedResult = { markdown: string; data: unknown } | null;

export type FeedWindow = BriefingWindow & {
  briefingId: string;
  /** Shares one read between feeds of the same draft (the help desk's figures feed two sections). */
  once: <T>(key: string, load: () => Promise<T>) => Promise<T>;
};

export type BriefingFeed = {
  id: string;
  label: string;
  /** Where it drafts from, as the editor says it: 'Drafted from the help desk'. */
  from: string;
  /** What it drafts, for the template editor. */
  description: string;
  load: (ctx: Ctx, w: FeedWindow) => Promise<FeedResult>;
};
