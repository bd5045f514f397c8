import type { Cond } from './sigma-condition.ts';

/**
 * What a sign-in must at least have for a Sigma rule to match it, so that the scan asks the
 * database only for those sign-ins instead of moving every event of the period into JavaScript
 * (a fortnight is a million rows; the rules on by default match a handful). The prefilter may
 * let through more than the rule matches, never less: the rule itself still decides each event.
 *
 * Only the plainest tests narrow: a number equal to a numeric field, and a text without
 * wildcards, in printable ASCII, found anywhere in a text field (ASCII letters folded to lower
 * case, which is what a case-insensitive match of an ASCII text can match). Anything else (a
 * wildcard, a regular expression, a comparison, `exists`, `neq`, a keyword search, `not`) says
 * nothing, and a rule whose every branch says nothing has no prefilter: the scan reads the whole
 * period, as it did before.
 */

export type Prefilter =
  | { any: Prefilter[] }
  | { all: Prefilter[] }
  | { field: string; equals: number }
  | { field: string; contains: string };

/** Sigma fields that are plain numbers in the event (`ResultType` is the error code, 0 for a success). */
export const NUMERIC_FIELDS = new Set(['resulttype', 'autonomoussystemnumber']);
/** Sigma fields that are one text column, or a list of them (`Status`). */
export const TEXT_FIELDS = new Set([
  'resultdescription',
  'status',
  'authenticationrequirement',
  'authenticationprotocol',
  'clientapp',
  'clientappused',
  'useragent',
  'appdisplayname',
  'resourcedisplayname',
  'ipaddress',
  'userprincipalname',
  'username',
  'location',
  'conditionalaccessstatus',
  'riskstate',
  'eventname',
  'protopayload.metadata.event.eventname',
]);

const PLAIN = /^[\x20-\x7e]*$/;
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

function valuePrefilter(field: string, mods: string[], raw: unknown): Prefilter | null {
  if (raw === null || raw === undefined || typeof raw === 'object') return null;
  if (mods.some((m) => ['re', 'cidr', 'gt', 'gte', 'lt', 'lte'].includes(m))) return null;
  const textual = mods.some((m) => ['contains', 'startswith', 'endswith'].includes(m));
  if (typeof raw === 'number' && !textual) return NUMERIC_FIELDS.has(field) ? { field, equals: raw } : null;
  const text = typeof raw === 'number' ? String(raw) : String(raw);
  if (typeof raw === 'boolean' || !PLAIN.test(text) || /[*?\\]/.test(text)) return null;
  if (!TEXT_FIELDS.has(field) && !(NUMERIC_FIELDS.has(field) && /^-?\d+$/.test(text))) return null;
  return { field, contains: asciiLower(text) };
}

function fieldPrefilter(key: string, raw: unknown): Prefilter | null {
  const [name, ...mods] = key.split('|') as [string, ...string[]];
  if (mods.some((m) => m === 'exists' || m === 'neq')) return null;
  const field = name.toLowerCase();
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return null;
  const each = values.map((v) => valuePrefilter(field, mods, v));
  // `all` needs every value; any one of them is still a prefilter.
  if (mods.includes('all')) return each.find((p) => p !== null) ?? null;
  return each.some((p) => p === null) ? null : each.length === 1 ? (each[0] as Prefilter) : { any: each as Prefilter[] };
}

function searchPrefilter(def: unknown): Prefilter | null {
  if (Array.isArray(def)) {
    // A list of maps is any one of them; a list of values is a keyword search (no prefilter).
    if (def.length === 0 || !def.every((d) => d !== null && typeof d === 'object' && !Array.isArray(d))) return null;
    const each = def.map(searchPrefilter);
    return each.some((p) => p === null) ? null : { any: each as Prefilter[] };
  }
  if (def === null || typeof def !== 'object') return null;
  const parts = Object.entries(def as Record<string, unknown>)
    .map(([k, v]) => fieldPrefilter(k, v))
    .filter((p): p is Prefilter => p !== null);
  return parts.length === 0 ? null : parts.length === 1 ? (parts[0] as Prefilter) : { all: parts };
}

const allOf = (ps: (Prefilter | null)[]): Prefilter | null => {
  const kept = ps.filter((p): p is Prefilter => p !== null);
  return kept.length === 0 ? null : kept.length === 1 ? (kept[0] as Prefilter) : { all: kept };
};
const anyOf = (ps: (Prefilter | null)[]): Prefilter | null =>
  ps.length === 0 || ps.some((p) => p === null) ? null : ps.length === 1 ? (ps[0] as Prefilter) : { any: ps as Prefilter[] };

/** The prefilter of a sign-in rule, from its searches and its parsed condition (null: none). */
export function sigmaPrefilter(searches: Record<string, unknown>, root: Cond): Prefilter | null {
  const of = (name: string) => searchPrefilter(searches[name]);
  const walk = (c: Cond): Prefilter | null => {
    switch (c.op) {
      case 'id':
        return of(c.name);
      case 'and':
        return allOf(c.args.map(walk));
      case 'or':
        return anyOf(c.args.map(walk));
      case 'not':
        return null;
      case 'of':
        return c.quantifier === 'all' ? allOf(c.names.map(of)) : anyOf(c.names.map(of));
    }
  };
  return walk(root);
}
