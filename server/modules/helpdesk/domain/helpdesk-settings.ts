import { z } from 'zod';
import { ROLES } from '../../../lib/context.ts';
import { defineSetting, listFromText } from '../../settings/index.ts';
import { DEFAULT_CATEGORIES } from './ticket-model.ts';

/** The help desk's settings (Settings page, or `belfry settings set helpdesk.<key> <value>`). */

const emails = z.array(z.email().transform((e) => e.toLowerCase()));

export const addressesSetting = defineSetting<string[]>({
  key: 'helpdesk.addresses',
  label: 'Help desk email addresses',
  description:
    'The help desk email addresses (e.g. itservices@school.example). Mail to them opens or updates tickets; mail from them is our own and is dropped.',
  schema: emails,
  defaultValue: [],
  fromText: listFromText,
});

export const categoriesSetting = defineSetting<string[]>({
  key: 'helpdesk.categories',
  label: 'Ticket categories',
  description: 'Ticket categories offered when raising a ticket',
  schema: z.array(z.string().trim().min(1).max(40)).min(1),
  defaultValue: DEFAULT_CATEGORIES,
  fromText: listFromText,
});

export const teamsSetting = defineSetting<string[]>({
  key: 'helpdesk.teams',
  label: 'Teams tickets are assigned to',
  description: 'Teams tickets can be given to',
  schema: z.array(z.string().trim().min(1).max(40)),
  defaultValue: ['Service desk', 'Network', 'Systems', 'Prep IT'],
  fromText: listFromText,
});

export const restrictedRolesSetting = defineSetting<string[]>({
  key: 'helpdesk.restrictedRoles',
  label: 'Roles that may open restricted tickets',
  description: 'Roles that may open safeguarding-restricted tickets (people can also be named on each ticket)',
  schema: z.array(z.enum(ROLES)),
  defaultValue: ['admin'],
  fromText: listFromText,
});

export const teamLeadSetting = defineSetting<string[]>({
  key: 'helpdesk.teamLeadEmails',
  label: "Team leads' email addresses",
  description: 'Who hears about low satisfaction ratings, mail loops and a mailbox that cannot be read',
  schema: emails,
  defaultValue: [],
  fromText: listFromText,
});

export const surveyDelaySetting = defineSetting<number>({
  key: 'helpdesk.surveyDelayMinutes',
  label: 'Wait before the satisfaction survey',
  description: 'Minutes after a ticket is resolved before the satisfaction survey is emailed',
  schema: z.number().int().min(0).max(10080),
  defaultValue: 30,
});

export const surveyExcludedSchoolsSetting = defineSetting<string[]>({
  key: 'helpdesk.surveyExcludePupilsOfSchools',
  label: 'No satisfaction survey for pupils of',
  description: 'School codes whose pupils are not sent satisfaction surveys (e.g. prep)',
  schema: z.array(z.string().trim().toLowerCase()),
  defaultValue: [],
  fromText: listFromText,
});

export const reopenWindowSetting = defineSetting<number>({
  key: 'helpdesk.reopenWindowDays',
  label: 'A reply reopens a resolved ticket within',
  description: 'School days after resolution in which a reply reopens a ticket; later replies open a new, linked ticket',
  schema: z.number().int().min(0).max(60),
  defaultValue: 7,
});

export const spoofPolicySetting = defineSetting<'new_ticket' | 'quarantine'>({
  key: 'helpdesk.unknownSenderQuotingReference',
  label: "A stranger's mail quoting a ticket number",
  description:
    'Mail quoting a ticket reference from someone who is not its requester, a CC or IT: open a new ticket, or hold it unprocessed',
  schema: z.enum(['new_ticket', 'quarantine']),
  defaultValue: 'new_ticket',
});

export const loopLimitSetting = defineSetting<{ messages: number; minutes: number }>({
  key: 'helpdesk.senderRateLimit',
  label: 'Most mail accepted from one sender',
  description: 'Mail from one sender beyond this many messages in this many minutes is held as a likely mail loop',
  schema: z.object({ messages: z.number().int().min(2).max(1000), minutes: z.number().int().min(1).max(1440) }),
  defaultValue: { messages: 10, minutes: 30 },
});

export const ticketMailLimitSetting = defineSetting<{ messages: number; minutes: number }>({
  key: 'helpdesk.ticketMailLimit',
  label: 'Most automatic mail on one ticket',
  description: 'At most this many mails sent about one ticket in this many minutes (Zammad: 10 in 10)',
  schema: z.object({ messages: z.number().int().min(1).max(1000), minutes: z.number().int().min(1).max(1440) }),
  defaultValue: { messages: 10, minutes: 10 },
});

export const warnMinutesSetting = defineSetting<number>({
  key: 'helpdesk.breachWarningMinutes',
  label: 'Warn before an SLA breach',
  description: 'Warn the assignee (or the team lead) this many minutes before a response or resolution target is missed',
  schema: z.number().int().min(0).max(1440),
  defaultValue: 60,
});

export const attachmentLimitSetting = defineSetting<number>({
  key: 'helpdesk.attachmentMaxMb',
  label: 'Largest attachment',
  ui: { unit: 'MB' },
  description: 'Largest attachment accepted, in MB',
  schema: z.number().min(0.1).max(50),
  defaultValue: 10,
});

export const HELPDESK_SETTINGS = [
  addressesSetting,
  categoriesSetting,
  teamsSetting,
  restrictedRolesSetting,
  teamLeadSetting,
  surveyDelaySetting,
  surveyExcludedSchoolsSetting,
  reopenWindowSetting,
  spoofPolicySetting,
  loopLimitSetting,
  ticketMailLimitSetting,
  warnMinutesSetting,
  attachmentLimitSetting,
];
