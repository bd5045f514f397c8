import { z } from 'zod';
import { IT_ROLES, requireRole } from '../../../lib/context.ts';
import { contentDisposition } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import { listPeople, listStaffGroups } from '../../directory/index.ts';
import {
  createCampaign,
  getCampaign,
  listCampaigns,
  scheduleCampaign,
  unscheduleCampaign,
  updateCampaign,
} from '../domain/campaigns.ts';
import { resultsCsv } from '../domain/csv-export.ts';
import { dpiaOutline, setupChecklist, staffNotice } from '../domain/documents.ts';
import { addExclusion, endExclusion, listExclusions } from '../domain/exclusions.ts';
import { groupLabel } from '../domain/group-label.ts';
import {
  archiveCampaign,
  closeCampaign,
  listInteractions,
  markReported,
  overrideInteraction,
  setCommentary,
} from '../domain/lifecycle.ts';
import { archiveLure, createLure, getLure, listLures, signOffLure, updateLure } from '../domain/lures.ts';
import { listMailReports, reviewMailReport } from '../domain/mail-reports.ts';
import { deleteProfile, listProfiles, saveProfile } from '../domain/profiles.ts';
import { renderSltDocx } from '../domain/slt-docx.ts';
import { sltReport } from '../domain/slt-report.ts';
import { taxonomy } from '../domain/taxonomy.ts';
import { sendFollowUp } from '../domain/training.ts';
import { campaignPeople, campaignResults, groupTrends, listReports, overview, previewLure } from '../domain/views.ts';
import { createWebhook, deleteWebhook, listWebhooks } from '../domain/webhooks.ts';

const tags = ['phishing'];
const Id = z.object({ id: z.uuid() });
const NumId = z.object({ id: z.coerce.number().int().positive() });
const Page = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const Body = z.record(z.string(), z.unknown());

/** The admin API: the Director and IT run campaigns; SLT reads the aggregate reports only. */
export function registerPhishingRoutes(app: App): void {
  const p = '/api/phishing';
  app.get(`${p}/overview`, { schema: { tags, summary: 'Set-up state and what is waiting (admin, IT)' } }, (req) =>
    overview(req.ctx),
  );

  app.get(`${p}/taxonomy`, { schema: { tags, summary: 'The words for every code the pages show (admin, IT)' } }, async (req) => {
    requireRole(req.ctx, ...IT_ROLES);
    return taxonomy();
  });
  app.get(`${p}/lures`, { schema: { tags, summary: 'The lure library (the starter lures included)' } }, async (req) => ({
    lures: await listLures(req.ctx),
  }));
  app.post(`${p}/lures`, { schema: { tags, summary: 'A new lure (admin)', body: Body } }, (req) => createLure(req.ctx, req.body));
  app.post(`${p}/lures/preview`, { schema: { tags, summary: 'A lure as a recipient would see it', body: Body } }, (req) =>
    previewLure(req.ctx, req.body),
  );
  app.get(`${p}/lures/:id`, { schema: { tags, summary: 'One lure', params: Id } }, (req) => getLure(req.ctx, req.params.id));
  app.put(`${p}/lures/:id`, { schema: { tags, summary: 'Change a lure (admin)', params: Id, body: Body } }, (req) =>
    updateLure(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${p}/lures/:id/sign-off`,
    { schema: { tags, summary: "Record SLT's sign-off of a sensitive pretext", params: Id, body: Body } },
    (req) => signOffLure(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${p}/lures/:id/archive`,
    { schema: { tags, summary: 'Archive or restore a lure', params: Id, body: z.object({ archived: z.boolean() }) } },
    (req) => archiveLure(req.ctx, req.params.id, req.body.archived),
  );

  app.get(`${p}/profiles`, { schema: { tags, summary: 'Sending profiles' } }, async (req) => ({
    profiles: await listProfiles(req.ctx),
  }));
  app.post(`${p}/profiles`, { schema: { tags, summary: 'A new sending profile (admin)', body: Body } }, (req) =>
    saveProfile(req.ctx, undefined, req.body),
  );
  app.put(`${p}/profiles/:id`, { schema: { tags, summary: 'Change a sending profile (admin)', params: Id, body: Body } }, (req) =>
    saveProfile(req.ctx, req.params.id, req.body),
  );
  app.delete(
    `${p}/profiles/:id`,
    { schema: { tags, summary: 'Delete a sending profile (admin)', params: Id } },
    async (req, reply) => {
      await deleteProfile(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(`${p}/groups`, { schema: { tags, summary: 'Staff groups to send to' } }, async (req) => {
    requireRole(req.ctx, ...IT_ROLES);
    return { groups: (await listStaffGroups(req.ctx)).map((g) => ({ ...g, name: groupLabel(g.name) })) };
  });
  app.get(
    `${p}/staff`,
    {
      schema: {
        tags,
        summary: 'Find a member of staff (for exclusions)',
        querystring: z.object({ q: z.string().trim().max(100) }),
      },
    },
    async (req) => {
      const { people } = await listPeople(req.ctx, { kind: 'staff', q: req.query.q, limit: 20 });
      return { people: people.map((x) => ({ id: x.id, name: x.displayName, email: x.email, department: x.department })) };
    },
  );

  app.get(`${p}/campaigns`, { schema: { tags, summary: 'Campaigns, newest first (admin, IT)' } }, async (req) => ({
    campaigns: await listCampaigns(req.ctx),
  }));
  app.post(`${p}/campaigns`, { schema: { tags, summary: 'Draft a campaign', body: Body } }, (req) =>
    createCampaign(req.ctx, req.body),
  );
  app.get(`${p}/campaigns/:id`, { schema: { tags, summary: 'One campaign with its progress', params: Id } }, (req) =>
    getCampaign(req.ctx, req.params.id),
  );
  app.put(`${p}/campaigns/:id`, { schema: { tags, summary: 'Change a draft campaign', params: Id, body: Body } }, (req) =>
    updateCampaign(req.ctx, req.params.id, req.body),
  );
  app.post(`${p}/campaigns/:id/schedule`, { schema: { tags, summary: 'Check and schedule a draft', params: Id } }, (req) =>
    scheduleCampaign(req.ctx, req.params.id),
  );
  app.post(
    `${p}/campaigns/:id/unschedule`,
    { schema: { tags, summary: 'Back to draft before any message is sent', params: Id } },
    (req) => unscheduleCampaign(req.ctx, req.params.id),
  );
  app.post(
    `${p}/campaigns/:id/close`,
    { schema: { tags, summary: 'Close: stop sending, keep the results, make follow-up to-dos', params: Id } },
    (req) => closeCampaign(req.ctx, req.params.id),
  );
  app.post(
    `${p}/campaigns/:id/archive`,
    { schema: { tags, summary: 'Archive a closed campaign', params: Id } },
    async (req, reply) => {
      await archiveCampaign(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    `${p}/campaigns/:id/follow-up`,
    { schema: { tags, summary: 'Assign and send the lessons and thank-yous', params: Id } },
    (req) => sendFollowUp(req.ctx, req.params.id),
  );
  app.put(
    `${p}/campaigns/:id/commentary`,
    {
      schema: {
        tags,
        summary: "The Director's commentary on the SLT report",
        params: Id,
        body: z.object({ text: z.string().max(4000) }),
      },
    },
    async (req, reply) => {
      await setCommentary(req.ctx, req.params.id, req.body.text);
      return reply.code(204).send();
    },
  );
  app.get(
    `${p}/campaigns/:id/results`,
    { schema: { tags, summary: 'Figures, by group and by lure (admin, IT)', params: Id } },
    (req) => campaignResults(req.ctx, req.params.id),
  );
  app.get(
    `${p}/campaigns/:id/people`,
    { schema: { tags, summary: 'Per-person outcomes, paginated (admin, IT)', params: Id, querystring: Page } },
    (req) => campaignPeople(req.ctx, req.params.id, req.query),
  );
  app.get(
    `${p}/campaigns/:id/interactions`,
    {
      schema: {
        tags,
        summary: 'Every tracked request with its class and evidence',
        params: Id,
        querystring: Page.extend({ recipientId: z.uuid().optional() }),
      },
    },
    async (req) => ({ interactions: await listInteractions(req.ctx, req.params.id, req.query) }),
  );
  app.post(
    `${p}/interactions/:id/override`,
    { schema: { tags, summary: "Change an interaction's class, with a reason (admin; audited)", params: NumId, body: Body } },
    async (req, reply) => {
      await overrideInteraction(req.ctx, req.params.id, req.body);
      return reply.code(204).send();
    },
  );
  app.post(
    `${p}/recipients/:id/report`,
    { schema: { tags, summary: 'Mark reported (they told IT in person or by phone)', params: Id } },
    async (req, reply) => {
      await markReported(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );
  app.get(
    `${p}/campaigns/:id/results.csv`,
    { schema: { tags, summary: 'Results as CSV (IT: pseudonymous refs; SLT: no refs, small groups left out)', params: Id } },
    async (req, reply) => {
      const csv = await resultsCsv(req.ctx, req.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', 'phishing-results.csv'))
        .send(csv);
    },
  );
  app.get(
    `${p}/campaigns/:id/report`,
    { schema: { tags, summary: 'The SLT findings report (admin, IT, SLT)', params: Id } },
    (req) => sltReport(req.ctx, req.params.id),
  );
  app.get(
    `${p}/campaigns/:id/report.docx`,
    { schema: { tags, summary: 'The SLT findings report as Word', params: Id } },
    async (req, reply) => {
      const buf = await renderSltDocx(await sltReport(req.ctx, req.params.id));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', contentDisposition('attachment', 'phishing-findings.docx'))
        .send(buf);
    },
  );
  app.get(`${p}/campaigns/:id/notice`, { schema: { tags, summary: 'The staff notice for this campaign', params: Id } }, (req) =>
    staffNotice(req.ctx, req.params.id),
  );
  app.get(
    `${p}/campaigns/:id/dpia`,
    { schema: { tags, summary: 'A DPIA outline from the campaign settings', params: Id } },
    (req) => dpiaOutline(req.ctx, req.params.id),
  );

  app.get(`${p}/reports`, { schema: { tags, summary: 'The SLT reports there are (admin, IT, SLT)' } }, async (req) => ({
    reports: await listReports(req.ctx),
  }));
  app.get(
    `${p}/trends`,
    { schema: { tags, summary: "Each group's results across campaigns on lures of the same difficulty" } },
    (req) => groupTrends(req.ctx),
  );
  app.get(`${p}/setup`, { schema: { tags, summary: 'The set-up checklist for Microsoft 365 and Google Workspace' } }, (req) =>
    setupChecklist(req.ctx),
  );

  app.get(
    `${p}/mailbox`,
    {
      schema: {
        tags,
        summary: 'Messages from the reporting mailbox',
        querystring: z.object({ status: z.string().max(20).optional() }),
      },
    },
    async (req) => ({
      reports: await listMailReports(req.ctx, req.query),
    }),
  );
  app.post(
    `${p}/mailbox/:id/review`,
    { schema: { tags, summary: 'Record the review of a real report', params: Id, body: Body } },
    async (req, reply) => {
      await reviewMailReport(req.ctx, req.params.id, req.body);
      return reply.code(204).send();
    },
  );

  app.get(`${p}/exclusions`, { schema: { tags, summary: 'Who is left out of campaigns now' } }, async (req) => ({
    exclusions: await listExclusions(req.ctx),
  }));
  app.post(
    `${p}/exclusions`,
    { schema: { tags, summary: 'Leave someone out (cancels their pending sends)', body: Body } },
    (req) => addExclusion(req.ctx, req.body),
  );
  app.delete(`${p}/exclusions/:id`, { schema: { tags, summary: 'End an exclusion', params: Id } }, async (req, reply) => {
    await endExclusion(req.ctx, req.params.id);
    return reply.code(204).send();
  });

  app.get(`${p}/webhooks`, { schema: { tags, summary: 'Webhooks (admin)' } }, async (req) => ({
    webhooks: await listWebhooks(req.ctx),
  }));
  app.post(
    `${p}/webhooks`,
    { schema: { tags, summary: 'Add a webhook; its signing secret is shown once (admin)', body: Body } },
    (req) => createWebhook(req.ctx, req.body),
  );
  app.delete(`${p}/webhooks/:id`, { schema: { tags, summary: 'Remove a webhook (admin)', params: Id } }, async (req, reply) => {
    await deleteWebhook(req.ctx, req.params.id);
    return reply.code(204).send();
  });
}
