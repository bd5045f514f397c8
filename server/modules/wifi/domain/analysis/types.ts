import type { FailStage } from '../records.ts';

/** What the verdict reads: counts from the rollups for the window, and bins for the reference. */

export type StageCounts = [number, number, number, number];

export type ApInfo = {
  id: number;
  name: string;
  building: string | null;
  buildingName: string | null;
  school: string | null;
};

export type ClientInfo = {
  /** The identity when known, else `mac:<address>`. */
  key: string;
  identity: string | null;
  macs: string[];
  device: string | null;
  randomised: boolean;
  personId: string | null;
  personKind: string | null;
  /** Counts that name no device (Meraki per-AP totals): they count for APs, never as a client. */
  anonymous: boolean;
};

/** Attempts by client (index into clients) × AP (index into aps) × SSID × band. */
export type PairCount = { c: number; a: number; ssid: string; band: string; n: number; k: number; s: StageCounts };

/** One device's attempts in one 5-minute bin on one AP, where it failed at least once. */
export type FailBin = PairCount & { bin: number };

/** An AP's 5-minute bin with enough volume for the capacity test (attempts + readings). */
export type ApBin = {
  bin: number;
  a: number;
  n: number;
  k: number;
  samples: number;
  weak: number;
  retry: number;
  /** The controller's client count when it gave one, else the devices seen. */
  load: number;
  util: number | null;
};

export type BinSummary = { bin: number; busyAps: number; failingDevices: number; failingAps: number };

export type SignalCount = { c: number; a: number; samples: number; weak: number; rssiSum: number; rssiN: number };

export type WifiData = {
  timeZone: string;
  /** Local dates, inclusive. */
  from: string;
  to: string;
  aps: ApInfo[];
  clients: ClientInfo[];
  pairs: PairCount[];
  /** Every 5-minute bin of the window with attempts: how many APs were busy, how many devices and APs failed. */
  busy: BinSummary[];
  /** The failures in bins where enough devices failed to be a burst, and the APs busy in those bins. */
  failBins: FailBin[];
  activeAps: { bin: number; a: number }[];
  /** AP bins of the last school days up to the window's end with enough volume (for the capacity test). */
  bins: ApBin[];
  /** The window as instants: bins in [start, end) are the window's. */
  windowStart: number;
  windowEnd: number;
  signal: SignalCount[];
  reference: { days: string[]; n: number; k: number };
};

export type Scope = { kind: 'site' | 'school' | 'building' | 'ap' | 'ssid' | 'band'; value: string };

export type FindingKind = 'general' | 'device-class' | 'individual' | 'insufficient-data';
export type VerdictKind = FindingKind | 'mixed' | 'no-issue';

export type Finding = {
  kind: FindingKind;
  scope: string;
  subject: string;
  stage: FailStage | null;
  clients: { identity: string | null; macs: string[] }[];
  evidence: Record<string, unknown>;
  explanation: string;
};

export type Verdict = {
  verdict: VerdictKind;
  headline: string;
  window: { from: string; to: string };
  scope: Scope | null;
  baseline: { rate: number; source: 'reference' | 'window-median'; referenceDays: number; referenceAttempts: number };
  summary: Record<string, unknown>;
  notes: string[];
  findings: Finding[];
};
