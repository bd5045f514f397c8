import { z } from 'zod';
import { Invalid } from '../../../lib/errors.ts';
import { contentDisposition } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import { loadHelpdeskOptions } from '../domain/helpdesk-options.ts';
import { listMyTickets, listQueue, QueueQuery, SearchQuery, searchTickets } from '../domain/queue.ts';
import { rateMyTicket, SurveyAnswer } from '../domain/surveys.ts';
import { RaiseTicketInput, ReplyInput, raiseTicket, replyToTicket } from '../domain/ticket-actions.ts';
import {
  addCannedResponse,
  attachToTicket,
  CannedInput,
  changeTicket,
  listCannedResponses,
  mergeTicket,
  readAttachment,
  removeCannedResponse,
  TicketPatch,
} from '../domain/ticket-changes.ts';
import { getTicket } from '../domain/ticket-view.ts';

const tags = ['helpdesk'];
const params = z.object({ id: z.uuid() });

export function registerTicketRoutes(app: App): void {
  app.get(
    '/api/helpdesk/queue',
    { schema: { tags, summary: "The IT team's queues (admin, IT)", querystring: QueueQuery } },
    (req) => listQueue(req.ctx, req.query),
  );

  app.get('/api/helpdesk/my-tickets', { schema: { tags, summary: 'Tickets I raised or am copied in on' } }, async (req) => ({
    tickets: await listMyTickets(req.ctx),
  }));

  app.get(
    '/api/helpdesk/search',
    { schema: { tags, summary: 'Full-text search over the tickets and replies this user may see', querystring: SearchQuery } },
    async (req) => ({ tickets: await searchTickets(req.ctx, req.query) }),
  );

  app.get(
    '/api/helpdesk/options',
    { schema: { tags, summary: 'Categories, places and, for IT, agents and canned replies' } },
    (req) => loadHelpdeskOptions(req.ctx),
  );

  app.post(
    '/api/helpdesk/tickets',
    { schema: { tags, summary: 'Raise a ticket', body: RaiseTicketInput } },
    async (req, reply) => {
      reply.code(201);
      return raiseTicket(req.ctx, req.body);
    },
  );

  app.get(
    '/api/helpdesk/tickets/:id',
    { schema: { tags, summary: 'One ticket (404 unless yours or you are IT)', params } },
    (req) => getTicket(req.ctx, req.params.id),
  );

  app.post(
    '/api/helpdesk/tickets/:id/replies',
    { schema: { tags, summary: 'Reply (or, for IT, add an internal note and change the status)', params, body: ReplyInput } },
    async (req, reply) => {
      reply.code(201);
      return replyToTicket(req.ctx, req.params.id, req.body);
    },
  );

  app.patch(
    '/api/helpdesk/tickets/:id',
    { schema: { tags, summary: 'Change a ticket (IT)', params, body: TicketPatch } },
    async (req) => {
      await changeTicket(req.ctx, req.params.id, req.body);
      return getTicket(req.ctx, req.params.id);
    },
  );

  app.post(
    '/api/helpdesk/tickets/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge this duplicate into another ticket (IT)',
        params,
        body: z.object({ into: z.number().int().min(1), addRequester: z.boolean().optional() }),
      },
    },
    (req) => mergeTicket(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/helpdesk/tickets/:id/rating',
    { schema: { tags, summary: 'Rate your resolved ticket', params, body: SurveyAnswer } },
    (req) => rateMyTicket(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/helpdesk/tickets/:id/attachments',
    { schema: { tags, summary: 'Attach a file (multipart, field "file")', params } },
    async (req, reply) => {
      const part = await req.file({ limits: { fileSize: 50 * 1024 * 1024 } });
      if (!part) throw new Invalid('Attach a file');
      const content = await part.toBuffer();
      reply.code(201);
      return attachToTicket(req.ctx, req.params.id, { fileName: part.filename, contentType: part.mimetype, content });
    },
  );

  app.get(
    '/api/helpdesk/attachments/:id',
    { schema: { tags, summary: 'Download an attachment', params } },
    async (req, reply) => {
      const a = await readAttachment(req.ctx, req.params.id);
      const inline = /^image\/(png|jpeg|gif|webp)$/.test(a.contentType);
      reply
        .header('content-type', a.contentType)
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', a.fileName))
        .header('cache-control', 'private, no-store');
      return reply.send(a.content);
    },
  );

  app.get('/api/helpdesk/canned', { schema: { tags, summary: 'Canned responses (IT)' } }, async (req) => ({
    responses: await listCannedResponses(req.ctx),
  }));
  app.post(
    '/api/helpdesk/canned',
    { schema: { tags, summary: 'Add a canned response (IT)', body: CannedInput } },
    async (req, reply) => {
      reply.code(201);
      return addCannedResponse(req.ctx, req.body);
    },
  );
  app.delete(
    '/api/helpdesk/canned/:id',
    { schema: { tags, summary: 'Remove a canned response (IT)', params } },
    async (req, reply) => {
      await removeCannedResponse(req.ctx, req.params.id);
      reply.code(204);
    },
  );
}
