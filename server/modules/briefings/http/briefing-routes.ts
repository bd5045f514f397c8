import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import type { App } from '../../../lib/module.ts';
import { getBriefing, getRevision, getThisWeek, listBriefings } from '../domain/briefing-view.ts';
import { DraftInput, draftBriefing, regenerateSection, SectionPatch, updateSection } from '../domain/draft.ts';
import { addNote, deleteNote, listPendingNotes, NoteInput } from '../domain/notes.ts';
import { addNotice, listNotices, NoticeInput, removeNotice, updateNotice } from '../domain/notices.ts';
import {
  discardCorrection,
  PublishInput,
  publishBriefing,
  recipientsFor,
  ShareInput,
  sendBriefing,
  shareBriefing,
  startCorrection,
} from '../domain/publish.ts';
import { EDIT_ROLES } from '../domain/roles.ts';
import { SearchQuery, searchArchive } from '../domain/search.ts';
import { getTemplate, saveTemplate, TemplateInput } from '../domain/template.ts';
import { addUseful, archiveUseful, getUseful, listUseful, UsefulInput, updateUseful } from '../domain/useful.ts';

const tags = ['briefings'];
const Id = z.object({ id: z.uuid() });

async function listRecipients(ctx: Ctx) {
  requireRole(ctx, ...EDIT_ROLES);
  return { team: await recipientsFor(ctx, 'team'), slt: await recipientsFor(ctx, 'slt'), mailConfigured: ctx.mail.isConfigured };
}

export function registerBriefingRoutes(app: App): void {
  app.get('/api/briefings', { schema: { tags, summary: 'The briefings this reader may see, newest first' } }, async (req) => ({
    briefings: await listBriefings(req.ctx),
    thisWeek: await getThisWeek(req.ctx),
  }));

  app.post(
    '/api/briefings/draft',
    {
      schema: {
        tags,
        summary: "Draft the week's briefing, or draft it again keeping your edits (the Director)",
        body: DraftInput,
      },
    },
    async (req) => {
      const { id } = await draftBriefing(req.ctx, req.body);
      return getBriefing(req.ctx, id);
    },
  );

  app.get(
    '/api/briefings/search',
    {
      schema: {
        tags,
        summary: 'Full-text search over the briefings and useful info, ranked and highlighted',
        querystring: SearchQuery,
      },
    },
    async (req) => ({ results: await searchArchive(req.ctx, req.query) }),
  );

  app.get('/api/briefings/recipients', { schema: { tags, summary: 'Who the briefing is emailed to' } }, (req) =>
    listRecipients(req.ctx),
  );

  app.get('/api/briefings/template', { schema: { tags, summary: 'The sections and the feeds that draft them' } }, (req) =>
    getTemplate(req.ctx),
  );
  app.put(
    '/api/briefings/template',
    { schema: { tags, summary: 'Change the template (the Director)', body: TemplateInput } },
    (req) => saveTemplate(req.ctx, req.body),
  );

  app.get('/api/briefings/notices', { schema: { tags, summary: 'Standing notices' } }, async (req) => ({
    notices: await listNotices(req.ctx),
  }));
  app.post(
    '/api/briefings/notices',
    { schema: { tags, summary: 'Add a standing notice', body: NoticeInput } },
    async (req, reply) => {
      reply.code(201);
      return addNotice(req.ctx, req.body);
    },
  );
  app.patch(
    '/api/briefings/notices/:id',
    { schema: { tags, summary: 'Change a standing notice', params: Id, body: NoticeInput.partial() } },
    (req) => updateNotice(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/briefings/notices/:id',
    { schema: { tags, summary: 'Remove a standing notice from the next briefing on', params: Id } },
    async (req, reply) => {
      await removeNotice(req.ctx, req.params.id);
      reply.code(204);
    },
  );

  app.get('/api/briefings/notes', { schema: { tags, summary: 'Notes waiting for the next draft' } }, async (req) => ({
    notes: await listPendingNotes(req.ctx),
  }));
  app.post(
    '/api/briefings/notes',
    { schema: { tags, summary: 'A note for the coming briefing', body: NoteInput } },
    async (req, reply) => {
      reply.code(201);
      return addNote(req.ctx, req.body);
    },
  );
  app.delete('/api/briefings/notes/:id', { schema: { tags, summary: 'Withdraw a note', params: Id } }, async (req, reply) => {
    await deleteNote(req.ctx, req.params.id);
    reply.code(204);
  });

  app.get(
    '/api/briefings/useful',
    {
      schema: {
        tags,
        summary: 'Useful info: how-tos, contacts, procedures',
        querystring: z.object({ tag: z.string().max(40).optional() }),
      },
    },
    (req) => listUseful(req.ctx, req.query),
  );
  app.post('/api/briefings/useful', { schema: { tags, summary: 'Add useful info', body: UsefulInput } }, async (req, reply) => {
    reply.code(201);
    return addUseful(req.ctx, req.body);
  });
  app.get('/api/briefings/useful/:id', { schema: { tags, summary: 'One useful-info item', params: Id } }, (req) =>
    getUseful(req.ctx, req.params.id),
  );
  app.patch(
    '/api/briefings/useful/:id',
    { schema: { tags, summary: 'Change useful info (pin, tags, text)', params: Id, body: UsefulInput.partial() } },
    (req) => updateUseful(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/briefings/useful/:id', { schema: { tags, summary: 'Remove useful info', params: Id } }, async (req, reply) => {
    await archiveUseful(req.ctx, req.params.id);
    reply.code(204);
  });

  app.patch(
    '/api/briefings/sections/:id',
    {
      schema: { tags, summary: 'Your words for a section (kept when the week is drafted again)', params: Id, body: SectionPatch },
    },
    async (req) => {
      await updateSection(req.ctx, req.params.id, req.body);
      return { ok: true };
    },
  );
  app.post(
    '/api/briefings/sections/:id/regenerate',
    { schema: { tags, summary: 'Draft one section again from its feeds; the others are untouched', params: Id } },
    async (req) => {
      await regenerateSection(req.ctx, req.params.id);
      return { ok: true };
    },
  );

  app.get(
    '/api/briefings/:id',
    { schema: { tags, summary: 'A briefing: as published, and the draft for the Director', params: Id } },
    (req) => getBriefing(req.ctx, req.params.id),
  );
  app.get(
    '/api/briefings/:id/revisions/:number',
    {
      schema: { tags, summary: 'A revision as it was published', params: Id.extend({ number: z.coerce.number().int().min(1) }) },
    },
    (req) => getRevision(req.ctx, req.params.id, req.params.number),
  );
  app.post(
    '/api/briefings/:id/publish',
    { schema: { tags, summary: 'Publish (a new revision) and email it to the team', params: Id, body: PublishInput } },
    (req) => publishBriefing(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/briefings/:id/correction',
    { schema: { tags, summary: 'Start a correction of a published briefing', params: Id } },
    async (req) => {
      await startCorrection(req.ctx, req.params.id);
      return getBriefing(req.ctx, req.params.id);
    },
  );
  app.delete(
    '/api/briefings/:id/correction',
    { schema: { tags, summary: 'Discard an unfinished correction', params: Id } },
    async (req) => {
      await discardCorrection(req.ctx, req.params.id);
      return getBriefing(req.ctx, req.params.id);
    },
  );
  app.post(
    '/api/briefings/:id/share',
    { schema: { tags, summary: 'Share with SLT (or stop), optionally emailing them', params: Id, body: ShareInput } },
    (req) => shareBriefing(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/briefings/:id/send',
    {
      schema: {
        tags,
        summary: 'Email the published briefing again',
        params: Id,
        body: z.object({ audience: z.enum(['team', 'slt']) }),
      },
    },
    (req) => sendBriefing(req.ctx, req.params.id, req.body.audience),
  );
}
