import type { ComponentType } from 'react';
import { LockoutsCard } from './modules/accounts/lockouts-card.tsx';
import { BriefingCard } from './modules/briefings/briefing-card.tsx';
import { TermCard } from './modules/calendar/term-card.tsx';
import { HelpdeskQueueCard, MyTicketsCard } from './modules/helpdesk/helpdesk-cards.tsx';
import { MeetingsCard } from './modules/meetings/meetings-card.tsx';
import { PhishingCard } from './modules/phishing/phishing-card.tsx';
import { AlertsCard } from './modules/security/alerts-card.tsx';
import { IncidentsCard } from './modules/security/incidents-card.tsx';
import { AppsCard } from './modules/settings/apps-card.tsx';
import { AuditCard } from './modules/settings/audit-card.tsx';
import { BackupsCard } from './modules/settings/backups-card.tsx';
import { StandardsCard } from './modules/standards/standards-card.tsx';
import { MySurveyCard } from './modules/surveys/my-survey-card.tsx';
import { SurveysCard } from './modules/surveys/surveys-card.tsx';
import { TaskCard } from './modules/tasks/task-card.tsx';
import { WifiCard } from './modules/wifi/wifi-card.tsx';

/**
 * The web half of Today's one registration point: the server sends cards by id with their
 * data; each id maps to the component its module exports. A new module adds one line here.
 */
// biome-ignore lint/suspicious/noExplicitAny: each card component declares its own data shape
export const TODAY_CARDS: Record<string, ComponentType<{ data: any }>> = {
  'calendar.today': TermCard,
  'helpdesk.queue': HelpdeskQueueCard,
  'helpdesk.mine': MyTicketsCard,
  'settings.apps': AppsCard,
  'audit.recent': AuditCard,
  'security.alerts': AlertsCard,
  'security.incidents': IncidentsCard,
  'tasks.mine': TaskCard,
  'meetings.next': MeetingsCard,
  'surveys.open': SurveysCard,
  'surveys.mine': MySurveyCard,
  'wifi.summary': WifiCard,
  'phishing.campaigns': PhishingCard,
  'standards.summary': StandardsCard,
  'briefings.week': BriefingCard,
  'system.backups': BackupsCard,
  'accounts.lockouts': LockoutsCard,
};
