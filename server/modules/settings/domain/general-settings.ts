import { z } from 'zod';
import { defineSetting } from './settings.ts';

export const schoolNameSetting = defineSetting({
  key: 'school.name',
  label: 'School name',
  description: 'The school or trust name shown in the header and on reports',
  schema: z.string().trim().min(1).max(120),
  defaultValue: 'Our school',
  fromText: (t) => t,
});

/**
 * The school's one date order for imported files whose dates cannot settle it themselves
 * (lib/date-order). 'ask' refuses such a file and asks; every importer reads this one setting.
 */
export const dateOrderSetting = defineSetting({
  key: 'imports.dateOrder',
  label: 'Date order in imported files',
  description:
    'Day/month order of numeric dates (03/10/2026) in imported files that cannot settle it themselves: ask (refuse such a file and ask), dmy (day first, as the UK writes) or mdy (month first, as the US writes). A file whose own dates settle the order is always read that way.',
  schema: z.enum(['ask', 'dmy', 'mdy']),
  defaultValue: 'ask' as const,
  fromText: (t) => t.trim().toLowerCase(),
});
