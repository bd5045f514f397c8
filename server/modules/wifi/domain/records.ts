/**
 * The normalised Wi-Fi records every vendor parser produces (research §6.6). APs and devices are
 * named here by the vendor's key (name, MAC or serial; client MAC), and resolved to ids in SQL.
 */

export const STAGES = ['assoc', 'auth', 'dhcp', 'dns', 'connected'] as const;
export type Stage = (typeof STAGES)[number];
export const FAIL_STAGES = ['assoc', 'auth', 'dhcp', 'dns'] as const;
export type FailStage = (typeof FAIL_STAGES)[number];

export const stageCode = (s: Stage): number => STAGES.indexOf(s);

export type WifiAttempt = {
  ts: Date;
  ap: string;
  clientMac: string;
  identity?: string;
  ssid?: string;
  band?: string;
  stage: Stage;
  ok: boolean;
  rssi?: number;
  latencyMs?: number;
  reason?: string;
  device?: string;
  hostname?: string;
};

export type WifiSession = {
  start: Date;
  end: Date;
  ap: string;
  clientMac: string;
  identity?: string;
  ssid?: string;
  durationS: number;
  terminateCause?: string;
  bytesIn?: number;
  bytesOut?: number;
  hostname?: string;
};

export type WifiClientSample = {
  ts: Date;
  ap: string;
  clientMac: string;
  identity?: string;
  ssid?: string;
  band?: string;
  rssi?: number;
  snr?: number;
  txRate?: number;
  rxRate?: number;
  retryRate?: number;
  satisfaction?: number;
  device?: string;
  hostname?: string;
};

export type WifiApSample = {
  ts: Date;
  ap: string;
  apMac?: string;
  clientCount?: number;
  channel?: number;
  channelUtil?: number;
  interference?: number;
  uptimeS?: number;
  state?: string;
};

export type WifiRoam = {
  ts: Date;
  clientMac: string;
  fromAp?: string;
  toAp: string;
  durationMs?: number;
  rssiBefore?: number;
  rssiAfter?: number;
};

export type WifiInfraEvent = { ts: Date; key: string; ap?: string; message?: string };

/**
 * Two keys one file uses for the same AP. `same-record`: one record names it both ways (a UniFi
 * event's `ap_name` and `ap`), so two keys never seen before still make one AP. `NAS-Identifier`:
 * the RADIUS client that sent the record, which is the AP itself only when the APs talk to RADIUS
 * directly (behind a controller it is the controller): used only to find an AP already known by
 * that name, never to join unknown keys.
 */
export type ApAlias = { key: string; other: string; via: 'same-record' | 'NAS-Identifier' };

/** What one file (or one demo week) contributes. */
export type WifiBatch = {
  attempts: WifiAttempt[];
  sessions: WifiSession[];
  clientSamples: WifiClientSample[];
  apSamples: WifiApSample[];
  roams: WifiRoam[];
  infra: WifiInfraEvent[];
  aliases: ApAlias[];
  /** Records the Wi-Fi module does not use (an IPS alert in a UniFi event log), by kind. */
  ignored: Record<string, number>;
};

export const emptyBatch = (): WifiBatch => ({
  attempts: [],
  sessions: [],
  clientSamples: [],
  apSamples: [],
  roams: [],
  infra: [],
  aliases: [],
  ignored: {},
});
