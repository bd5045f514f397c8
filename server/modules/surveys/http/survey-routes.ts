import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { requireRole } from '../../../lib/context.ts';
import type { App } from '../../../lib/module.ts';
import { receiveUpload } from '../../jobs/index.ts';
import { BuilderInput, setInstrumentItems } from '../domain/builder.ts';
import { getCatalogue } from '../domain/catalogue.ts';
import { issueSingleUseLinks } from '../domain/collect.ts';
import {
  CommentDecision,
  decideComment,
  listCommentsToReview,
  listCommentThemes,
  readCommentAccess,
} from '../domain/comments.ts';
import { changeMessage, draftComms, getComms, MessageChange } from '../domain/comms.ts';
import { previewImport } from '../domain/import-preview.ts';
import { listImportRecords } from '../domain/import-records.ts';
import {
  changeInstrument,
  createInstrument,
  excludeBurst,
  getInstrument,
  InstrumentChange,
  listInstruments,
  NewInstrument,
} from '../domain/instruments.ts';
import { ManifestInput, saveManifest } from '../domain/manifest.ts';
import { listWordings, MappingInput, mapItem } from '../domain/mapping.ts';
import { changeQuestion, createQuestion, listQuestions, QuestionInput } from '../domain/question-bank.ts';

const tags = ['surveys'];
const idParams = z.object({ id: z.string().min(1).max(80) });

/** Question bank, surveys, the builder, mappings, comms and the import wizard's preview. */
export function registerSurveyRoutes(app: App): void {
  app.get(
    '/api/surveys/catalogue',
    { schema: { tags, summary: 'Scales, audiences, groups and comparability codes' } },
    async (req) => getCatalogue(req.ctx),
  );

  app.get('/api/surveys/questions', { schema: { tags, summary: 'The canonical question bank' } }, async (req) => ({
    questions: await listQuestions(req.ctx),
  }));
  app.post(
    '/api/surveys/questions',
    { schema: { tags, summary: 'Add a canonical question (admin)', body: QuestionInput } },
    async (req, reply) => {
      reply.code(201);
      return createQuestion(req.ctx, req.body);
    },
  );
  app.put(
    '/api/surveys/questions/:id',
    { schema: { tags, summary: 'Change a canonical question (admin)', params: idParams, body: QuestionInput } },
    async (req) => changeQuestion(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/surveys/wordings',
    { schema: { tags, summary: 'Each asked question beside the canonical one, by year' } },
    async (req) => listWordings(req.ctx),
  );
  app.put(
    '/api/surveys/items/:id/mapping',
    {
      schema: {
        tags,
        summary: 'Map an asked question to a canonical one (admin, audited)',
        params: idParams,
        body: MappingInput,
      },
    },
    async (req, reply) => {
      await mapItem(req.ctx, req.params.id, req.body);
      reply.code(204);
    },
  );

  app.get(
    '/api/surveys/instruments',
    { schema: { tags, summary: 'Every survey, with responses and response rate' } },
    async (req) => ({
      instruments: await listInstruments(req.ctx),
    }),
  );
  app.post(
    '/api/surveys/instruments',
    { schema: { tags, summary: 'Create a survey (admin)', body: NewInstrument } },
    async (req, reply) => {
      reply.code(201);
      return createInstrument(req.ctx, req.body);
    },
  );
  app.get(
    '/api/surveys/instruments/:id',
    { schema: { tags, summary: 'A survey with its questions (admin)', params: idParams } },
    async (req) => getInstrument(req.ctx, req.params.id),
  );
  app.post(
    '/api/surveys/instruments/:id/bursts/:burstId',
    {
      schema: {
        tags,
        summary: 'Exclude a flagged burst of answers from the results, or bring it back (admin)',
        params: idParams.extend({ burstId: z.uuid() }),
        body: z.object({ excluded: z.boolean() }),
      },
    },
    async (req) => excludeBurst(req.ctx, req.params.id, req.params.burstId, req.body.excluded),
  );
  app.patch(
    '/api/surveys/instruments/:id',
    { schema: { tags, summary: 'Change dates, collection or publish (admin)', params: idParams, body: InstrumentChange } },
    async (req) => changeInstrument(req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/surveys/instruments/:id/items',
    { schema: { tags, summary: 'Set the questions of a Belfry survey (admin)', params: idParams, body: BuilderInput } },
    async (req) => setInstrumentItems(req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/surveys/instruments/:id/manifest',
    { schema: { tags, summary: 'Save the import mapping of a survey (admin)', params: idParams, body: ManifestInput } },
    async (req) => saveManifest(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/surveys/instruments/:id/links',
    {
      schema: {
        tags,
        summary: 'Make single-use links; shown once (admin)',
        params: idParams,
        body: z.object({ count: z.number().int().min(1).max(5000) }),
      },
    },
    async (req) => issueSingleUseLinks(req.ctx, req.params.id, req.body.count),
  );
  app.get(
    '/api/surveys/instruments/:id/imports',
    { schema: { tags, summary: 'Import provenance (admin)', params: idParams } },
    async (req) => ({
      imports: await listImportRecords(req.ctx, req.params.id),
    }),
  );
  app.get(
    '/api/surveys/instruments/:id/comms',
    { schema: { tags, summary: 'The comms plan and drafts (admin)', params: idParams } },
    async (req) => getComms(req.ctx, req.params.id),
  );
  app.post(
    '/api/surveys/instruments/:id/comms',
    { schema: { tags, summary: 'Draft (or re-date) the emails from templates (admin)', params: idParams } },
    async (req) => draftComms(req.ctx, req.params.id),
  );
  app.put(
    '/api/surveys/messages/:id',
    { schema: { tags, summary: 'Edit an unsent draft (admin)', params: z.object({ id: z.uuid() }), body: MessageChange } },
    async (req, reply) => {
      await changeMessage(req.ctx, req.params.id, req.body);
      reply.code(204);
    },
  );

  app.get(
    '/api/surveys/comments/access',
    { schema: { tags, summary: 'Whether the Comments tab is yours, and (the Director) who the reviewers are' } },
    async (req) => readCommentAccess(req.ctx),
  );
  app.get(
    '/api/surveys/comments',
    { schema: { tags, summary: 'Comments to review (safeguarding reviewers; the Director for staff)' } },
    async (req) => listCommentsToReview(req.ctx),
  );
  app.post(
    '/api/surveys/comments/:id',
    {
      schema: { tags, summary: 'Clear, escalate or theme a comment', params: z.object({ id: z.uuid() }), body: CommentDecision },
    },
    async (req, reply) => {
      await decideComment(req.ctx, req.params.id, req.body);
      reply.code(204);
    },
  );
  app.get('/api/surveys/themes', { schema: { tags, summary: 'Comment themes with counts (no comment text)' } }, async (req) =>
    listCommentThemes(req.ctx),
  );

  app.post(
    '/api/surveys/import/preview',
    {
      schema: {
        tags,
        summary: 'What an export holds and a suggested mapping (multipart, field "file"); nothing is saved',
        querystring: z.object({ instrument: z.string().max(80).optional() }),
      },
    },
    async (req) => {
      // Only an admin's file is accepted (the preview's own check, made before a byte arrives).
      const { file, fileName } = await receiveUpload(req, {
        authorise: () => requireRole(req.ctx, 'admin'),
        missing: 'Attach the export file',
      });
      try {
        return await previewImport(req.ctx, file, fileName, req.query.instrument);
      } finally {
        await rm(file, { force: true });
      }
    },
  );
}
