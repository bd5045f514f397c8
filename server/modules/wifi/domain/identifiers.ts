import { zonedToUtc } from '../../../lib/zoned-time.ts';

/** MAC addresses, AP keys, 802.1X identities and timestamps as the vendors write them. */

const MAC = /^([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})[-:.]?([0-9a-f]{2})$/i;
const MAC_CISCO = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i;

/** 'AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff', 'aabbccddeeff' -> 'aa:bb:cc:dd:ee:ff'; undefined if not a MAC. */
export function normaliseMac(text: string | undefined | null): string | undefined {
  if (!text) return undefined;
  const t = text.trim().replace(/^"|"$/g, '');
  const cisco = MAC_CISCO.exec(t);
  const hex = cisco ? cisco.slice(1).join('') : MAC.exec(t)?.slice(1).join('');
  if (!hex) return undefined;
  return hex.toLowerCase().match(/../g)?.join(':');
}

/**
 * A locally administered ("private", randomised) address has the 0x02 bit of the first octet
 * set: its second hex digit is 2, 6, A or E (iOS 14+, Android 10+, Windows per-network addresses).
 */
export function isRandomisedMac(mac: string): boolean {
  const second = Number.parseInt(mac.charAt(1), 16);
  return Number.isFinite(second) && (second & 0x2) === 0x2;
}

/**
 * Called-Station-Id: the AP's MAC (or BSSID) and, after a colon, the SSID (RFC 3580 §3.20). Vendors
 * write `00-10-A4-23-19-C0:Staff`, `00:10:a4:23:19:c0:Staff`, or the MAC alone; a controller set to
 * send the AP's name (Cisco's "AP Name:SSID" call-station-id type) writes `LIB-AP03:Staff`.
 */
export function splitCalledStation(text: string): { apMac?: string; apName?: string; ssid?: string } {
  const t = text.trim().replace(/^"|"$/g, '');
  const m = /^((?:[0-9a-f]{2}[-:.]?){5}[0-9a-f]{2})(?::(.*))?$/i.exec(t);
  if (m) return { apMac: normaliseMac(m[1]), ssid: m[2]?.trim() || undefined };
  if (!t) return {};
  const colon = t.indexOf(':');
  if (colon < 0) return { apName: t };
  return { apName: t.slice(0, colon).trim() || undefined, ssid: t.slice(colon + 1).trim() || undefined };
}

const macBytes = (mac: string): number[] => mac.split(':').map((h) => Number.parseInt(h, 16));

/**
 * How a BSSID (the address of one SSID on one radio) comes from an AP's base MAC, by the rules the
 * controllers document; undefined if it does not. `first-octet`: UniFi (every SSID after the first
 * sets the U/L bit, bit 1 of the first octet, and steps the octet's top four bits) and Meraki (the
 * first octet, locally administered, varies per SSID; the third octet's top bits by band); the
 * other octets are the base MAC's. `last-bits`: Cisco, Aruba
 * Instant, Juniper/Trapeze and others (a block of up to 16 addresses after the base: the last
 * octet's low bits vary, the U/L bit may be set).
 */
export function bssidRule(bssid: string, base: string): 'same' | 'first-octet' | 'last-bits' | undefined {
  if (bssid === base) return 'same';
  const b = macBytes(bssid);
  const m = macBytes(base);
  if (b.length !== 6 || m.length !== 6) return undefined;
  const [b0, b1, b2, b3, b4, b5] = b as [number, number, number, number, number, number];
  const [m0, m1, m2, m3, m4, m5] = m as [number, number, number, number, number, number];
  if (
    (b0 & 0x02) === 0x02 &&
    (b0 & 0x01) === (m0 & 0x01) &&
    b1 === m1 &&
    (b2 & 0x0f) === (m2 & 0x0f) &&
    b3 === m3 &&
    b4 === m4 &&
    b5 === m5
  )
    return 'first-octet';
  if ((b0 & ~0x02) === (m0 & ~0x02) && b1 === m1 && b2 === m2 && b3 === m3 && b4 === m4) {
    const d = b5 - m5;
    if (b5 >> 4 === m5 >> 4 || (d > 0 && d < 16)) return 'last-bits';
  }
  return undefined;
}

/**
 * The 802.1X identity as a directory key: lower case, without a Windows domain prefix
 * (`OAKFIELD\jsmith`) or an anonymous outer identity; machine accounts (`host/...`) are no person.
 */
export function normaliseIdentity(text: string | undefined | null): string | undefined {
  if (!text) return undefined;
  let t = text.trim().replace(/^"|"$/g, '').toLowerCase();
  if (!t || t.startsWith('host/') || t.startsWith('anonymous')) return undefined;
  const slash = t.lastIndexOf('\\');
  if (slash >= 0) t = t.slice(slash + 1);
  return t || undefined;
}

/** The e-mail address an identity stands for, by the school's rule ('{user}@school.example'). */
export function identityToEmail(identity: string, template: string): string | undefined {
  if (identity.includes('@')) return identity;
  if (!template.includes('{user}')) return undefined;
  return template.replace('{user}', identity);
}

/**
 * Timestamps: ISO 8601 with an offset or Z; epoch seconds or milliseconds; or a local date-time
 * without offset ('2026-11-17 10:04:05'), read in the school's time zone.
 */
export function parseTimestamp(value: unknown, timeZone: string): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value > 1e12 ? value : value * 1000);
  if (typeof value !== 'string') return undefined;
  // The common case first: ISO 8601 with Z or an offset (controller exports, the generic CSV).
  if (value.length >= 20 && value.charCodeAt(10) === 84 && (value.endsWith('Z') || /[+-]\d\d:\d\d$/.test(value))) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  const t = value.trim();
  if (!t) return undefined;
  if (/^\d{9,13}(\.\d+)?$/.test(t)) return parseTimestamp(Number(t), timeZone);
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?$/.exec(t);
  if (local) {
    const base = zonedToUtc(local[1] as string, local[2] as string, timeZone);
    const fraction = local[3] ? Math.round(Number(local[3]) * 1000) : 0;
    return new Date(base.getTime() + fraction);
  }
  // PostgreSQL writes '+00' as the offset; Date wants '+00:00'.
  const iso = t.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** '2.4', '5' or '6' from a UniFi radio ('ng', 'na', '6e'), a channel, or a band text. */
export function normaliseBand(value: unknown): string {
  if (value === undefined || value === null) return '';
  const t = String(value).trim().toLowerCase();
  if (!t) return '';
  if (['ng', 'g', 'b', '2.4', '2.4ghz', '2', '24'].includes(t) || t.startsWith('2.4')) return '2.4';
  if (['na', 'a', 'ac', 'ax', '5', '5ghz'].includes(t) || t.startsWith('5')) return '5';
  if (['6e', '6', '6ghz'].includes(t) || t.startsWith('6')) return '6';
  return t.slice(0, 10);
}
