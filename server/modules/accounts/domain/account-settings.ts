import { z } from 'zod';
import { defineSetting } from '../../settings/index.ts';

export const lockoutAttemptsSetting = defineSetting({
  key: 'auth.lockoutAttempts',
  label: 'Failed sign-ins before an account is locked',
  ui: { unit: 'attempts' },
  description: 'Failed password sign-ins to one account, within the lock-out window, before it is locked',
  schema: z.number().int().min(3).max(50),
  defaultValue: 5,
});

export const lockoutMinutesSetting = defineSetting({
  key: 'auth.lockoutMinutes',
  label: 'How long a lock-out lasts',
  ui: { unit: 'minutes' },
  description: 'Length of the lock-out window, and of the lock-out itself, in minutes',
  schema: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  defaultValue: 15,
});

export const ipAttemptsSetting = defineSetting({
  key: 'auth.ipAttempts',
  label: 'Failed sign-ins allowed from one address',
  ui: { unit: 'attempts' },
  description:
    'Failed password sign-ins from one address within the window before it is refused (set high: a school shares one address)',
  schema: z.number().int().min(10).max(10000),
  defaultValue: 200,
});
