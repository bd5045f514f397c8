import { readCsvFile, resolveColumns } from '../../../lib/csv.ts';
import { ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import { unknownSchoolMessage } from '../../directory/index.ts';
import { normaliseMac } from '../domain/identifiers.ts';

/**
 * The access-point inventory: `ap,mac,school,building,floor,room` (and optionally `serial`),
 * matched to the directory's schools, buildings and rooms by code or name.
 */

export const AP_FIELDS = {
  ap: ['ap', 'name', 'ap name', 'access point'],
  mac: ['mac', 'ap mac', 'mac address'],
  serial: ['serial', 'serial number'],
  school: ['school', 'site'],
  building: ['building', 'building code'],
  floor: ['floor', 'level'],
  room: ['room', 'room code', 'location'],
} as const;

export type PlaceTree = {
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  buildings: {
    id: string;
    code: string;
    name: string;
    rooms: { id: string; code: string; name: string; floor: string | null }[];
  }[];
}[];

export type InventoryRow = {
  line: number;
  name: string;
  mac: string | null;
  serial: string | null;
  schoolId: string;
  schoolCode: string;
  buildingId: string;
  buildingCode: string;
  buildingName: string;
  roomId: string | null;
  roomCode: string | null;
  floor: string | null;
};

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export async function readApInventory(
  path: string,
  file: string,
  places: PlaceTree,
  mapping: Record<string, string> = {},
): Promise<{ rows: InventoryRow[]; problems: RowProblem[]; rowsIn: number }> {
  const table = await readCsvFile(path, file);
  const { columns, unknownMapped } = resolveColumns(table.headers, AP_FIELDS, mapping);
  if (columns.ap === undefined || columns.building === undefined || unknownMapped.length)
    throw new ImportRejected([
      {
        file,
        line: 1,
        message: `needs columns ap and building (and mac, school, floor, room); found: ${table.headers.join(', ')}`,
      },
    ]);
  const problems: RowProblem[] = [];
  const rows: InventoryRow[] = [];
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const get = (f: keyof typeof AP_FIELDS) => (columns[f] === undefined ? '' : (r.values[columns[f]] ?? '').trim());
    const bad = (field: string, message: string) => problems.push({ file, line: r.line, field, message });
    const name = get('ap');
    if (!name) {
      bad('ap', 'is empty');
      continue;
    }
    const earlier = seen.get(name.toLowerCase());
    if (earlier) {
      bad('ap', `"${name}" is already on line ${earlier}`);
      continue;
    }
    seen.set(name.toLowerCase(), r.line);
    const macText = get('mac');
    const mac = macText ? normaliseMac(macText) : undefined;
    if (macText && !mac) {
      bad('mac', `"${macText}" is not a MAC address`);
      continue;
    }
    const schoolText = get('school');
    const schools = schoolText ? places.filter((s) => same(s.schoolCode, schoolText) || same(s.schoolName, schoolText)) : places;
    if (schoolText && schools.length === 0) {
      bad(
        'school',
        unknownSchoolMessage(
          places.map((p) => ({ code: p.schoolCode })),
          schoolText,
        ),
      );
      continue;
    }
    const buildingText = get('building');
    const matches = schools.flatMap((s) =>
      s.buildings.filter((b) => same(b.code, buildingText) || same(b.name, buildingText)).map((b) => ({ s, b })),
    );
    if (matches.length !== 1) {
      bad(
        'building',
        matches.length ? `"${buildingText}" is in more than one school: add the school` : `unknown building "${buildingText}"`,
      );
      continue;
    }
    const { s, b } = matches[0] as (typeof matches)[number];
    const roomText = get('room');
    const room = roomText ? b.rooms.find((x) => same(x.code, roomText) || same(x.name, roomText)) : undefined;
    if (roomText && !room) {
      bad('room', `unknown room "${roomText}" in ${b.name}`);
      continue;
    }
    rows.push({
      line: r.line,
      name,
      mac: mac ?? null,
      serial: get('serial') || null,
      schoolId: s.schoolId,
      schoolCode: s.schoolCode,
      buildingId: b.id,
      buildingCode: b.code,
      buildingName: b.name,
      roomId: room?.id ?? null,
      roomCode: room?.code ?? null,
      floor: get('floor') || room?.floor || null,
    });
  }
  return { rows, problems, rowsIn: table.rows.length };
}
