import { z } from 'zod';
import { IT_ROLES, requireRole } from '../../../lib/context.ts';
import type { App } from '../../../lib/module.ts';
import { SEVERITIES } from '../detect/alert-candidate.ts';
import { runDetections } from '../detect/run-detections.ts';
import {
  ALERT_STATUSES,
  acknowledgeAlert,
  DISMISS_REASONS,
  dismissAlert,
  escalateAlert,
  getAlert,
  listAlerts,
  summariseRecentAlerts,
} from '../domain/alerts.ts';
import { COUNTRY_CENTRES_ATTRIBUTION } from '../domain/country-centres.ts';
import { GEOIP_ATTRIBUTION, geoIp } from '../domain/geoip.ts';
import { signinVolume } from '../domain/retention.ts';
import {
  addSuppression,
  addTrip,
  endSuppression,
  listSuppressions,
  listTrips,
  NewSuppression,
  NewTrip,
  removeTrip,
} from '../domain/rules-admin.ts';
import { listSigmaRules } from '../sigma/sigma-rules.ts';

const tags = ['security'];
const list = <T extends [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(values)).optional());

export function registerSecurityRoutes(app: App): void {
  app.get(
    '/api/security/alerts',
    {
      schema: {
        tags,
        summary: 'The alert queue (admin, IT)',
        querystring: z.object({
          status: list([...ALERT_STATUSES]),
          severity: list([...SEVERITIES]),
          type: z.string().max(40).optional(),
        }),
      },
    },
    async (req) => ({ alerts: await listAlerts(req.ctx, req.query) }),
  );
  app.get('/api/security/alerts/summary', { schema: { tags, summary: 'Counts for Today' } }, async (req) =>
    summariseRecentAlerts(req.ctx),
  );
  app.get(
    '/api/security/alerts/:id',
    { schema: { tags, summary: 'One alert with its evidence', params: z.object({ id: z.uuid() }) } },
    async (req) => getAlert(req.ctx, req.params.id),
  );
  app.post(
    '/api/security/alerts/:id/acknowledge',
    { schema: { tags, summary: 'Acknowledge an alert', params: z.object({ id: z.uuid() }) } },
    async (req) => acknowledgeAlert(req.ctx, req.params.id),
  );
  app.post(
    '/api/security/alerts/:id/dismiss',
    {
      schema: {
        tags,
        summary: 'Dismiss an alert with a reason',
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.enum(DISMISS_REASONS), note: z.string().max(500).optional() }),
      },
    },
    async (req) => dismissAlert(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/security/alerts/:id/escalate',
    {
      schema: {
        tags,
        summary: 'Escalate an alert to a new or existing incident',
        params: z.object({ id: z.uuid() }),
        body: z.union([z.object({ incidentId: z.uuid() }), z.object({ incident: z.record(z.string(), z.unknown()) })]),
      },
    },
    async (req) => escalateAlert(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/security/detect',
    { schema: { tags, summary: 'Run the detections now over the look-back period' } },
    async (req) => {
      requireRole(req.ctx, ...IT_ROLES);
      return runDetections(req.ctx);
    },
  );
  app.get(
    '/api/security/signins/volume',
    {
      schema: {
        tags,
        summary: 'Sign-ins per day (from the rollup)',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(400).default(30) }),
      },
    },
    async (req) => ({
      days: await signinVolume(req.ctx, req.query.days),
    }),
  );
  app.get('/api/security/geoip', { schema: { tags, summary: 'The GeoIP database date and attribution' } }, async (req) => {
    requireRole(req.ctx, ...IT_ROLES);
    const g = await geoIp();
    return {
      databaseDate: g.databaseDate,
      attribution: GEOIP_ATTRIBUTION,
      asn: 'From the vendor log where given; otherwise unknown',
      countryCentres: COUNTRY_CENTRES_ATTRIBUTION,
    };
  });
  app.get(
    '/api/security/sigma-rules',
    { schema: { tags, summary: 'Sigma rules: shipped and the school’s own' } },
    async (req) => ({ rules: await listSigmaRules(req.ctx) }),
  );
  app.get('/api/security/suppressions', { schema: { tags, summary: 'Suppression rules' } }, async (req) => ({
    suppressions: await listSuppressions(req.ctx),
  }));
  app.post(
    '/api/security/suppressions',
    { schema: { tags, summary: 'Add a suppression (owner, reason, expiry)', body: NewSuppression } },
    async (req, reply) => {
      reply.code(201);
      return addSuppression(req.ctx, req.body);
    },
  );
  app.post(
    '/api/security/suppressions/:id/end',
    { schema: { tags, summary: 'End a suppression now', params: z.object({ id: z.uuid() }) } },
    async (req) => endSuppression(req.ctx, req.params.id),
  );
  app.get('/api/security/trips', { schema: { tags, summary: 'Registered trips' } }, async (req) => ({
    trips: await listTrips(req.ctx),
  }));
  app.post('/api/security/trips', { schema: { tags, summary: 'Register a trip', body: NewTrip } }, async (req, reply) => {
    reply.code(201);
    return addTrip(req.ctx, req.body);
  });
  app.delete(
    '/api/security/trips/:id',
    { schema: { tags, summary: 'Remove a trip', params: z.object({ id: z.uuid() }) } },
    async (req) => removeTrip(req.ctx, req.params.id),
  );
}
