/**
 * The shapes the briefing's API answers with, in one file with no imports but the template row,
 * so the web app can import them as types without reaching the server's code.
 */
import type { TemplateRow } from '../db/briefing-queries.ts';

export type BriefingSummary = {
  id: string;
  week: string;
  startsOn: string;
  title: string;
  status: 'draft' | 'published' | 'correcting';
  publishedAt: string | null;
  sharedWithSlt: boolean;
  draftedAt: string;
  updatedAt: string;
};

export type SectionView = {
  id: string;
  key: string;
  title: string;
  guidance: string;
  feeds: { id: string; label: string; from: string }[];
  markdown: string;
  generated: string;
  edited: boolean;
  data: Record<string, unknown>;
  problems: { feed: string; message: string }[];
  generatedAt: string | null;
};

export type RevisionView = {
  /** Each published section with the figures it was drafted from. */
  sections: { key: string; title: string; markdown: string; data: Record<string, unknown> }[];
  id: string;
  number: number;
  title: string;
  html: string;
  markdown: string;
  note: string | null;
  publishedAt: string;
  publishedBy: string;
};

export type BriefingView = BriefingSummary & {
  endsOn: string;
  draftedBy: string;
  canEdit: boolean;
  current: RevisionView | null;
  revisions: { number: number; publishedAt: string; publishedBy: string; note: string | null }[];
  deliveries: { revision: number; audience: 'team' | 'slt'; recipients: string[]; sentAt: string; sentBy: string }[];
  /** The Director's working copy while it is a draft or a correction. */
  sections: SectionView[] | null;
  notes: { id: string; text: string; authorName: string; createdAt: string; source: { label: string; url: string } | null }[];
};

export type ThisWeek = {
  week: string;
  /** When the scheduled draft is made: the week's last school day (none in a holiday week). */
  draftDay: string | null;
  briefing: BriefingSummary | null;
  /** The most recent published briefing this reader may see. */
  latest: BriefingSummary | null;
};

export type NoteView = {
  id: string;
  text: string;
  authorName: string;
  createdAt: string;
  source: { module: string; kind: string; id: string; label: string; url: string } | null;
  briefingId: string | null;
};

export type NoticeView = {
  id: string;
  text: string;
  startsOn: string;
  endsOn: string | null;
  createdBy: string;
  createdAt: string;
};

/** A snippet as runs of text, the matched words marked: the web shows them without any HTML. */
export type Snippet = { text: string; hit: boolean }[];

export type SearchResult = {
  kind: 'useful' | 'briefing';
  id: string;
  title: string;
  pinned: boolean;
  tags: string[];
  week: string | null;
  at: string;
  url: string;
  snippet: Snippet;
};

export type TemplateView = {
  sections: TemplateRow[];
  feeds: { id: string; label: string; description: string }[];
  isDefault: boolean;
};

export type UsefulView = {
  id: string;
  title: string;
  body: string;
  html: string;
  tags: string[];
  pinned: boolean;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
};

export type SendResult = { sentTo: string[]; mailError: string | null };
