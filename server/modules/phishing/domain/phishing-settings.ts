import { isIP } from 'node:net';
import { z } from 'zod';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { defineSetting, listFromText } from '../../settings/index.ts';

/** What the Director can tune without a release: every one a setting (Settings, `belfry settings`). */

const cidr = z
  .string()
  .trim()
  .refine((t) => {
    const [addr, bits] = t.split('/') as [string, string | undefined];
    const v = isIP(addr);
    if (!v) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return Number.isInteger(n) && n >= 0 && n <= (v === 4 ? 32 : 128);
  }, 'each entry must be an IP address or CIDR network');

export const scannerNetworksSetting = defineSetting({
  key: 'phishing.scannerNetworks',
  label: 'Mail scanner networks',
  ui: { item: 'network' },
  description:
    "Networks of the mail platform's link scanners (Microsoft 365, Mimecast, Proofpoint...): a request from one is automated. Take them from the vendor's published ranges.",
  schema: z.array(cidr),
  defaultValue: [] as string[],
  fromText: listFromText,
});

export const suppressionSetting = defineSetting({
  key: 'phishing.suppressionThreshold',
  label: 'Smallest group shown in reports',
  ui: { unit: 'people' },
  description: 'Groups smaller than this are withheld from the SLT report and from summaries (never below 5)',
  schema: z.coerce.number().int().min(5).max(50),
  defaultValue: 5,
});

export const retentionSetting = defineSetting({
  key: 'phishing.personalRetentionDays',
  label: "Keep each person's results for",
  description: 'Days after a campaign closes before its per-person results and tokens are deleted (aggregates are kept)',
  schema: z.coerce.number().int().min(7).max(730),
  defaultValue: 90,
});

export const newStarterWeeksSetting = defineSetting({
  key: 'phishing.newStarterWeeks',
  label: 'Leave out new starters for',
  ui: { unit: 'weeks' },
  description: 'A new starter is left out of campaigns for this many weeks after their start date',
  schema: z.coerce.number().int().min(0).max(52),
  defaultValue: 6,
});

const BlockedRange = z
  .object({
    from: z.string().refine(isIsoDate, 'from must be a date, 2027-05-10'),
    to: z.string().refine(isIsoDate, 'to must be a date, 2027-05-21'),
    reason: z.string().trim().min(1).max(120),
  })
  .refine((r) => r.to >= r.from, 'to must not be before from');
export type BlockedRange = z.infer<typeof BlockedRange>;

export const blockedDatesSetting = defineSetting({
  key: 'phishing.blockedDates',
  label: 'Dates with no simulations',
  description:
    'Dates with no simulations (exams, report writing, inspections): [{"from":"2027-05-10","to":"2027-05-21","reason":"GCSE exams"}]',
  schema: z.array(BlockedRange).max(100),
  defaultValue: [] as BlockedRange[],
});

export const reportingAddressSetting = defineSetting({
  key: 'phishing.reportingAddress',
  label: 'Reporting mailbox address',
  description: 'The mailbox staff report suspicious messages to (shown in the staff notice and the set-up checklist)',
  schema: z.string().trim().max(200),
  defaultValue: '',
});

export const calendarGuardSetting = defineSetting({
  key: 'phishing.calendarGuard',
  label: 'Keep simulations to school days',
  description:
    'Keep sends to school days inside opening hours (on). Off only to try Belfry outside school time (a demo, a test): scheduling then honours just the window and its send hours, and says so',
  schema: z.enum(['on', 'off']),
  defaultValue: 'on' as 'on' | 'off',
});

export const PHISHING_SETTINGS = [
  calendarGuardSetting,
  scannerNetworksSetting,
  suppressionSetting,
  retentionSetting,
  newStarterWeeksSetting,
  blockedDatesSetting,
  reportingAddressSetting,
];
