import { z } from 'zod';
import type { Ctx } from '../../../lib/context.ts';
import type { SettingDefinition } from '../../../lib/module.ts';
import { defineSetting, getSettings } from '../../settings/index.ts';
import { type ThresholdDef, VERDICT_DEFS } from './verdict-thresholds.ts';

/**
 * Every threshold the Wi-Fi analysis uses (research §7.2), each a setting so a school can tune it
 * and every finding can show the threshold it crossed. Import-time thresholds classify readings
 * as they are rolled up, so a change applies to data imported afterwards.
 */

const IMPORT_DEFS = {
  rawRetentionDays: {
    key: 'wifi.rawRetentionDays',
    label: 'Keep raw Wi-Fi records for',
    description: 'Days raw per-device Wi-Fi events are kept before the daily purge deletes them',
    defaultValue: 30,
    min: 1,
    max: 400,
    int: true,
  },
  clientRollupRetentionDays: {
    key: 'wifi.clientRollupRetentionDays',
    label: 'Keep daily device summaries for',
    description: 'Days per-device daily Wi-Fi totals are kept (AP-level totals are kept for good)',
    defaultValue: 120,
    min: 7,
    max: 800,
    int: true,
  },
  weakRssi: {
    key: 'wifi.weakRssi',
    label: 'Weak signal below',
    ui: { unit: 'dBm' },
    description: 'Signal below this (dBm) counts as a weak-signal minute (applies at import)',
    defaultValue: -72,
    min: -100,
    max: -40,
  },
  highRetry: {
    key: 'wifi.highRetry',
    label: 'High retry rate above',
    ui: { unit: '%' },
    description: 'A retry rate above this share counts as a high-retry minute (applies at import)',
    defaultValue: 0.2,
    min: 0,
    max: 1,
  },
  slowConnectMs: {
    key: 'wifi.slowConnectMs',
    label: 'Slow connection above',
    ui: { unit: 'ms' },
    description: 'A connect slower than this (ms) counts as slow (applies at import)',
    defaultValue: 5000,
    min: 100,
    max: 60000,
    int: true,
  },
  shortSessionS: {
    key: 'wifi.shortSessionS',
    label: 'Short session below',
    ui: { unit: 'seconds' },
    description: 'A session shorter than this (s) that ends Lost-Carrier or Lost-Service is a drop (applies at import)',
    defaultValue: 60,
    min: 1,
    max: 3600,
    int: true,
  },
  slowRoamMs: {
    key: 'wifi.slowRoamMs',
    label: 'Slow roam above',
    ui: { unit: 'ms' },
    description: 'A roam slower than this (ms) counts as slow (applies at import)',
    defaultValue: 2000,
    min: 50,
    max: 60000,
    int: true,
  },
} satisfies Record<string, ThresholdDef>;

const DEFS = { ...IMPORT_DEFS, ...VERDICT_DEFS };

export type WifiThresholds = { [K in keyof typeof DEFS]: number };

const definitions = Object.fromEntries(
  Object.entries(DEFS).map(([name, d]) => {
    const base = z.number().min(d.min).max(d.max);
    const schema = 'int' in d && d.int ? base.int() : base;
    return [
      name,
      defineSetting<number>({
        key: d.key,
        label: 'label' in d ? d.label : undefined,
        ui: 'ui' in d ? d.ui : undefined,
        description: d.description,
        schema,
        defaultValue: d.defaultValue,
      }),
    ];
  }),
) as { [K in keyof typeof DEFS]: SettingDefinition<number> };

export const identityEmailTemplateSetting = defineSetting<string>({
  key: 'wifi.identityEmailTemplate',
  label: 'Wi-Fi sign-in name to email address',
  description:
    "How an 802.1X user name that is not an e-mail address becomes one, e.g. '{user}@school.example' (empty: identities are e-mail addresses)",
  schema: z.string().max(200),
  defaultValue: '',
  fromText: (t) => t,
});

export const inferBuildingSetting = defineSetting<boolean>({
  key: 'wifi.inferBuildingFromApName',
  label: 'Work out buildings from access point names',
  description: "Place an AP that is not in the inventory by its name's prefix (SCI-AP-03 in building SCI)",
  schema: z.boolean(),
  defaultValue: true,
});

export const WIFI_SETTINGS: SettingDefinition<unknown>[] = [
  ...(Object.values(definitions) as SettingDefinition<unknown>[]),
  identityEmailTemplateSetting as SettingDefinition<unknown>,
  inferBuildingSetting as SettingDefinition<unknown>,
];

export const DEFAULT_THRESHOLDS: WifiThresholds = Object.fromEntries(
  Object.entries(DEFS).map(([name, d]) => [name, d.defaultValue]),
) as WifiThresholds;

export async function loadThresholds(ctx: Ctx): Promise<WifiThresholds> {
  // One query for all of them: the verdict reads these on every request.
  const names = Object.keys(DEFS) as (keyof typeof DEFS)[];
  const values = await getSettings(
    ctx,
    names.map((n) => definitions[n]),
  );
  const out = { ...DEFAULT_THRESHOLDS };
  names.forEach((n, i) => {
    out[n] = values[i] as number;
  });
  return out;
}
