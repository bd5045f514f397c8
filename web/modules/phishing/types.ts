/**
 * The phishing API's shapes as the pages use them (server: server/modules/phishing). Copied rather
 * than imported: the server files that declare them also load Node-only modules.
 */

export type Option = { value: string; label: string };
export type Taxonomy = {
  techniques: Option[];
  themes: Option[];
  pretexts: Option[];
  premiseAlignment: Option[];
  difficulties: Option[];
  ethicsFlags: Option[];
  cues: (Option & { category: string })[];
  mergeFields: Option[];
  exclusionKinds: Option[];
  classes: Option[];
  evidence: Option[];
};

export type Rate = { k: number; n: number; rate: number | null; low: number | null; high: number | null };

export type TeachableCue = { cue: string; where: string; explain: string };
export type LureInput = {
  name: string;
  subject: string;
  html: string;
  text: string;
  senderName: string;
  senderAddress: string;
  pretext: string;
  technique: string;
  theme: string;
  documentName: string | null;
  cues: string[];
  premiseAlignment: string;
  ethicsFlags: string[];
  teachable: TeachableCue[];
  lesson: string;
};
export type Lure = LureInput & {
  id: string;
  starterKey: string | null;
  difficulty: string;
  difficultyLabel: string;
  techniqueLabel: string;
  themeLabel: string;
  needsSignOff: boolean;
  signOff: { byName: string; at: string; note: string; recordedBy: string } | null;
  archived: boolean;
  updatedAt: string;
};

export type Profile = {
  id: string;
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  envelopeFrom: string;
  headerName: string;
  perMinute: number;
  perDay: number;
  jitterSeconds: number;
  maxConnections: number;
  retryMinSeconds: number;
  maxAttempts: number;
  hasPassword: boolean;
  domain: string;
};

export type Counts = Record<
  'total' | 'queued' | 'sending' | 'retrying' | 'accepted' | 'failed' | 'cancelled' | 'excluded',
  number
>;
export type SkippedDay = { date: string; rule: string; reason: string };
export type Campaign = {
  id: string;
  name: string;
  purpose: string;
  state: 'draft' | 'scheduled' | 'sending' | 'live' | 'closed' | 'archived';
  stateLabel: string;
  lureIds: string[];
  groupIds: string[];
  profileId: string | null;
  landingMode: 'teachable' | 'form';
  windowStart: string | null;
  windowEnd: string | null;
  sendFrom: string;
  sendUntil: string;
  spread: boolean;
  retentionDays: number;
  createdBy: string;
  createdAt: string;
  scheduledAt: string | null;
  startedAt: string | null;
  closedAt: string | null;
  purgedAt: string | null;
  counts: Counts;
  commentary: string;
  skippedDays?: SkippedDay[];
};

export type StatsBlock = {
  delivered: number;
  reported: Rate;
  recognised: Rate;
  humanClicked: Rate;
  submitted: Rate;
  uncertainClicks: number;
  medianMinutesToFirstReport: number | null;
  excludedAutomated: number;
};
export type CampaignStats = {
  recipients: number;
  failed: number;
  excluded: number;
  cancelled: number;
  firstDeliveryAt: string | null;
  minutesToFirstReport: number | null;
  overall: StatsBlock;
  groups: { name: string; n: number; block: StatsBlock }[];
};
export type TagRow = { dimension: string; tag: string; label: string; n: number; humanClicked: Rate; reported: Rate };
export type TagAnalysis = { dimension: string; rows: TagRow[]; statement: string; suppressed: number };
export type Results = {
  stats: CampaignStats;
  threshold: number;
  techniques: TagAnalysis;
  themes: TagAnalysis;
  lures: { lureId: string; name: string; n: number; humanClicked: Rate; reported: Rate }[];
  training: { lessons: number; completed: number; thanks: number };
};

export type Person = {
  id: string;
  email: string;
  displayName: string;
  groupName: string;
  lureId: string;
  lureName: string;
  status: string;
  smtpAcceptedAt: string | null;
  reportedAt: string | null;
  reportedBeforeClick: boolean;
  firstHumanClickAt: string | null;
  clickClass: string | null;
  submittedAt: string | null;
  automated: number;
  uncertain: number;
  outcome: 'recognised' | 'reported_after_click' | 'clicked' | 'submitted' | 'no_action' | 'not_delivered';
  training: { assigned: boolean; completedAt: string | null } | null;
};

export type Interaction = {
  id: number;
  recipientId: string;
  kind: string;
  at: string;
  source: string;
  method: string | null;
  ipPrefix: string | null;
  uaFamily: string | null;
  classification: string;
  classLabel: string;
  evidence: { code: string; label: string }[];
  secondsAfterDelivery: number | null;
  late: boolean;
  overriddenBy: string | null;
  overrideReason: string | null;
};

export type SltReport = {
  campaign: {
    id: string;
    name: string;
    state: string;
    stateLabel: string;
    startedAt: string | null;
    closedAt: string | null;
    landingMode: string;
  };
  schoolName: string;
  threshold: number;
  delivered: number;
  headline: {
    reported: Rate;
    recognised: Rate;
    humanClicked: Rate;
    submitted: Rate;
    medianMinutesToFirstReport: number | null;
    minutesToFirstReport: number | null;
    excludedAutomated: number;
    uncertainClicks: number;
  };
  groups: { name: string; suppressed: boolean; n: number | null; reported: Rate | null; humanClicked: Rate | null }[];
  techniques: TagAnalysis;
  themes: TagAnalysis;
  difficulty: { difficulty: string; label: string; n: number }[];
  suppressedOverall: boolean;
  commentary: string;
  draftCommentary: string;
};

export type DocumentText = { title: string; sections: { heading: string; paragraphs: string[] }[] };

export const STATE_COLORS: Record<Campaign['state'], string> = {
  draft: 'gray',
  scheduled: 'blue',
  sending: 'orange',
  live: 'green',
  closed: 'dark',
  archived: 'gray',
};

export const OUTCOME_WORDS: Record<Person['outcome'], string> = {
  recognised: 'Reported it (before any click)',
  reported_after_click: 'Clicked, then reported',
  clicked: 'Clicked',
  submitted: 'Went on to the sign-in page',
  no_action: 'No action seen',
  not_delivered: 'Not delivered',
};

export const STATUS_WORDS: Record<string, string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  retrying: 'Retrying',
  accepted: 'Delivered',
  failed: 'Failed',
  cancelled: 'Not sent',
  excluded: 'Left out',
};
