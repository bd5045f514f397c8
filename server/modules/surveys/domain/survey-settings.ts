import { z } from 'zod';
import { defineSetting, listFromText } from '../../settings/index.ts';

/** The privacy and flagging rules (research §2.5, §2.7) and who receives survey mail. */

export const groupThresholdSetting = defineSetting<number>({
  key: 'surveys.groupThreshold',
  label: 'Smallest group shown in results',
  ui: { unit: 'people' },
  description: 'Survey results for a group with fewer respondents than this are suppressed (never below 5)',
  schema: z.number().int().min(5).max(100),
  defaultValue: 10,
  fromText: Number,
});

export const practicalPointsSetting = defineSetting<number>({
  key: 'surveys.practicalPoints',
  label: 'Smallest change worth flagging',
  ui: { unit: 'points' },
  description: 'A year-on-year change is flagged only when it is at least this many percentage points (and significant)',
  schema: z.number().min(0).max(100),
  defaultValue: 5,
  fromText: Number,
});

export const safeguardingReviewersSetting = defineSetting<string[]>({
  key: 'surveys.safeguardingReviewers',
  label: 'Safeguarding reviewers',
  description: "Email addresses of the safeguarding reviewers (the DSL): they read pupils' free-text answers before anyone else",
  schema: z.array(z.email()),
  defaultValue: [],
  fromText: listFromText,
});

export const keyStaffSetting = defineSetting<string[]>({
  key: 'surveys.keyStaff',
  label: 'Key staff briefed before a survey',
  description: 'Email addresses that receive the key-staff briefing before a survey opens',
  schema: z.array(z.email()),
  defaultValue: [],
  fromText: listFromText,
});

export const audienceAddressesSetting = defineSetting<Record<string, string>>({
  key: 'surveys.audienceAddresses',
  label: 'Mailing lists for each audience',
  description:
    'Where announcements and reminders go for each audience, e.g. {"staff":"allstaff@school","senior":"tutors@school","prep":"prep-teachers@school"}',
  schema: z.partialRecord(z.enum(['staff', 'senior', 'prep']), z.email()),
  defaultValue: {},
});

export const answersPerDeviceSetting = defineSetting<number>({
  key: 'surveys.sharedLinkAnswersPerDevice',
  label: 'Answers per device on a shared link',
  description: 'Answers one browser may send through a shared survey link (raise it where pupils share a class set of iPads)',
  schema: z.number().int().min(1).max(100),
  defaultValue: 1,
  fromText: Number,
});

export const answersPerAddressSetting = defineSetting<number>({
  key: 'surveys.sharedLinkAnswersPerAddress',
  label: 'Answers per address on a shared link, each 10 minutes',
  description:
    'Answers one internet address may send through a shared survey link in 10 minutes (a school shares one address: keep it well above a class)',
  schema: z.number().int().min(30).max(100000),
  defaultValue: 300,
  fromText: Number,
});

export const SURVEY_SETTINGS = [
  answersPerDeviceSetting,
  answersPerAddressSetting,
  groupThresholdSetting,
  practicalPointsSetting,
  safeguardingReviewersSetting,
  keyStaffSetting,
  audienceAddressesSetting,
];
