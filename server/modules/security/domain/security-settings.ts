import { z } from 'zod';
import type { Ctx } from '../../../lib/context.ts';
import { defineSetting, getSetting, listFromText } from '../../settings/index.ts';
import { isNetworkText } from './ip-networks.ts';

/** The thresholds and lists the detections use (research §4); every one is a setting. */

const networks = z.array(z.string().trim().refine(isNetworkText, 'each entry must be an IP address or CIDR network'));
const jsonObject = (t: string) => JSON.parse(t);

export const trustedNetworksSetting = defineSetting({
  key: 'security.trustedNetworks',
  label: "The school's own networks",
  ui: { item: 'network' },
  description: "The school's own internet egress (broadband, trust proxy, filtering provider): addresses or CIDR networks",
  schema: networks,
  defaultValue: [],
  fromText: listFromText,
});

export const relayNetworksSetting = defineSetting({
  key: 'security.relayNetworks',
  label: 'Relay and VPN networks',
  ui: { item: 'network' },
  description: 'VPN, relay and cloud networks whose locations say nothing about where a person is (CIDR)',
  schema: networks,
  defaultValue: [],
  fromText: listFromText,
});

export const relayAsnsSetting = defineSetting({
  key: 'security.relayAsns',
  label: 'Relay and VPN providers (AS numbers)',
  description: 'VPN, relay and cloud ASNs (iCloud Private Relay 36183, Cloudflare WARP 13335, ...)',
  schema: z.array(z.coerce.number().int().positive()),
  defaultValue: [36183, 13335],
  fromText: listFromText,
});

export const privilegedAccountsSetting = defineSetting({
  key: 'security.privilegedAccounts',
  label: 'Privileged accounts',
  description: 'Privileged or high-risk accounts (IT admins, SLT, finance, DSL): emails, * wildcards allowed',
  schema: z.array(z.string().trim().toLowerCase().min(1)),
  defaultValue: [],
  fromText: listFromText,
});

export const homeCountrySetting = defineSetting({
  key: 'security.homeCountry',
  label: 'Home country',
  description: "The school's country (ISO 3166 code)",
  schema: z.string().trim().toUpperCase().length(2),
  defaultValue: 'GB',
  fromText: (t) => t,
});

export const Thresholds = z.object({
  lookbackHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 31),
  spray: z.object({
    windowMinutes: z.number().int().min(1),
    minUsers: z.number().int().min(2),
    minUsersForeign: z.number().int().min(2),
    maxMedianFailures: z.number().min(1),
  }),
  bruteForce: z.object({
    windowMinutes: z.number().int().min(1),
    minFailures: z.number().int().min(2),
    successWithinMinutes: z.number().int().min(1),
    distributedPerDay: z.number().int().min(2),
    distributedPlaces: z.number().int().min(2),
  }),
  mfaFatigue: z.object({
    windowMinutes: z.number().int().min(1),
    minDenials: z.number().int().min(1),
    successWithinMinutes: z.number().int().min(1),
  }),
  travel: z.object({
    minSpeedKmh: z.number().positive(),
    minDistanceKm: z.number().positive(),
    marginKm: z.number().min(0),
    relay: z.enum(['suppress', 'info']),
  }),
  newCountry: z.object({
    baselineDays: z.number().int().min(7),
    minSignIns: z.number().int().min(1),
    minDays: z.number().int().min(0),
    commonShare: z.number().min(0).max(1),
  }),
});
export type Thresholds = z.infer<typeof Thresholds>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  lookbackHours: 72,
  spray: { windowMinutes: 20, minUsers: 10, minUsersForeign: 10, maxMedianFailures: 3 },
  bruteForce: { windowMinutes: 20, minFailures: 10, successWithinMinutes: 20, distributedPerDay: 30, distributedPlaces: 3 },
  mfaFatigue: { windowMinutes: 10, minDenials: 3, successWithinMinutes: 30 },
  travel: { minSpeedKmh: 900, minDistanceKm: 500, marginKm: 100, relay: 'suppress' },
  newCountry: { baselineDays: 90, minSignIns: 10, minDays: 7, commonShare: 0.01 },
};

export const thresholdsSetting = defineSetting({
  key: 'security.thresholds',
  label: 'Detection thresholds',
  description: 'Detection thresholds (JSON): look-back hours, spray, brute force, MFA fatigue, travel, new country',
  schema: Thresholds,
  defaultValue: DEFAULT_THRESHOLDS,
  fromText: jsonObject,
});

export const retentionDaysSetting = defineSetting({
  key: 'security.retentionDays',
  label: 'Keep raw sign-ins for',
  description: 'Days raw sign-in events are kept (alerts and incidents keep their evidence snapshot)',
  schema: z.coerce.number().int().min(7).max(3650),
  defaultValue: 400,
});

export const detectAfterImportSetting = defineSetting({
  key: 'security.detectAfterImport',
  label: 'Run detections after each import',
  description: 'Run the detections over the imported period after each sign-in import or pull',
  schema: z.boolean(),
  defaultValue: true,
});

export const SECURITY_SETTINGS = [
  trustedNetworksSetting,
  relayNetworksSetting,
  relayAsnsSetting,
  privilegedAccountsSetting,
  homeCountrySetting,
  thresholdsSetting,
  retentionDaysSetting,
  detectAfterImportSetting,
];

export type SecurityConfig = {
  trusted: string[];
  relayNetworks: string[];
  relayAsns: number[];
  privileged: string[];
  homeCountry: string;
  thresholds: Thresholds;
};

export async function loadSecurityConfig(ctx: Ctx): Promise<SecurityConfig> {
  return {
    trusted: await getSetting(ctx, trustedNetworksSetting),
    relayNetworks: await getSetting(ctx, relayNetworksSetting),
    relayAsns: await getSetting(ctx, relayAsnsSetting),
    privileged: await getSetting(ctx, privilegedAccountsSetting),
    homeCountry: await getSetting(ctx, homeCountrySetting),
    thresholds: await getSetting(ctx, thresholdsSetting),
  };
}

/** `*` matches any run of characters; comparison ignores case. */
export function accountMatcher(patterns: readonly string[]): (user: string) => boolean {
  const res = patterns.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i'));
  return (user) => res.some((r) => r.test(user));
}
