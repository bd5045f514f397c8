import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { parseInput } from '../../../lib/validate.ts';
import type { BusinessHours } from '../../../lib/working-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { replaceBusinessHours } from '../db/calendar-queries.ts';
import { loadBusinessHours } from './school-calendar.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use 24-hour HH:MM');

export const BusinessHoursInput = z.array(
  z
    .object({ weekday: z.number().int().min(1).max(7), opens: hhmm, closes: hhmm })
    .refine((d) => d.closes > d.opens, { message: 'Closing time must be after opening time' }),
);

export async function getBusinessHours(ctx: Ctx, schoolId: string): Promise<BusinessHours> {
  requireRole(ctx, 'admin', 'it', 'slt', 'staff', 'pupil');
  return loadBusinessHours(ctx, schoolId);
}

export async function setBusinessHours(
  ctx: Ctx,
  schoolId: string,
  input: z.input<typeof BusinessHoursInput>,
): Promise<BusinessHours> {
  requireRole(ctx, 'admin');
  const days = parseInput(BusinessHoursInput, input);
  await replaceBusinessHours(
    ctx.db,
    schoolId,
    days.map((d) => ({ weekday: d.weekday, opensAt: d.opens, closesAt: d.closes })),
  );
  await recordAudit(ctx, {
    action: 'calendar.hours',
    summary: 'Changed opening hours',
    targetType: 'school',
    targetId: schoolId,
    details: { days },
  });
  return loadBusinessHours(ctx, schoolId);
}
