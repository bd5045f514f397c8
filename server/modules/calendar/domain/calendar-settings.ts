import { z } from 'zod';
import { defineSetting } from '../../settings/index.ts';

export const bankHolidayDivisionSetting = defineSetting({
  key: 'calendar.bankHolidayDivision',
  label: 'Bank holidays of',
  description: 'Which UK bank holidays apply (GOV.UK division): england-and-wales, scotland or northern-ireland',
  schema: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
  defaultValue: 'england-and-wales',
  fromText: (t) => t.trim(),
});
