import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { listBankHolidays } from '../domain/bank-holidays.ts';
import { BusinessHoursInput, getBusinessHours, setBusinessHours } from '../domain/business-hours.ts';
import { describeToday, describeYear } from '../domain/school-calendar.ts';
import {
  addCalendarEntry,
  CalendarEntryInput,
  changeCalendarEntry,
  listCalendarEntries,
  removeCalendarEntry,
} from '../domain/term-dates.ts';

const tags = ['calendar'];

export function registerCalendarRoutes(app: App): void {
  app.get(
    '/api/calendar',
    {
      schema: {
        tags,
        summary: 'Terms, half-terms, INSET days and closures',
        querystring: z.object({
          academicYear: z
            .string()
            .regex(/^\d{4}-\d{2}$/)
            .optional(),
        }),
      },
    },
    async (req) => ({ entries: await listCalendarEntries(req.ctx, req.query.academicYear) }),
  );

  app.get(
    '/api/calendar/year',
    {
      schema: {
        tags,
        summary: 'Each day of an academic year for a school: term, half-term, INSET, bank holiday or holiday',
        querystring: z.object({ academicYear: z.string().regex(/^\d{4}-\d{2}$/), schoolId: z.uuid().optional() }),
      },
    },
    async (req) => ({ days: await describeYear(req.ctx, req.query.academicYear, req.query.schoolId) }),
  );

  app.get('/api/calendar/today', { schema: { tags, summary: 'Term and teaching week for each school today' } }, async (req) => ({
    schools: await describeToday(req.ctx),
  }));

  app.post(
    '/api/calendar',
    { schema: { tags, summary: 'Add a term or closure (admin)', body: CalendarEntryInput } },
    async (req, reply) => {
      reply.code(201);
      return addCalendarEntry(req.ctx, req.body);
    },
  );

  app.put(
    '/api/calendar/:id',
    {
      schema: { tags, summary: 'Change a term or closure (admin)', params: z.object({ id: z.uuid() }), body: CalendarEntryInput },
    },
    async (req) => changeCalendarEntry(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/calendar/:id',
    { schema: { tags, summary: 'Remove a term or closure (admin)', params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      await removeCalendarEntry(req.ctx, req.params.id);
      reply.code(204);
    },
  );

  app.get(
    '/api/calendar/bank-holidays',
    {
      schema: {
        tags,
        summary: 'Bank holidays in a date range',
        querystring: z.object({ from: z.string().refine(isIsoDate).optional(), to: z.string().refine(isIsoDate).optional() }),
      },
    },
    async (req) => listBankHolidays(req.ctx, req.query),
  );

  app.get(
    '/api/calendar/hours/:schoolId',
    { schema: { tags, summary: 'Opening hours of a school', params: z.object({ schoolId: z.uuid() }) } },
    async (req) => ({
      hours: await getBusinessHours(req.ctx, req.params.schoolId),
    }),
  );

  app.put(
    '/api/calendar/hours/:schoolId',
    {
      schema: {
        tags,
        summary: 'Set the opening hours of a school (admin)',
        params: z.object({ schoolId: z.uuid() }),
        body: BusinessHoursInput,
      },
    },
    async (req) => ({ hours: await setBusinessHours(req.ctx, req.params.schoolId, req.body) }),
  );
}
