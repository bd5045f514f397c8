/**
 * audit: the append-only log of sign-ins and privileged changes.
 * Every module records through `recordAudit`; the Director and IT read it in Settings and on Today.
 */
import { IT_ROLES } from '../../lib/context.ts';
import type { BelfryModule } from '../../lib/module.ts';
import { listAuditEvents } from './domain/audit.ts';
import { registerAuditRoutes } from './http/audit-routes.ts';

export {
  type AuditEntry,
  type AuditEvent,
  listAuditEvents,
  recordAudit,
} from './domain/audit.ts';

export const auditModule: BelfryModule = {
  name: 'audit',
  routes: registerAuditRoutes,
  todayCards: [
    {
      id: 'audit.recent',
      title: 'Recent changes',
      order: 90,
      roles: IT_ROLES,
      load: async (ctx) => ({
        events: await listAuditEvents(ctx, { limit: 8 }),
      }),
    },
  ],
};
