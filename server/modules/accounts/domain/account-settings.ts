import { z } from 'zod';
import { defineSetting } from '../../settings/index.ts';

export const lockoutAttemptsSetting = defineSetting({
  key: 'auth.lockoutAttempts',
  description: 'Failed password sign-ins to one account, within the lock-out window, before it is locked',
  schema: z.number().int().min(3).max(50),
  defaultValue: 5,
});

export const lockoutMinutesSetting = defineSetting({
  key: 'auth.lockoutMinutes',
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
  description:
    'Failed password sign-ins from one address within the window before it is refused (set high: a school shares one address)',
  schema: z.number().int().min(10).max(10000),
  defaultValue: 200,
});
