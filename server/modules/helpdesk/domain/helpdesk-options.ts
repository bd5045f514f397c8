import { type Ctx, IT_ROLES, requireActor } from '../../../lib/context.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { listPlaces, listSchools } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { isAgent } from './access.ts';
import { categoriesSetting, teamsSetting } from './helpdesk-settings.ts';
import { listCannedResponses } from './ticket-changes.ts';
import { PRIORITIES, PRIORITY_LABELS, STATUS_LABELS, STATUSES } from './ticket-model.ts';

/** What the forms need: categories and places for everyone; the team, agents and canned replies for IT. */
export async function loadHelpdeskOptions(ctx: Ctx) {
  const actor = requireActor(ctx);
  const agent = isAgent(actor);
  const schools = await listSchools(ctx);
  const places = (await listPlaces(ctx)).map((p) => ({
    ...p,
    schoolName: schools.find((s) => s.id === p.schoolId)?.name ?? p.schoolCode,
  }));
  return {
    isAgent: agent,
    categories: await getSetting(ctx, categoriesSetting),
    priorities: PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] })),
    statuses: STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
    places,
    teams: agent ? await getSetting(ctx, teamsSetting) : [],
    agents: agent
      ? (await listUserSummaries(ctx))
          .filter((u) => u.isActive && (IT_ROLES as string[]).includes(u.role))
          .map((u) => ({ id: u.id, name: u.name }))
      : [],
    canned: agent ? await listCannedResponses(ctx) : [],
    /** Who can be named on a restricted (safeguarding) ticket: the IT team and senior leaders. */
    namable: agent
      ? (await listUserSummaries(ctx))
          .filter((u) => u.isActive && ['admin', 'it', 'slt'].includes(u.role))
          .map((u) => ({ id: u.id, name: u.name, role: u.role }))
      : [],
  };
}
