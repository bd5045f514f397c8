import type { Db } from '../../../db/connect.ts';
import { type ApRow, insertAp, selectAps } from '../db/ap-queries.ts';
import type { PlaceTree } from '../import/ap-inventory.ts';
import { normaliseMac } from './identifiers.ts';

/**
 * Resolves the AP keys an import uses (a name, a MAC or a Meraki serial) to AP ids, creating an
 * AP for a key never seen before. A new AP is placed by its name's prefix when that names a
 * building (SCI-AP-03 in SCI), so a school without an inventory still gets building findings.
 */

export function buildingByPrefix(
  name: string,
  places: PlaceTree,
): { s: PlaceTree[number]; b: PlaceTree[number]['buildings'][number] } | undefined {
  const head = name.split(/[-_ .]/)[0]?.toLowerCase();
  if (!head) return undefined;
  for (const s of places) {
    const b = s.buildings.find((x) => x.code.toLowerCase() === head);
    if (b) return { s, b };
  }
  return undefined;
}

export async function resolveApKeys(
  db: Db,
  keys: string[],
  places: PlaceTree,
  inferBuilding: boolean,
  now: Date,
): Promise<{ map: Map<string, number>; created: string[] }> {
  const aps = await selectAps(db);
  const byName = new Map(aps.map((a) => [a.name.toLowerCase(), a]));
  const byMac = new Map(aps.filter((a) => a.mac).map((a) => [a.mac as string, a]));
  const bySerial = new Map(aps.filter((a) => a.serial).map((a) => [(a.serial as string).toLowerCase(), a]));
  const map = new Map<string, number>();
  const created: string[] = [];
  for (const key of keys) {
    const mac = normaliseMac(key);
    let ap: ApRow | undefined = (mac && byMac.get(mac)) || byName.get(key.toLowerCase()) || bySerial.get(key.toLowerCase());
    if (!ap) {
      const place = inferBuilding ? buildingByPrefix(key, places) : undefined;
      ap = await insertAp(db, {
        name: mac ?? key,
        mac: mac ?? null,
        serial: !mac && /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/i.test(key) ? key : null,
        schoolId: place?.s.schoolId ?? null,
        schoolCode: place?.s.schoolCode ?? null,
        buildingId: place?.b.id ?? null,
        buildingCode: place?.b.code ?? null,
        buildingName: place?.b.name ?? null,
        firstSeen: now,
      });
      byName.set(ap.name.toLowerCase(), ap);
      if (ap.mac) byMac.set(ap.mac, ap);
      if (ap.serial) bySerial.set(ap.serial.toLowerCase(), ap);
      created.push(ap.name);
    }
    map.set(key, ap.id);
  }
  return { map, created };
}
