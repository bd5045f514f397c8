/**
 * The shapes of the reports API the pages use. Copied, not imported: the server's view types
 * reach the other modules' read functions, which need Node's types.
 */

export type Rag = 'green' | 'amber' | 'red';
export type KpiFigure = {
  id: string;
  label: string;
  section: string;
  unit: 'count' | 'share' | 'hours' | 'days';
  definition: string;
  source: string;
  manual: boolean;
  evidence: { value: string; evidence: string; evidenceUrl: string | null; enteredBy: string; enteredAt: string } | null;
  thresholdWords: string;
  series: { term: string; startsOn: string; value: number | null; n: number | null; note: string | null }[];
  value: number | null;
  display: string;
  changeDisplay: string;
  rag: Rag | null;
  moved: boolean;
};
export type ChartSpec = { id: string; title: string; width: number; height: number; option: Record<string, unknown> };
export type ReportView = {
  id: string;
  status: 'draft' | 'published';
  termName: string;
  termStartsOn: string;
  termEndsOn: string;
  figures: {
    schoolName: string;
    term: { label: string; startsOn: string; endsOn: string; running: boolean };
    terms: { label: string; startsOn: string }[];
    kpis: KpiFigure[];
    waiting: { id: string; label: string; source: string }[];
    footnotes: string[];
  };
  figuresAt: string;
  narrative: { key: string; title: string; draft: string; text: string; edited: boolean }[];
  publishedAt: string | null;
  publishedBy: string | null;
  charts: ChartSpec[];
  sparklines: Record<string, Record<string, unknown>>;
};
export type DrillResult = {
  kpiId: string;
  label: string;
  term: string;
  records: { key: string; title: string; detail: string; when: string | null; url: string | null }[];
  note: string | null;
};

export type ReportList = {
  terms: {
    name: string;
    startsOn: string;
    endsOn: string;
    running: boolean;
    report: { id: string; status: 'draft' | 'published'; publishedAt: string | null; updatedAt: string } | null;
  }[];
};

export type ManualValueRow = {
  kpiId: string;
  label: string;
  definition: string;
  format: 'share' | 'date' | 'count';
  evidenceHint: string;
  value: string | null;
  evidence: string | null;
  evidenceUrl: string | null;
  enteredBy: string | null;
  enteredAt: string | null;
};

export const RAG_COLOURS = { green: 'green', amber: 'orange', red: 'red' } as const;
export const RAG_WORDS = { green: 'Green', amber: 'Amber', red: 'Red' } as const;
