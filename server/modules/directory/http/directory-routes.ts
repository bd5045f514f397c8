import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { listGroupMembers, listGroups } from '../domain/groups.ts';
import { getPerson, listPeople, summariseDirectory } from '../domain/people.ts';
import { createSchool, listPlaces, listSchools, NewSchool, renameSchool, SCHOOL_PHASES } from '../domain/schools.ts';

const tags = ['directory'];

export function registerDirectoryRoutes(app: App): void {
  app.get(
    '/api/people',
    {
      schema: {
        tags,
        summary: 'Search staff and pupils (admin, IT)',
        querystring: z.object({
          q: z.string().trim().max(100).optional(),
          kind: z.enum(['staff', 'pupil']).optional(),
          schoolId: z.uuid().optional(),
          yearGroup: z.coerce.number().int().min(-1).max(14).optional(),
          house: z.string().max(60).optional(),
          includeLeavers: z.stringbool().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (req) => listPeople(req.ctx, req.query),
  );

  app.get('/api/people/summary', { schema: { tags, summary: 'Counts by school, and the houses' } }, async (req) =>
    summariseDirectory(req.ctx),
  );

  app.get(
    '/api/people/:id',
    {
      schema: {
        tags,
        summary: 'One person',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req) => getPerson(req.ctx, req.params.id),
  );

  app.get('/api/groups', { schema: { tags, summary: 'Groups with member counts' } }, async (req) => ({
    groups: await listGroups(req.ctx),
  }));

  app.get(
    '/api/groups/:id/members',
    {
      schema: {
        tags,
        summary: 'Members of a group',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req) => ({
      people: await listGroupMembers(req.ctx, req.params.id),
    }),
  );

  app.get('/api/schools', { schema: { tags, summary: 'The schools (sites)' } }, async (req) => ({
    schools: await listSchools(req.ctx),
  }));

  app.post('/api/schools', { schema: { tags, summary: 'Add a school (admin)', body: NewSchool } }, async (req, reply) => {
    reply.code(201);
    return createSchool(req.ctx, req.body);
  });

  app.patch(
    '/api/schools/:id',
    {
      schema: {
        tags,
        summary: 'Rename a school (admin)',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          name: z.string().optional(),
          phase: z.enum(SCHOOL_PHASES).optional(),
        }),
      },
    },
    async (req) => renameSchool(req.ctx, req.params.id, req.body),
  );

  app.get('/api/places', { schema: { tags, summary: 'Schools, buildings and rooms' } }, async (req) => ({
    places: await listPlaces(req.ctx),
  }));
}
