import type { ComponentType } from 'react';
import { TermCard } from './modules/calendar/term-card.tsx';
import { AppsCard } from './modules/settings/apps-card.tsx';
import { AuditCard } from './modules/settings/audit-card.tsx';

/**
 * The web half of Today's one registration point: the server sends cards by id with their
 * data; each id maps to the component its module exports. A new module adds one line here.
 */
// biome-ignore lint/suspicious/noExplicitAny: each card component declares its own data shape
export const TODAY_CARDS: Record<string, ComponentType<{ data: any }>> = {
  'calendar.today': TermCard,
  'settings.apps': AppsCard,
  'audit.recent': AuditCard,
};
