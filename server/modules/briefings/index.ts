/**
 * briefings: the weekly IT Services briefing. A template of sections in the Director's order,
 * each drafted by feeds that call other modules' exported read functions (help desk, kudos,
 * security, projects, Wi-Fi, meetings, to-dos, the calendar), plus standing notices, the team's
 * notes during the week and useful info. Drafted on the last school day of the week (and on
 * demand), edited in Markdown, published as an immutable revision and emailed to the team; the
 * archive and the useful-info repository are searchable with PostgreSQL full-text search.
 * Owns the briefings_* tables. New feeds go in domain/feeds.ts.
 */
import type { BelfryModule } from '../../lib/module.ts';
import { registerBriefingCli } from './cli/briefing-cli.ts';
import { BRIEFING_SETTINGS } from './domain/briefing-settings.ts';
import { loadBriefingCard } from './domain/briefing-view.ts';
import { TEAM_ROLES } from './domain/roles.ts';
import { draftIfDue } from './domain/schedule.ts';
import { registerBriefingRoutes } from './http/briefing-routes.ts';

export { getBriefing, listBriefings } from './domain/briefing-view.ts';
export { draftBriefing, regenerateSection, updateSection } from './domain/draft.ts';
export { BRIEFING_FEEDS } from './domain/feeds.ts';
export { addNote } from './domain/notes.ts';
export { addNotice, removeNotice } from './domain/notices.ts';
export { publishBriefing, shareBriefing } from './domain/publish.ts';
export { searchArchive } from './domain/search.ts';
export { addUseful } from './domain/useful.ts';
export { draftDayOf, isoWeekOf } from './domain/weeks.ts';

export const briefingsModule: BelfryModule = {
  name: 'briefings',
  routes: registerBriefingRoutes,
  settings: BRIEFING_SETTINGS,
  todayCards: [{ id: 'briefings.week', title: 'Weekly briefing', order: 7, roles: TEAM_ROLES, load: loadBriefingCard }],
  scheduled: [
    {
      name: 'weekly briefing draft',
      everyMinutes: 30,
      run: async (ctx) => {
        const week = await draftIfDue(ctx);
        if (week) ctx.log.info({ week }, 'weekly briefing drafted');
      },
    },
  ],
  cli: (program, deps) => registerBriefingCli(program, deps),
};
