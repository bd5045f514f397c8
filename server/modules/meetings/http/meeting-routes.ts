import { z } from 'zod';
import { contentDisposition } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import { ActionInput, ActionPatch, addAction, deleteAction, sendActionToTasks, updateAction } from '../domain/actions.ts';
import { addItem, buildAgenda, ItemInput, ItemPatch, updateItem } from '../domain/agenda.ts';
import {
  addDecision,
  createMeeting,
  DecisionInput,
  deleteDecision,
  getMeeting,
  MeetingInput,
  MeetingPatch,
  planNextMeeting,
  updateMeeting,
} from '../domain/meetings.ts';
import { exportMeetingPaper, sendMeetingPaper } from '../domain/send-papers.ts';
import { createSeries, listSeries, SeriesInput, SeriesPatch, updateSeries } from '../domain/series.ts';

const tags = ['meetings'];
const Id = z.object({ id: z.uuid() });
const Paper = z.enum(['agenda', 'minutes']);

export function registerMeetingRoutes(app: App): void {
  app.get('/api/meetings', { schema: { tags, summary: 'Meeting series with members and their meetings' } }, async (req) => ({
    series: await listSeries(req.ctx),
  }));

  app.post(
    '/api/meetings/series',
    { schema: { tags, summary: 'Add a meeting series (the Director)', body: SeriesInput } },
    async (req, reply) => {
      reply.code(201);
      return createSeries(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/meetings/series/:id',
    { schema: { tags, summary: 'Change a series or its members', params: Id, body: SeriesPatch } },
    async (req) => updateSeries(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/meetings/series/:id/meetings',
    { schema: { tags, summary: 'Plan a meeting; its agenda builds itself', params: Id, body: MeetingInput } },
    async (req, reply) => {
      reply.code(201);
      return createMeeting(req.ctx, req.params.id, req.body);
    },
  );

  app.get(
    '/api/meetings/:id',
    { schema: { tags, summary: 'A meeting: agenda, minutes, decisions, actions', params: Id } },
    async (req) => getMeeting(req.ctx, req.params.id),
  );

  app.patch(
    '/api/meetings/:id',
    { schema: { tags, summary: 'Move, re-place or close a meeting', params: Id, body: MeetingPatch } },
    async (req) => {
      await updateMeeting(req.ctx, req.params.id, req.body);
      return getMeeting(req.ctx, req.params.id);
    },
  );

  app.post(
    '/api/meetings/:id/agenda/refresh',
    { schema: { tags, summary: 'Rebuild the agenda from what has changed, keeping your edits', params: Id } },
    async (req) => {
      await buildAgenda(req.ctx, req.params.id);
      return getMeeting(req.ctx, req.params.id);
    },
  );

  app.post(
    '/api/meetings/:id/next',
    { schema: { tags, summary: 'The next meeting of the series (planned if need be)', params: Id } },
    async (req) => planNextMeeting(req.ctx, req.params.id),
  );

  app.post(
    '/api/meetings/:id/items',
    { schema: { tags, summary: 'Add an agenda item', params: Id, body: ItemInput } },
    async (req, reply) => {
      await addItem(req.ctx, req.params.id, req.body);
      reply.code(201);
      return { ok: true };
    },
  );

  app.patch(
    '/api/meetings/items/:id',
    { schema: { tags, summary: 'Reword, minute, remove or move an agenda item', params: Id, body: ItemPatch } },
    async (req) => {
      await updateItem(req.ctx, req.params.id, req.body);
      return { ok: true };
    },
  );

  app.post(
    '/api/meetings/:id/decisions',
    { schema: { tags, summary: 'Record a decision', params: Id, body: DecisionInput } },
    async (req, reply) => {
      reply.code(201);
      return addDecision(req.ctx, req.params.id, req.body);
    },
  );

  app.delete(
    '/api/meetings/decisions/:id',
    { schema: { tags, summary: 'Remove a decision', params: Id } },
    async (req, reply) => {
      await deleteDecision(req.ctx, req.params.id);
      reply.code(204);
    },
  );

  app.post(
    '/api/meetings/:id/actions',
    { schema: { tags, summary: 'Record an action', params: Id, body: ActionInput } },
    async (req, reply) => {
      reply.code(201);
      return addAction(req.ctx, req.params.id, req.body);
    },
  );

  app.patch(
    '/api/meetings/actions/:id',
    { schema: { tags, summary: 'Change an action or mark it done (its to-do too)', params: Id, body: ActionPatch } },
    async (req) => updateAction(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/meetings/actions/:id',
    { schema: { tags, summary: 'Remove an action not yet on a to-do list', params: Id } },
    async (req, reply) => {
      await deleteAction(req.ctx, req.params.id);
      reply.code(204);
    },
  );

  app.post(
    '/api/meetings/actions/:id/task',
    { schema: { tags, summary: 'Put the action on its owner’s to-do list', params: Id } },
    async (req) => sendActionToTasks(req.ctx, req.params.id),
  );

  app.get(
    '/api/meetings/:id/docx/:paper',
    { schema: { tags, summary: 'The agenda or minutes as a Word document', params: Id.extend({ paper: Paper }) } },
    async (req, reply) => {
      const { fileName, bytes } = await exportMeetingPaper(req.ctx, req.params.id, req.params.paper);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', contentDisposition('attachment', fileName))
        .send(bytes);
    },
  );

  app.post(
    '/api/meetings/:id/send',
    { schema: { tags, summary: 'Email the agenda or minutes to the members', params: Id, body: z.object({ paper: Paper }) } },
    async (req) => sendMeetingPaper(req.ctx, req.params.id, req.body.paper),
  );
}
