import { DIRECTORY_RECOGNISERS } from './domain/recognise.ts';
import { DIRECTORY_SETUP } from './domain/setup-checks.ts';
/**
 * directory: schools (sites), buildings and rooms; staff and pupils with year group, house and
 * groups, imported from the school's MIS. Every module that names a person or a place asks here.
 * Read functions for other modules (findPersonByEmail, countPeople, listSchools) do no role check.
 */

import { z } from 'zod';
import { IT_ROLES } from '../../lib/context.ts';
import type { BelfryModule } from '../../lib/module.ts';
import { parseInput } from '../../lib/validate.ts';
import { importPeopleFile, PEOPLE_FIELDS } from './domain/people-import.ts';
import { importPlacesFile } from './domain/places-import.ts';
import { registerDirectoryCli } from './http/cli.ts';
import { registerDirectoryRoutes } from './http/directory-routes.ts';

export {
  countPeople,
  findPeopleByEmails,
  findPersonByEmail,
  listPeople,
  type Person,
  type PersonKind,
  yearLabel,
} from './domain/people.ts';
export { PEOPLE_FIELDS } from './domain/people-import.ts';
export {
  createSchool,
  listPlaces,
  listSchools,
  matchSchool,
  type School,
  unknownSchoolMessage,
} from './domain/schools.ts';
export { listStaffByIds, listStaffGroups, listStaffInGroups, type StaffGroup, type StaffMember } from './domain/staff-groups.ts';
export { type PersonInput, syncPeople } from './domain/sync-people.ts';

const peopleExtras = z.object({
  kind: z.enum(['staff', 'pupil']).optional(),
  deactivateMissing: z.boolean().optional(),
});

export const directoryModule: BelfryModule = {
  name: 'directory',
  setupChecks: DIRECTORY_SETUP,
  routes: registerDirectoryRoutes,
  cli: (program, deps) => registerDirectoryCli(program, deps),
  importers: [
    {
      kind: 'people',
      description: 'Staff and pupils from a MIS export (CSV); columns matched by header',
      roles: IT_ROLES,
      accept: '.csv,text/csv',
      fields: PEOPLE_FIELDS,
      recognise: DIRECTORY_RECOGNISERS.people,
      run: (ctx, file, options, progress) => {
        const extras = parseInput(peopleExtras, options.extra ?? {});
        return importPeopleFile(
          ctx,
          file,
          {
            ...options,
            defaultKind: extras.kind,
            deactivateMissing: extras.deactivateMissing,
          },
          progress,
        );
      },
    },
    {
      kind: 'places',
      description: 'Buildings and rooms (CSV: school, building, building name, room, room name, floor)',
      roles: IT_ROLES,
      accept: '.csv,text/csv',
      recognise: DIRECTORY_RECOGNISERS.places,
      run: importPlacesFile,
    },
  ],
};
