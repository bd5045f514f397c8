import { z } from 'zod';
import { Invalid } from '../../../lib/errors.ts';
import { contentDisposition } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import {
  ActionInput,
  ActionPatch,
  addStandardsAction,
  sendActionToProject,
  sendActionToTasks,
  updateStandardsAction,
} from '../domain/actions.ts';
import {
  AssessmentPatch,
  addEvidence,
  addEvidenceFile,
  assessRequirement,
  EvidenceInput,
  readEvidenceFile,
  removeEvidence,
} from '../domain/assessments.ts';
import {
  adoptCatalogue,
  CatalogueOptions,
  listCatalogues,
  resolveUnmapped,
  setCatalogueOptions,
  upgradeCatalogue,
} from '../domain/catalogues.ts';
import {
  addSchoolRequirement,
  addSchoolStandard,
  createSchoolCatalogue,
  SchoolCatalogueInput,
  SchoolRequirementInput,
  SchoolStandardInput,
} from '../domain/school-catalogue.ts';
import { getRequirementDetail, getTracker } from '../domain/tracker.ts';

const tags = ['standards'];
const ReqId = z.object({ id: z.string().min(1).max(200) });
const Uuid = z.object({ id: z.uuid() });
const Key = z.object({ key: z.string().min(1).max(80) });

export function registerStandardsRoutes(app: App): void {
  app.get('/api/standards', { schema: { tags, summary: 'The tracker: every catalogue rolled up' } }, (req) =>
    getTracker(req.ctx),
  );
  app.get('/api/standards/catalogues', { schema: { tags, summary: 'Built-in catalogues, versions and upgrades done' } }, (req) =>
    listCatalogues(req.ctx),
  );
  app.post(
    '/api/standards/catalogues/:key/adopt',
    {
      schema: {
        tags,
        summary: 'Start tracking a built-in catalogue (the Director)',
        params: Key,
        body: z.object({ version: z.string().optional() }),
      },
    },
    async (req, reply) => {
      await adoptCatalogue(req.ctx, req.params.key, req.body.version);
      reply.code(201);
      return { ok: true };
    },
  );
  app.post(
    '/api/standards/catalogues/:key/upgrade',
    {
      schema: {
        tags,
        summary: 'Upgrade to a newer edition, mapping old requirements to new',
        params: Key,
        body: z.object({ version: z.string().optional() }),
      },
    },
    (req) => upgradeCatalogue(req.ctx, req.params.key, req.body.version),
  );
  app.patch(
    '/api/standards/catalogues/:key',
    { schema: { tags, summary: 'In the termly report or not; certificate dates', params: Key, body: CatalogueOptions } },
    async (req) => {
      await setCatalogueOptions(req.ctx, req.params.key, req.body);
      return { ok: true };
    },
  );
  app.post(
    '/api/standards/school',
    { schema: { tags, summary: 'Add a catalogue of the school’s own (an insurer’s conditions)', body: SchoolCatalogueInput } },
    async (req, reply) => {
      reply.code(201);
      return createSchoolCatalogue(req.ctx, req.body);
    },
  );
  app.post(
    '/api/standards/school/:key/standards',
    { schema: { tags, summary: 'Add a standard to a school catalogue', params: Key, body: SchoolStandardInput } },
    async (req, reply) => {
      reply.code(201);
      return addSchoolStandard(req.ctx, req.params.key, req.body);
    },
  );
  app.post(
    '/api/standards/standards/:id/requirements',
    { schema: { tags, summary: 'Add a requirement to a school standard', params: ReqId, body: SchoolRequirementInput } },
    async (req, reply) => {
      reply.code(201);
      return addSchoolRequirement(req.ctx, req.params.id, req.body);
    },
  );
  app.get(
    '/api/standards/requirements/:id',
    { schema: { tags, summary: 'A requirement: state, evidence, history, actions', params: ReqId } },
    (req) => getRequirementDetail(req.ctx, req.params.id),
  );
  app.patch(
    '/api/standards/requirements/:id',
    { schema: { tags, summary: 'Status, owner, review, notes (the Director)', params: ReqId, body: AssessmentPatch } },
    async (req) => {
      await assessRequirement(req.ctx, req.params.id, req.body);
      return getRequirementDetail(req.ctx, req.params.id);
    },
  );
  app.post(
    '/api/standards/requirements/:id/resolve',
    {
      schema: {
        tags,
        summary: 'After an upgrade: carry a requirement without a successor to a current one, or dismiss it',
        params: ReqId,
        body: z.object({ carryTo: z.string().max(200).nullish(), note: z.string().max(1000).nullish() }),
      },
    },
    async (req) => {
      await resolveUnmapped(req.ctx, req.params.id, req.body);
      return { ok: true };
    },
  );
  app.post(
    '/api/standards/requirements/:id/evidence',
    { schema: { tags, summary: 'Add evidence: a Belfry record or a link', params: ReqId, body: EvidenceInput } },
    async (req, reply) => {
      reply.code(201);
      return addEvidence(req.ctx, req.params.id, req.body);
    },
  );
  app.post(
    '/api/standards/requirements/:id/evidence/file',
    { schema: { tags, summary: 'Upload a file as evidence (multipart, field "file")', params: ReqId } },
    async (req, reply) => {
      const part = await req.file({ limits: { fileSize: 20 * 1024 * 1024 + 1 } });
      if (!part) throw new Invalid('Attach a file');
      const content = await part.toBuffer();
      reply.code(201);
      return addEvidenceFile(req.ctx, req.params.id, { fileName: part.filename, contentType: part.mimetype, content });
    },
  );
  app.delete(
    '/api/standards/evidence/:id',
    { schema: { tags, summary: 'Remove evidence (kept in the history)', params: Uuid } },
    async (req, reply) => {
      await removeEvidence(req.ctx, req.params.id);
      reply.code(204);
    },
  );
  app.get(
    '/api/standards/evidence/:id/file',
    { schema: { tags, summary: 'Download an evidence file', params: Uuid } },
    async (req, reply) => {
      const f = await readEvidenceFile(req.ctx, req.params.id);
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', contentDisposition('attachment', f.fileName))
        .header('cache-control', 'private, no-store')
        .send(f.content);
    },
  );
  app.post(
    '/api/standards/requirements/:id/actions',
    { schema: { tags, summary: 'Add an action towards a requirement', params: ReqId, body: ActionInput } },
    async (req, reply) => {
      reply.code(201);
      return addStandardsAction(req.ctx, req.params.id, req.body);
    },
  );
  app.patch(
    '/api/standards/actions/:id',
    { schema: { tags, summary: 'Change or close an action', params: Uuid, body: ActionPatch } },
    async (req) => {
      await updateStandardsAction(req.ctx, req.params.id, req.body);
      return { ok: true };
    },
  );
  app.post(
    '/api/standards/actions/:id/task',
    { schema: { tags, summary: 'Put the action on its owner’s to-do list', params: Uuid } },
    async (req) => {
      await sendActionToTasks(req.ctx, req.params.id);
      return { ok: true };
    },
  );
  app.post(
    '/api/standards/actions/:id/project',
    { schema: { tags, summary: 'Make the action a proposed project', params: Uuid } },
    (req) => sendActionToProject(req.ctx, req.params.id),
  );
}
