/**
 * standards: the compliance tracker. Catalogues held as versioned data (the DfE digital and
 * technology standards with the core six, Cyber Essentials v3.3, the RPA's cyber conditions as a
 * benchmark, and the school's own), upgrades that map old requirement ids to new; per
 * requirement a status, owner, evidence, review cadence (overdue amber then red) and actions
 * that become to-dos or projects; roll-ups for Today and the termly report (readStandardsRollup).
 */
import type { BelfryModule } from '../../lib/module.ts';
import { READ_ROLES } from './domain/access.ts';
import { loadStandardsCard } from './domain/tracker.ts';
import { registerStandardsCli } from './http/standards-cli.ts';
import { registerStandardsRoutes } from './http/standards-routes.ts';

export { addStandardsAction, sendActionToTasks as sendStandardsActionToTasks } from './domain/actions.ts';
export { addEvidence, assessRequirement } from './domain/assessments.ts';
export { adoptCatalogue, upgradeCatalogue } from './domain/catalogues.ts';
export { addSchoolRequirement, addSchoolStandard, createSchoolCatalogue } from './domain/school-catalogue.ts';
export { readStandardsRollup, type StandardsRollup } from './domain/tracker.ts';

export const standardsModule: BelfryModule = {
  name: 'standards',
  routes: registerStandardsRoutes,
  todayCards: [{ id: 'standards.summary', title: 'Standards', order: 21, roles: READ_ROLES, load: loadStandardsCard }],
  cli: registerStandardsCli,
};
