/**
 * meetings: recurring meetings (the Director of Finance 1:1, the IT management group) with
 * members; agendas that build themselves from what changed since the series last met (open
 * actions first, then projects, budget, milestones and risks from `projects`); minutes with
 * decisions and actions, each action a to-do in one click (through `tasks`); the papers as DOCX,
 * a printable page and email. New agenda sources go in domain/agenda-sources.ts.
 */
import type { BelfryModule } from '../../lib/module.ts';
import { loadMeetingsCard } from './domain/meetings-card.ts';
import { READ_ROLES } from './domain/sections.ts';
import { registerMeetingRoutes } from './http/meeting-routes.ts';

export { addAction, sendActionToTasks, updateAction } from './domain/actions.ts';
export { updateItem } from './domain/agenda.ts';
export { AGENDA_SOURCES, type AgendaSource } from './domain/agenda-sources.ts';
export { addDecision, createMeeting, getMeeting, type MeetingView, updateMeeting } from './domain/meetings.ts';
export { listMeetingsBetween, type MeetingInWindow } from './domain/meetings-between.ts';
export { createSeries, listSeries, type SeriesSummary } from './domain/series.ts';

export const meetingsModule: BelfryModule = {
  name: 'meetings',
  routes: registerMeetingRoutes,
  todayCards: [{ id: 'meetings.next', title: 'Meetings', order: 20, roles: READ_ROLES, load: loadMeetingsCard }],
};
