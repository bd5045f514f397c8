import type { Db } from '../../../db/connect.ts';
import { type ApRow, insertAp, selectAps, updateAp } from '../db/ap-queries.ts';
import type { PlaceTree } from '../import/ap-inventory.ts';
import { bssidRule, normaliseMac } from './identifiers.ts';
import type { ApAlias } from './records.ts';

/**
 * Resolves the AP keys an import uses (a name, a MAC, a BSSID or a Meraki serial) to AP ids,
 * creating an AP for a key never seen before. In order: the key itself (MAC, name or serial); a
 * BSSID derived from a known AP's base MAC (bssidRule); another key the same file gives for the
 * same AP (an event's name beside its MAC, a RADIUS record's NAS-Identifier). Keys one record
 * names together make one new AP, not two. A new AP is placed by its name's prefix when that names
 * a building (SCI-AP-03 in SCI), so a school without an inventory still gets building findings.
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

/** How a key that is not an AP's own MAC, name or serial was matched, for the import's notes. */
export type ApMatchRule = 'bssid' | 'nas-identifier' | 'same-record';
export type ApMatch = { key: string; ap: string; rule: ApMatchRule };

const SERIAL = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/i;

export async function resolveApKeys(
  db: Db,
  keys: string[],
  places: PlaceTree,
  inferBuilding: boolean,
  now: Date,
  aliases: ApAlias[] = [],
  importId?: string,
): Promise<{ map: Map<string, number>; created: string[]; matched: ApMatch[]; renames: { id: number; name: string }[] }> {
  const aps = await selectAps(db);
  const byName = new Map(aps.map((a) => [a.name.toLowerCase(), a]));
  const byMac = new Map(aps.filter((a) => a.mac).map((a) => [a.mac as string, a]));
  const bySerial = new Map(aps.filter((a) => a.serial).map((a) => [(a.serial as string).toLowerCase(), a]));
  const withMac = aps.filter((a) => a.mac);

  const direct = (key: string): ApRow | undefined => {
    const mac = normaliseMac(key);
    return (mac && byMac.get(mac)) || byName.get(key.toLowerCase()) || bySerial.get(key.toLowerCase());
  };
  /** The one AP whose base MAC the BSSID derives from; none when two would fit. */
  const derived = (key: string): ApRow | undefined => {
    const mac = normaliseMac(key);
    if (!mac) return undefined;
    const fits = withMac.filter((a) => bssidRule(mac, a.mac as string));
    return fits.length === 1 ? fits[0] : undefined;
  };
  // Aliases are between keys as written; a MAC is one key however it is spelt.
  const canon = (k: string) => normaliseMac(k) ?? k;
  const others = new Map<string, ApAlias[]>();
  for (const a of aliases) {
    for (const [from, to] of [
      [canon(a.key), canon(a.other)],
      [canon(a.other), canon(a.key)],
    ] as const) {
      const list = others.get(from) ?? [];
      list.push({ ...a, key: from, other: to });
      others.set(from, list);
    }
  }

  const map = new Map<string, number>();
  const matched: ApMatch[] = [];
  // For a staged import (`importId`), renames wait for it to be published; new APs carry its id.
  const renames: { id: number; name: string }[] = [];
  const unresolved: string[] = [];
  for (const key of keys) {
    let ap = direct(key);
    let rule: ApMatchRule | undefined;
    if (!ap) {
      ap = derived(key);
      if (ap) rule = 'bssid';
    }
    if (!ap) {
      for (const alias of others.get(canon(key)) ?? []) {
        const hit = direct(alias.other) ?? derived(alias.other);
        if (hit) {
          ap = hit;
          rule = alias.via === 'NAS-Identifier' ? 'nas-identifier' : 'same-record';
          break;
        }
      }
    }
    if (ap) {
      map.set(key, ap.id);
      let label = ap.name;
      // An AP first seen by its MAC takes the name the file gives it.
      if (rule === 'same-record' && ap.name === ap.mac) {
        const name = (others.get(canon(key)) ?? []).map((x) => x.other).find((o) => !normaliseMac(o) && !SERIAL.test(o));
        const named = name ?? (!normaliseMac(key) && !SERIAL.test(key) ? key : undefined);
        if (named && !byName.has(named.toLowerCase())) {
          if (importId) renames.push({ id: ap.id, name: named });
          else await updateAp(db, ap.id, { name: named });
          byName.delete(ap.name.toLowerCase());
          label = `${named} (until now named ${ap.name})`;
          ap.name = named;
          byName.set(named.toLowerCase(), ap);
        }
      }
      if (rule) matched.push({ key, ap: label, rule });
    } else unresolved.push(key);
  }

  // Keys never seen before: those one record names together are one AP.
  const spellings = new Map<string, string[]>();
  for (const key of unresolved) spellings.set(canon(key), [...(spellings.get(canon(key)) ?? []), key]);
  const group = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const key of unresolved) {
    if (seen.has(canon(key))) continue;
    const members: string[] = [];
    const stack = [canon(key)];
    while (stack.length) {
      const k = stack.pop() as string;
      if (seen.has(k)) continue;
      seen.add(k);
      members.push(k, ...(spellings.get(k) ?? []).filter((x) => x !== k));
      for (const a of others.get(k) ?? []) if (a.via === 'same-record' && !seen.has(a.other)) stack.push(a.other);
    }
    group.set(key, members);
  }
  const created: string[] = [];
  for (const members of group.values()) {
    // Two spellings of one MAC are two keys: the second finds the AP the first created.
    let ap = members.map(direct).find((a) => a !== undefined);
    if (!ap) {
      const macKey = members.find((m) => normaliseMac(m));
      const serialKey = members.find((m) => !normaliseMac(m) && SERIAL.test(m));
      const nameKey = members.find((m) => !normaliseMac(m) && !SERIAL.test(m)) ?? serialKey ?? (macKey as string);
      const mac = macKey ? normaliseMac(macKey) : undefined;
      const place = inferBuilding ? buildingByPrefix(nameKey, places) : undefined;
      ap = await insertAp(db, {
        name: normaliseMac(nameKey) ?? nameKey,
        mac: mac ?? null,
        serial: serialKey ?? null,
        schoolId: place?.s.schoolId ?? null,
        schoolCode: place?.s.schoolCode ?? null,
        buildingId: place?.b.id ?? null,
        buildingCode: place?.b.code ?? null,
        buildingName: place?.b.name ?? null,
        firstSeen: now,
        createdByImport: importId ?? null,
      });
      byName.set(ap.name.toLowerCase(), ap);
      if (ap.mac) byMac.set(ap.mac, ap);
      if (ap.serial) bySerial.set(ap.serial.toLowerCase(), ap);
      created.push(ap.name);
    }
    for (const m of members) map.set(m, ap.id);
  }
  return { map, created, matched, renames };
}
