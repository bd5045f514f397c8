import { z } from 'zod';
import type { App, Registry } from '../../../lib/module.ts';
import {
  AppLinkInput,
  AppLinkPatch,
  addAppLink,
  changeAppLink,
  listAllAppLinks,
  listMyAppLinks,
  removeAppLink,
} from '../domain/app-links.ts';
import { schoolNameSetting } from '../domain/general-settings.ts';
import { readMailStatus } from '../domain/mail-status.ts';
import { getSetting, listSettings, resetSetting, setSetting } from '../domain/settings.ts';
import { readSetupChecklist } from '../domain/setup-checklist.ts';

const idParams = z.object({ id: z.uuid() });

export function registerSettingsRoutes(app: App, registry: Registry): void {
  app.get(
    '/api/setup',
    { schema: { tags: ['settings'], summary: 'The first-run checklist: what a school still has to set up (admin, IT)' } },
    async (req) => readSetupChecklist(req.ctx, registry.setupChecks),
  );

  app.get('/api/settings', { schema: { tags: ['settings'], summary: 'Every setting with its value' } }, async (req) => ({
    settings: await listSettings(req.ctx, registry.settings),
  }));

  app.put(
    '/api/settings/:key',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change a setting (admin)',
        params: z.object({ key: z.string().min(1).max(100) }),
        body: z.object({ value: z.unknown() }),
      },
    },
    async (req) =>
      setSetting(req.ctx, registry.settings, req.params.key, {
        value: req.body.value,
      }),
  );

  app.delete(
    '/api/settings/:key',
    {
      schema: {
        tags: ['settings'],
        summary: 'Reset a setting to its default (admin)',
        params: z.object({ key: z.string().min(1).max(100) }),
      },
    },
    async (req) => resetSetting(req.ctx, registry.settings, req.params.key),
  );

  app.get(
    '/api/settings/mail',
    { schema: { tags: ['settings'], summary: 'Whether mail is set up (for pages that offer to email something)' } },
    async (req) => readMailStatus(req.ctx),
  );

  app.get(
    '/api/branding',
    {
      schema: { tags: ['settings'], summary: 'The school name for the header' },
    },
    async (req) => ({
      schoolName: await getSetting(req.ctx, schoolNameSetting),
    }),
  );

  app.get('/api/apps', { schema: { tags: ['settings'], summary: 'App links this user sees' } }, async (req) => ({
    apps: await listMyAppLinks(req.ctx),
  }));

  app.get('/api/apps/all', { schema: { tags: ['settings'], summary: 'Every app link (admin)' } }, async (req) => ({
    apps: await listAllAppLinks(req.ctx),
  }));

  app.post(
    '/api/apps',
    {
      schema: {
        tags: ['settings'],
        summary: 'Add an app link (admin)',
        body: AppLinkInput,
      },
    },
    async (req, reply) => {
      reply.code(201);
      return addAppLink(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/apps/:id',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change an app link (admin)',
        params: idParams,
        body: AppLinkPatch,
      },
    },
    async (req) => changeAppLink(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/apps/:id',
    {
      schema: {
        tags: ['settings'],
        summary: 'Remove an app link (admin)',
        params: idParams,
      },
    },
    async (req, reply) => {
      await removeAppLink(req.ctx, req.params.id);
      reply.code(204);
    },
  );
}
