import { sql } from 'drizzle-orm';
import type { SetupCheck } from '../../../lib/module.ts';
import { countRows } from '../../../lib/setup-count.ts';

/** First run: the schools, their buildings and rooms, and the people (staff and pupils). */
export const DIRECTORY_SETUP: SetupCheck[] = [
  {
    id: 'schools',
    label: 'Schools',
    order: 10,
    load: async (ctx) => {
      const n = await countRows(ctx.db, sql`SELECT count(*) FROM directory_schools`);
      return {
        done: n > 0,
        detail: n
          ? `${n} school${n === 1 ? '' : 's'}`
          : 'No schools yet: every import of places, people and access points names one',
        how: 'Settings, Schools, or `belfry school add --code senior --name "Oakfield Senior School" --phase senior`',
        link: '/settings/schools',
      };
    },
  },
  {
    id: 'places',
    label: 'Buildings and rooms',
    order: 20,
    load: async (ctx) => {
      const b = await countRows(ctx.db, sql`SELECT count(*) FROM directory_buildings`);
      const r = await countRows(ctx.db, sql`SELECT count(*) FROM directory_rooms`);
      return {
        done: b > 0,
        detail: b ? `${b} building${b === 1 ? '' : 's'}, ${r} room${r === 1 ? '' : 's'}` : 'No buildings yet',
        how: '`belfry import places places.csv` (school, building, building name, room, room name, floor)',
        link: '/people',
      };
    },
  },
  {
    id: 'people',
    label: 'Staff and pupils',
    order: 30,
    load: async (ctx) => {
      const staff = await countRows(ctx.db, sql`SELECT count(*) FROM directory_people WHERE kind = 'staff' AND is_active`);
      const pupils = await countRows(ctx.db, sql`SELECT count(*) FROM directory_people WHERE kind = 'pupil' AND is_active`);
      return {
        done: staff > 0 && pupils > 0,
        detail:
          staff + pupils
            ? `${staff.toLocaleString('en-GB')} staff, ${pupils.toLocaleString('en-GB')} pupil${pupils === 1 ? '' : 's'}${staff && pupils ? '' : ` (no ${staff ? 'pupils' : 'staff'} yet)`}`
            : 'No people yet',
        how: '`belfry import people staff.csv --kind staff` and the pupils from the MIS export (People, Import)',
        link: '/people',
      };
    },
  },
];
