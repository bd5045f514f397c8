/**
 * phishing: simulated phishing campaigns to small staff groups. Owns the phishing_* tables: the
 * lure library (a starter set for UK schools), sending profiles, campaigns and their durable
 * per-recipient outbox, the append-only interactions with their class and evidence, reports from
 * the reporting mailbox, follow-up lessons, exclusions and webhooks. Runs the tracking listener
 * (BELFRY_PHISHING_PORT) and the sender. Other modules read it through readPhishingSummary.
 */
import { IT_ROLES, systemActor } from '../../lib/context.ts';
import type { BelfryModule } from '../../lib/module.ts';
import { pollReportingMailbox } from './domain/mail-reports.ts';
import { PHISHING_SETTINGS } from './domain/phishing-settings.ts';
import { purgeExpiredResults } from './domain/retention.ts';
import { startSenderLoop } from './domain/sender-loop.ts';
import { loadPhishingCard } from './domain/today-card.ts';
import { deliverWebhooks } from './domain/webhooks.ts';
import { registerPhishingCli } from './http/phishing-cli.ts';
import { registerPhishingRoutes } from './http/phishing-routes.ts';
import { startTrackingServer } from './http/tracking-server.ts';

export { createCampaign, scheduleCampaign } from './domain/campaigns.ts';
export { loadDemoPhishing } from './domain/demo-campaigns.ts';
export { addExclusion } from './domain/exclusions.ts';
export { closeCampaign, markReported } from './domain/lifecycle.ts';
export { ensureStarterLures, listLures, signOffLure } from './domain/lures.ts';
export { receiveReport } from './domain/mail-reports.ts';
export { scannerNetworksSetting } from './domain/phishing-settings.ts';
export { saveProfile } from './domain/profiles.ts';
export { runSender } from './domain/sender.ts';
export type { PhishingCampaignSummary, PhishingRate, PhishingSummary } from './domain/summary.ts';
export { readPhishingSummary } from './domain/summary.ts';
export { recordInteraction } from './domain/track.ts';
export { PHISHING_SETTINGS };

export const phishingModule: BelfryModule = {
  name: 'phishing',
  routes: registerPhishingRoutes,
  settings: PHISHING_SETTINGS,
  todayCards: [{ id: 'phishing.campaigns', title: 'Phishing simulations', order: 45, roles: IT_ROLES, load: loadPhishingCard }],
  scheduled: [
    { name: 'phishing retention', everyMinutes: 24 * 60, run: (ctx) => purgeExpiredResults(ctx).then(() => {}) },
    { name: 'phishing webhooks', everyMinutes: 1, run: (ctx) => deliverWebhooks(ctx).then(() => {}) },
    {
      name: 'phishing reporting mailbox',
      everyMinutes: 2,
      run: async (ctx) => {
        if (ctx.config.phishing?.imap) await pollReportingMailbox(ctx, ctx.config.phishing.imap);
      },
    },
  ],
  services: [
    {
      name: 'phishing tracking listener',
      start: async (makeCtx) => {
        const ctx = makeCtx();
        const p = ctx.config.phishing;
        if (p?.port === undefined) return undefined;
        try {
          const server = await startTrackingServer({
            host: p.host,
            port: p.port,
            ctx: () => makeCtx(),
            trustProxy: p.trustedProxies,
          });
          ctx.log.info(
            { port: server.port },
            `phishing: tracking listener on ${p.host}:${server.port}${p.baseUrl ? ` (public address ${p.baseUrl})` : ' (set BELFRY_PHISHING_BASE_URL)'}`,
          );
          return server.close;
        } catch (err) {
          ctx.log.error({ err }, `phishing: could not listen on ${p.host}:${p.port} (${(err as Error).message})`);
          return undefined;
        }
      },
    },
    {
      name: 'phishing sender',
      start: async (makeCtx) => startSenderLoop(() => makeCtx(systemActor('phishing sender'))),
    },
  ],
  cli: (program, deps) => registerPhishingCli(program, deps),
};
