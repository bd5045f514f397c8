import type { Role } from '../../../lib/context.ts';

/** The Director writes and publishes the briefing. */
export const EDIT_ROLES: Role[] = ['admin'];
/** IT Services reads every briefing, keeps useful info and makes notes for the next one. */
export const TEAM_ROLES: Role[] = ['admin', 'it'];
/** Senior leaders read only the briefings the Director shares with them. */
export const READ_ROLES: Role[] = ['admin', 'it', 'slt'];
