export type {
  BriefingSummary,
  BriefingView,
  NoteView,
  NoticeView,
  RevisionView,
  SearchResult,
  SectionView,
  SendResult,
  TemplateView,
  ThisWeek,
  UsefulView,
} from '../../../server/modules/briefings/domain/view-types.ts';

export type Recipients = { team: string[]; slt: string[]; mailConfigured: boolean };

export const STATUS_LABELS = { draft: 'Draft', published: 'Published', correcting: 'Being corrected' } as const;
export const STATUS_COLORS = { draft: 'yellow', published: 'green', correcting: 'orange' } as const;
