import { z } from 'zod';
import { defineSetting, listFromText } from '../../settings/index.ts';

export const draftTimeSetting = defineSetting({
  key: 'briefings.draftTime',
  label: 'Time the draft is made',
  description: "When the weekly briefing is drafted on the week's last school day (HH:MM, school time)",
  schema: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 07:00'),
  defaultValue: '07:00',
  fromText: (t) => t.trim(),
});

export const extraRecipientsSetting = defineSetting({
  key: 'briefings.extraRecipients',
  label: 'Others who receive the briefing',
  description:
    'Addresses the weekly briefing is emailed to besides the admin and IT accounts (e.g. the technicians without an account)',
  schema: z.array(z.email()).max(100),
  defaultValue: [],
  fromText: listFromText,
});

export const BRIEFING_SETTINGS = [draftTimeSetting, extraRecipientsSetting];
