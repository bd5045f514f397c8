import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { changeUser, createUser, listUsers, NewUser, resetPassword, UserPatch, unlockUser } from '../domain/users.ts';

const tags = ['users'];

export function registerUserRoutes(app: App): void {
  app.get('/api/users', { schema: { tags, summary: 'Every account (admin)' } }, async (req) => ({
    users: await listUsers(req.ctx),
  }));

  app.post(
    '/api/users',
    { schema: { tags, summary: 'Create an account (admin); a generated password is returned once', body: NewUser } },
    async (req, reply) => {
      reply.code(201);
      return createUser(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/users/:id',
    { schema: { tags, summary: 'Change name, role or access (admin)', params: z.object({ id: z.uuid() }), body: UserPatch } },
    async (req) => changeUser(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags, summary: 'Set a new generated password (admin); returned once', params: z.object({ id: z.uuid() }) } },
    async (req) => resetPassword(req.ctx, req.params.id),
  );

  app.post(
    '/api/users/:id/unlock',
    { schema: { tags, summary: 'Lift the sign-in lock-out on an account (admin)', params: z.object({ id: z.uuid() }) } },
    async (req) => unlockUser(req.ctx, req.params.id),
  );
}
