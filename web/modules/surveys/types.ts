/**
 * The survey API's shapes, as the pages use them (server: server/modules/surveys). Shapes the
 * server declares in files the browser build can read are imported from there.
 */
import type { Interval } from '../../../server/lib/stats.ts';
import type { CellView } from '../../../server/modules/surveys/domain/cell-stats.ts';
import type { Scale, ScalePoint } from '../../../server/modules/surveys/domain/scales.ts';

export type { CellView, Interval, Scale, ScalePoint };
export type Audience = 'staff' | 'senior' | 'prep';

export type Flag = 'improved' | 'declined' | 'no clear change' | 'suppressed' | 'not comparable';

export type ChangeView = {
  fromYear: number;
  toYear: number;
  status: 'tested' | 'suppressed' | 'not comparable';
  indicative: boolean;
  delta: number | null;
  z: number | null;
  p: number | null;
  pAdjusted: number | null;
  newcombe: Interval | null;
  mannWhitney: { u: number; z: number; p: number } | null;
  distributionTest:
    | { valid: true; statistic: number; df: number; p: number; collapsed: boolean }
    | { valid: false; reason: string }
    | null;
  flag: Flag;
  note: string | null;
};

export type Comparability = 'identical' | 'minor_wording' | 'scale_changed' | 'split' | 'merged' | 'not_comparable';

export type YearView = {
  year: number;
  instrumentCode: string;
  wording: string;
  comparability: Comparability;
  provisional: boolean;
  total: CellView;
  segments: CellView[];
  change: ChangeView | null;
  segmentChanges: Record<string, ChangeView>;
};

export type TrendView =
  | { status: 'tested'; fromYear: number; toYear: number; years: number; z: number; p: number; indicative: boolean }
  | { status: 'not tested'; reason: string };

export type Question = {
  id: string;
  code: string;
  construct: string;
  wording: string;
  scaleId: string;
  polarity: 1 | -1;
  audiences: Audience[];
  active: boolean;
  notes: string | null;
};

export type QuestionResults = {
  question: Question;
  scaleName: string;
  audiences: { audience: Audience; label: string; series: { years: YearView[]; trend: TrendView } }[];
};

export type ResultsView = {
  threshold: number;
  practicalPoints: number;
  questions: QuestionResults[];
  comparisons: {
    question: Question;
    indicative: boolean;
    audiences: {
      audience: Audience;
      label: string;
      year: number;
      scaleId: string | null;
      n: number | null;
      favourable: (Interval & { pct: number }) | null;
      suppressed: boolean;
    }[];
  }[];
  responseRates: {
    audience: Audience;
    label: string;
    year: number;
    instrumentCode: string;
    respondents: number | null;
    eligible: number | null;
    rate: number | null;
    provisional: boolean;
    segments: { segment: string; label: string; respondents: number | null; eligible: number | null; rate: number | null }[];
  }[];
  methodology: string[];
};

export type SummaryFigure = { year: number; n: number; pct: number } & Interval;
export type SltSummary = {
  changes: {
    questionCode: string;
    construct: string;
    wording: string;
    audience: Audience;
    audienceLabel: string;
    flag: 'improved' | 'declined';
    indicative: boolean;
    provisional: boolean;
    delta: number;
    interval: Interval;
    pAdjusted: number;
    before: SummaryFigure;
    after: SummaryFigure;
    footnote: string | null;
  }[];
  trends: {
    questionCode: string;
    construct: string;
    audienceLabel: string;
    direction: 'rising' | 'falling';
    fromYear: number;
    toYear: number;
    p: number;
    indicative: boolean;
  }[];
  responseRates: {
    audienceLabel: string;
    year: number;
    respondents: number | null;
    eligible: number | null;
    rate: number | null;
    provisional: boolean;
  }[];
  caveats: string[];
  methodology: string[];
};

export type Catalogue = {
  scales: Scale[];
  audiences: { id: Audience; label: string; segments: { code: string; label: string }[] }[];
  comparability: { id: Comparability; label: string }[];
};

export type InstrumentSummary = {
  id: string;
  code: string;
  audience: Audience;
  audienceLabel: string;
  year: number;
  title: string;
  source: string;
  state: 'draft' | 'scheduled' | 'open' | 'closed' | 'imported';
  opensAt: string | null;
  closesAt: string | null;
  collection: 'shared' | 'single_use';
  responses: number;
  eligible: number | null;
  responseRate: number | null;
};

export type Item = {
  id: string;
  position: number;
  kind: 'scale' | 'choice' | 'multi' | 'text';
  wording: string;
  scaleId: string | null;
  options: { code: string; label: string }[];
  allowNotUsed: boolean;
  sourceHeader: string | null;
  questionId: string | null;
  comparability: Comparability | null;
};

export type InstrumentDetail = InstrumentSummary & {
  intro: string;
  smileyYears: number[];
  shareToken: string | null;
  segmentsEligible: Record<string, number>;
  manifestVersion: number;
  tokens: { issued: number; used: number; batches: number };
  items: Item[];
  /** Bursts of answers from one address on the shared link. */
  bursts?: { id: string; startedAt: string; lastAt: string; responses: number; excluded: boolean }[];
};

export const pct = (v: number | null | undefined, digits = 0): string =>
  v === null || v === undefined ? '–' : `${(v * 100).toFixed(digits)}%`;

export const FLAG_COLOURS: Record<Flag, string> = {
  improved: 'green',
  declined: 'red',
  'no clear change': 'gray',
  suppressed: 'yellow',
  'not comparable': 'grape',
};
