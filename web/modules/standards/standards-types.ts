/** The shapes of the standards API the pages use (copied: the server's types reach Node-only modules). */

export type Rag = 'green' | 'amber' | 'red';
export type Status = 'not_assessed' | 'met' | 'partial' | 'not_met' | 'n_a';
export type Review = { due: string | null; rag: Rag; overdue: boolean; reason: string | null };
export type RequirementRow = {
  id: string;
  text: string;
  level: 'must' | 'should';
  cadence: 'once' | 'annual' | 'termly' | 'on_change';
  statutory: boolean;
  autoFail: string | null;
  status: Status;
  ownerName: string | null;
  lastReviewedOn: string | null;
  review: Review;
  rag: Rag | null;
};
export type StandardRow = {
  id: string;
  title: string;
  core: boolean;
  rag: Rag | null;
  met: boolean;
  applicable: number;
  metCount: number;
  notAssessed: number;
  overdue: number;
  requirements: RequirementRow[];
};
export type FrameworkRow = {
  key: string;
  title: string;
  version: string;
  label: string | null;
  benchmark: boolean;
  inReport: boolean;
  met: number;
  applicable: number;
  standards: StandardRow[];
};
export type ActionView = {
  id: string;
  requirementId: string;
  text: string;
  ownerName: string;
  dueOn: string | null;
  status: 'open' | 'done' | 'dropped';
  task: { id: string; status: string; ownerName: string } | null;
  projectId: string | null;
};
export type Tracker = {
  today: string;
  rollup: {
    core: { met: number; total: number };
    frameworks: FrameworkRow[];
    overdue: { requirementId: string; standard: string; framework: string; text: string; due: string | null; rag: Rag }[];
  };
  frameworks: {
    key: string;
    builtIn: boolean;
    summary: string;
    sourceUrl: string | null;
    certificateExpiresOn: string | null;
    nextAssessmentOn: string | null;
    newerVersion: string | null;
  }[];
  evidenceCount: Record<string, number>;
  openActions: ActionView[];
  actionsDueThisTerm: ActionView[];
  pendingReview: { id: string; text: string; retiredIn: string | null; evidence: number }[];
};
export type RequirementDetail = {
  requirement: {
    id: string;
    text: string;
    level: 'must' | 'should';
    cadence: RequirementRow['cadence'];
    statutory: boolean;
    autoFail: string | null;
    evidenceHint: string;
    links: { label: string; url: string }[];
    retiredIn: string | null;
    standardTitle: string;
    core: boolean;
  };
  assessment: {
    status: Status;
    ownerId: string | null;
    ownerName: string | null;
    lastReviewedOn: string | null;
    notes: string | null;
  };
  review: Review | null;
  evidence: {
    id: string;
    kind: 'record' | 'link' | 'file';
    label: string;
    url: string | null;
    fileName: string | null;
    size: number | null;
    addedBy: string;
    addedAt: string;
    originalRequirementId: string;
  }[];
  history: {
    id: number;
    at: string;
    by: string;
    kind: string;
    note: string | null;
    status: Status;
    originalRequirementId: string;
  }[];
  actions: ActionView[];
};
export type Catalogues = {
  builtIn: {
    key: string;
    title: string;
    label: string | null;
    adopted: string | null;
    latest: string;
    versions: string[];
    summary: string;
  }[];
};

export const STATUS_WORDS: Record<Status, string> = {
  not_assessed: 'Not assessed',
  met: 'Met',
  partial: 'Partly met',
  not_met: 'Not met',
  n_a: 'Not applicable',
};
export const CADENCE_WORDS = { once: 'once', annual: 'every year', termly: 'every term', on_change: 'when it changes' } as const;
export const RAG_COLOURS = { green: 'green', amber: 'orange', red: 'red' } as const;
