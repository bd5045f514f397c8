/**
 * helpdesk: tickets from the portal and email (SMTP listener, IMAP polling) with safe threading
 * and loop protection; SLA clocks in the school calendar's working time; satisfaction surveys and
 * kudos; safeguarding-restricted tickets; metrics computed from the append-only event history.
 * Owns the helpdesk_* tables. Other modules read it through getHelpdeskMetrics and listWifiComplaints.
 */
import { IT_ROLES, ROLES } from '../../lib/context.ts';
import { hasHeaders } from '../../lib/file-sample.ts';
import type { App, BelfryModule } from '../../lib/module.ts';
import { registerHelpdeskCli } from './cli/helpdesk-cli.ts';
import { HELPDESK_SETTINGS } from './domain/helpdesk-settings.ts';
import { pollMailbox } from './domain/imap-poller.ts';
import { loadMyTicketsCard, loadQueueCard } from './domain/queue.ts';
import { HELPDESK_SETUP } from './domain/setup-checks.ts';
import { recomputeSla } from './domain/sla-recompute.ts';
import { warnOfBreaches } from './domain/sla-warnings.ts';
import { startSmtpListener } from './domain/smtp-listener.ts';
import { sendDueSurveys } from './domain/surveys.ts';
import { importTicketsFile, TICKET_FIELDS } from './domain/ticket-import.ts';
import { registerMetricsRoutes } from './http/metrics-routes.ts';
import { registerRatingRoutes } from './http/rating-routes.ts';
import { registerTicketRoutes } from './http/ticket-routes.ts';

export { type BulkTicket, bulkLoadTickets } from './domain/bulk-load.ts';
export { receiveMail } from './domain/mail-intake.ts';
export { METRIC_DEFINITIONS } from './domain/metric-definitions.ts';
export type { HelpdeskMetrics } from './domain/metrics-compute.ts';
export { getHelpdeskMetrics, type HelpdeskMetricsReport, listMetricTickets } from './domain/metrics-read.ts';
export { listThanks, type ThanksReply } from './domain/thanks-read.ts';
export { readTicketBreakdown, type TicketSplit } from './domain/ticket-breakdown.ts';
export { addCannedResponse } from './domain/ticket-changes.ts';
export { listWifiComplaints, type WifiComplaint } from './domain/wifi-complaints.ts';

export const helpdeskModule: BelfryModule = {
  name: 'helpdesk',
  setupChecks: HELPDESK_SETUP,
  routes: (app: App) => {
    registerTicketRoutes(app);
    registerMetricsRoutes(app);
    registerRatingRoutes(app);
  },
  // The one-click rating link in the survey email works without signing in.
  publicRoutes: ['GET /api/helpdesk/rate/:token', 'POST /api/helpdesk/rate/:token'],
  settings: HELPDESK_SETTINGS,
  todayCards: [
    { id: 'helpdesk.queue', title: 'Help desk', order: 2, roles: IT_ROLES, load: loadQueueCard },
    {
      id: 'helpdesk.mine',
      title: 'Your IT requests',
      order: 3,
      roles: ROLES.filter((r) => !(IT_ROLES as string[]).includes(r)),
      load: loadMyTicketsCard,
    },
  ],
  importers: [
    {
      kind: 'tickets',
      description: 'Past help desk tickets (CSV from Zammad, osTicket, Freshservice...); columns matched by header',
      roles: IT_ROLES,
      accept: '.csv,text/csv',
      readsDates: true,
      recognise: (s) =>
        s.shape === 'csv' &&
        hasHeaders(s, [...TICKET_FIELDS.subject]) &&
        hasHeaders(s, [...TICKET_FIELDS.externalId]) &&
        hasHeaders(s, [...TICKET_FIELDS.createdAt]),
      fields: TICKET_FIELDS,
      run: importTicketsFile,
    },
  ],
  scheduled: [
    { name: 'helpdesk surveys', everyMinutes: 5, run: (ctx) => sendDueSurveys(ctx).then(() => {}) },
    {
      name: 'helpdesk SLA',
      everyMinutes: 5,
      run: async (ctx) => {
        await recomputeSla(ctx);
        await warnOfBreaches(ctx);
      },
    },
    {
      name: 'helpdesk mailbox',
      everyMinutes: 2,
      run: async (ctx) => {
        if (ctx.config.imap) await pollMailbox(ctx, ctx.config.imap);
      },
    },
  ],
  services: [
    {
      name: 'helpdesk SMTP listener',
      start: async (makeCtx) => {
        const ctx = makeCtx();
        const smtp = ctx.config.inboundSmtp;
        if (!smtp) return undefined;
        try {
          const listener = await startSmtpListener({ host: smtp.host, port: smtp.port, ctx: () => makeCtx() });
          ctx.log.info({ port: listener.port }, `help desk mail: listening for SMTP on ${smtp.host}:${listener.port}`);
          return listener.close;
        } catch (err) {
          ctx.log.error({ err }, `help desk mail: could not listen on ${smtp.host}:${smtp.port}`);
          return undefined;
        }
      },
    },
  ],
  cli: (program, deps) => registerHelpdeskCli(program, deps),
};
