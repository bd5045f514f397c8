import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { readCsvFile, resolveColumns } from '../../../lib/csv.ts';
import { ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { recordAudit } from '../../audit/index.ts';
import { selectBuildings, selectRooms, upsertBuilding, upsertRoom } from '../db/directory-queries.ts';
import { listSchools, matchSchool, unknownSchoolMessage } from './schools.ts';

/**
 * Buildings and rooms from a CSV: `school, building, building name, room, room name, floor`.
 * A row without a room only names the building. Codes are the keys; names may change.
 */
const FIELDS = {
  school: ['school', 'site'],
  building: ['building', 'building code'],
  buildingName: ['building name'],
  room: ['room', 'room code'],
  roomName: ['room name'],
  floor: ['floor', 'level'],
} as const;

type PlaceRow = {
  line: number;
  schoolId: string;
  building: string;
  buildingName: string;
  room: string;
  roomName: string;
  floor: string | null;
};

export async function importPlacesFile(
  ctx: Ctx,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  requireRole(ctx, 'admin', 'it');
  const name = options.fileName ?? file.split('/').pop() ?? file;
  const table = await readCsvFile(file, name);
  const { columns, unknownMapped } = resolveColumns(table.headers, FIELDS, options.mapping);
  if (unknownMapped.length || columns.school === undefined || columns.building === undefined) {
    throw new ImportRejected([
      {
        file: name,
        line: 1,
        message: `needs columns school and building (found: ${table.headers.join(', ')})`,
      },
    ]);
  }
  const schools = await listSchools(ctx);
  const problems: RowProblem[] = [];
  const rows: PlaceRow[] = [];
  for (const r of table.rows) {
    const get = (f: keyof typeof FIELDS) => (columns[f] === undefined ? '' : (r.values[columns[f] as number] ?? '').trim());
    const school = matchSchool(schools, get('school'));
    if (!school) {
      problems.push({
        file: name,
        line: r.line,
        field: 'school',
        message: unknownSchoolMessage(schools, get('school')),
      });
      continue;
    }
    const building = get('building');
    if (!building) {
      problems.push({
        file: name,
        line: r.line,
        field: 'building',
        message: 'is empty',
      });
      continue;
    }
    rows.push({
      line: r.line,
      schoolId: school.id,
      building,
      buildingName: get('buildingName') || building,
      room: get('room'),
      roomName: get('roomName') || get('room'),
      floor: get('floor') || null,
    });
  }
  if (problems.length && !options.skipInvalid) throw new ImportRejected(problems);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  await inTransaction(ctx.db, options, async (db) => {
    const buildings = await selectBuildings(db);
    const rooms = await selectRooms(db);
    const buildingIds = new Map(buildings.map((b) => [`${b.schoolId}|${b.code}`, b]));
    for (const [i, row] of rows.entries()) {
      const key = `${row.schoolId}|${row.building}`;
      let b = buildingIds.get(key);
      if (!b || b.name !== row.buildingName) {
        if (!row.room) counts[b ? 'updated' : 'created']++;
        b = await upsertBuilding(db, {
          id: b?.id ?? newId(),
          schoolId: row.schoolId,
          code: row.building,
          name: row.buildingName,
        });
        buildingIds.set(key, b);
      } else if (!row.room) counts.unchanged++;
      if (row.room) {
        const existing = rooms.find((x) => x.buildingId === b.id && x.code === row.room);
        if (existing && existing.name === row.roomName && existing.floor === row.floor) counts.unchanged++;
        else {
          await upsertRoom(db, {
            id: existing?.id ?? newId(),
            buildingId: b.id,
            code: row.room,
            name: row.roomName,
            floor: row.floor,
          });
          counts[existing ? 'updated' : 'created']++;
        }
      }
      if (i % 100 === 0) progress(i, rows.length);
    }
    await recordAudit(
      { ...ctx, db },
      {
        action: 'directory.import',
        summary: `Imported places from ${name}: ${counts.created} new, ${counts.updated} changed`,
        targetType: 'import',
      },
    );
  });
  progress(rows.length, rows.length);
  return {
    kind: 'places',
    file: name,
    rowsIn: table.rows.length,
    ...counts,
    rejected: problems.length,
    problems,
    dryRun: options.dryRun,
  };
}
