import type { Finding, Verdict } from '../../../server/modules/wifi/domain/analysis/types.ts';

/** The shapes the Wi-Fi API answers with (the verdict's come from the server's own types). */
export type { Finding, Verdict };

export type Overview = {
  lastSchoolDay: string;
  defaultDay: string;
  daysWithData: string[];
  schoolDays: string[];
  aps: number;
  apsPlaced: number;
  imports: { kind: string; file_name: string; at: string; created: number; rows_in: number }[];
  canSeeDevices: boolean;
};

export type Level = {
  key: string;
  label: string;
  attempts: number;
  failures: number;
  successRate: number | null;
  ci: [number, number] | null;
  stages: { assoc: number; auth: number; dhcp: number; dns: number };
  connectMs: number | null;
  slowConnectShare: number | null;
  readings: number;
  coverage: number | null;
  retryShare: number | null;
  roams: number;
  slowRoams: number;
  sessions: number;
  shortDrops: number;
};

export type ApLevel = Level & {
  id: number;
  building: string | null;
  buildingName: string | null;
  peakClients: number | null;
  peakUtil: number | null;
};

export type ServiceLevels = {
  window: { from: string; to: string };
  site: Level | null;
  schools: Level[];
  buildings: Level[];
  aps: ApLevel[];
  ssids: Level[];
  bands: Level[];
  daily: {
    day: string;
    schoolDay: boolean;
    site: number | null;
    buildings: { key: string; successRate: number | null; attempts: number }[];
  }[];
  heatmap: { buildings: { code: string; name: string }[]; hours: number[]; cells: [number, number, number, number][] };
};

export type Message = { subject: string; body: string };

export type PersonRef = {
  id: string;
  name: string;
  kind: string;
  yearLabel: string | null;
  tutorGroup: string | null;
  email?: string | null;
};

export type Contact = {
  key: string;
  identity: string | null;
  macs: string[];
  person: PersonRef | null;
  reason: string;
  finding: string;
  message: Message;
};

export type ComplaintResult = {
  query: string;
  person: PersonRef | null;
  key: string | null;
  devices: number;
  status: string;
  explanation: string;
  attempts: number;
  failures: number;
  inWindow: { attempts: number; failures: number } | null;
  findings: string[];
  message: Message | null;
};

export type ComplaintAnalysis = {
  window: { from: string; to: string };
  verdict: string;
  headline: string;
  summary: string;
  results: ComplaintResult[];
};

export const pct = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(x * 100 < 10 && x > 0 && digits === 0 ? 1 : digits)}%`;

export const VERDICT_LABELS: Record<string, { label: string; color: string }> = {
  general: { label: 'General problem', color: 'red' },
  individual: { label: 'Individual devices', color: 'orange' },
  'device-class': { label: 'Device model', color: 'grape' },
  mixed: { label: 'Mixed', color: 'yellow' },
  'no-issue': { label: 'No issue', color: 'green' },
  'insufficient-data': { label: 'Not enough data', color: 'gray' },
};

export const STATUS_LABELS: Record<string, { label: string; color: string }> = {
  ...VERDICT_LABELS,
  general: { label: 'Network problem where they were', color: 'red' },
  individual: { label: 'Their own device', color: 'orange' },
  'not-seen': { label: 'Not in the Wi-Fi data', color: 'gray' },
  'no-issue': { label: 'Connected normally', color: 'green' },
};

export const clientHref = (key: string) => `/wifi/clients/${encodeURIComponent(key)}`;
