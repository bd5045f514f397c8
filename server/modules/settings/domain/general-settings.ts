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
