import { parse as parseYaml } from 'yaml';
import { Invalid } from '../../../lib/errors.ts';
import type { EventRow } from '../db/detect-queries.ts';
import { inNetwork, parseNetwork } from '../domain/ip-networks.ts';
import { type Cond, evalCondition, parseCondition } from './sigma-condition.ts';
import { eventTexts, fieldGetter, fieldReads, KEYWORD_READS } from './sigma-fields.ts';
import { type Prefilter, sigmaPrefilter } from './sigma-prefilter.ts';

/**
 * The single-event subset of Sigma (research §3.3): maps (AND) and lists (OR), dotted fields
 * through the field map, case-insensitive values with * and ? wildcards, the modifiers below,
 * and the condition grammar. Anything else is refused with an error naming the rule.
 */

export type SigmaRule = {
  id: string;
  title: string;
  author: string;
  license: string;
  level: string;
  status: string | null;
  description: string | null;
  references: string[];
  origin: 'shipped' | 'school';
  /** The log it runs over: sign-in events, or Entra ID Protection risk detections (their Graph JSON). */
  log: SigmaLog;
  /** The event properties the rule reads. */
  reads: (keyof EventRow)[];
  match: (e: EventRow) => { matched: boolean; identifiers: string[] };
  /** What an event must at least have to match (sign-in rules; null: any event may). */
  prefilter: Prefilter | null;
};

export type SigmaLog = 'signins' | 'risk';

/**
 * The logs Belfry reads, as Sigma's logsource names them (SigmaHQ's taxonomy): a rule for any
 * other product, service or category is refused with the reason, whatever its fields or
 * keywords (a Cisco rule's keyword "dir" would otherwise match "Windows Azure Active Directory").
 */
export const SIGMA_LOGSOURCES: { product: string; service: string; log: SigmaLog; reads: string }[] = [
  { product: 'azure', service: 'signinlogs', log: 'signins', reads: 'Entra ID sign-ins' },
  { product: 'azure', service: 'riskdetection', log: 'risk', reads: 'Entra ID Protection risk detections' },
  { product: 'gcp', service: 'google_workspace.login', log: 'signins', reads: 'Google Workspace logins' },
];

/** The log a rule's logsource names, or why Belfry cannot run it. */
export function sigmaLogOf(logsource: unknown): { log: SigmaLog } | { reason: string } {
  const known = SIGMA_LOGSOURCES.map((l) => `${l.product}/${l.service} (${l.reads})`).join(', ');
  if (!logsource || typeof logsource !== 'object')
    return { reason: `has no logsource, so Belfry cannot tell which log it is for (Belfry reads ${known})` };
  const ls = logsource as Record<string, unknown>;
  const text = (k: string) => (typeof ls[k] === 'string' ? (ls[k] as string).trim().toLowerCase() : undefined);
  const [product, service, category] = [text('product'), text('service'), text('category')];
  const hit = SIGMA_LOGSOURCES.find((l) => l.product === product && l.service === service);
  const named = [product && `product ${product}`, service && `service ${service}`, category && `category ${category}`]
    .filter(Boolean)
    .join(', ');
  // A category narrows a log Belfry has no such part of (e.g. azure signinlogs has none).
  if (hit && !category) return { log: hit.log };
  return { reason: `is for a log Belfry does not read (${named || 'no product or service'}); Belfry reads ${known}` };
}

let log: SigmaLog = 'signins';

/** A risk detection's Graph JSON, found by a case-insensitive dotted path (location.countryOrRegion). */
function rawGetter(path: string): (e: EventRow) => unknown {
  const parts = path.toLowerCase().split('.');
  return (e) => {
    let at: unknown = (e as unknown as { raw?: unknown }).raw;
    for (const p of parts) {
      if (!at || typeof at !== 'object') return undefined;
      const key = Object.keys(at as object).find((k) => k.toLowerCase() === p);
      at = key === undefined ? undefined : (at as Record<string, unknown>)[key];
    }
    return at;
  };
}

/** Graph riskDetection properties a rule may name (learn.microsoft.com/graph/api/resources/riskdetection). */
const RISK_FIELDS = new Set(
  [
    'id',
    'requestId',
    'correlationId',
    'riskEventType',
    'riskType',
    'riskState',
    'riskLevel',
    'riskDetail',
    'source',
    'detectionTimingType',
    'activity',
    'tokenIssuerType',
    'ipAddress',
    'activityDateTime',
    'detectedDateTime',
    'lastUpdatedDateTime',
    'userId',
    'userDisplayName',
    'userPrincipalName',
    'additionalInfo',
    'location.city',
    'location.state',
    'location.countryOrRegion',
  ].map((f) => f.toLowerCase()),
);

function rawTexts(e: EventRow): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk((e as unknown as { raw?: unknown }).raw);
  return out;
}

let reading: Set<keyof EventRow> = new Set();

const SUPPORTED = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'neq',
  'cased',
]);
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

export class SigmaRuleError extends Invalid {
  /** The line in the rule's YAML where the problem is, when the YAML parser says. */
  line?: number;
}
/** A well-formed rule for a log Belfry does not read: not taken, with the reason. */
export class SigmaLogsourceError extends SigmaRuleError {}

type Test = (e: EventRow) => boolean;

function wildcardRegex(value: string, mode: 'eq' | 'contains' | 'startswith' | 'endswith', cased: boolean): RegExp {
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && i + 1 < value.length && '*?\\'.includes(value[i + 1] as string)) {
      body += (value[++i] as string).replace(/[\\*?]/, (c) => `\\${c}`);
    } else if (ch === '*') body += '.*';
    else if (ch === '?') body += '.';
    else body += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  const pre = mode === 'eq' || mode === 'startswith' ? '^' : '';
  const post = mode === 'eq' || mode === 'endswith' ? '$' : '';
  return new RegExp(`${pre}${body}${post}`, cased ? 's' : 'is');
}

function valueTest(raw: unknown, mods: string[], fail: (m: string) => never): (v: unknown) => boolean {
  if (raw === null) return (v) => v === null || v === undefined;
  const cased = mods.includes('cased');
  if (['gt', 'gte', 'lt', 'lte'].some((m) => mods.includes(m))) {
    const n = Number(raw);
    if (!Number.isFinite(n)) fail(`a numeric modifier needs a number, got "${String(raw)}"`);
    const m = mods.find((x) => ['gt', 'gte', 'lt', 'lte'].includes(x));
    return (v) => {
      const x = Number(v);
      if (v === null || v === undefined || v === '' || !Number.isFinite(x)) return false;
      return m === 'gt' ? x > n : m === 'gte' ? x >= n : m === 'lt' ? x < n : x <= n;
    };
  }
  if (mods.includes('re')) {
    const flags = `${mods.includes('i') ? 'i' : ''}${mods.includes('m') ? 'm' : ''}${mods.includes('s') ? 's' : ''}`;
    let re: RegExp;
    try {
      re = new RegExp(String(raw), flags);
    } catch (err) {
      fail(`bad regular expression: ${(err as Error).message}`);
    }
    return (v) => v !== null && v !== undefined && re.test(String(v));
  }
  if (mods.includes('cidr')) {
    return (v) => typeof v === 'string' && cidrContains(String(raw), v);
  }
  if (typeof raw === 'number' && !mods.some((m) => ['contains', 'startswith', 'endswith'].includes(m))) {
    return (v) => v !== null && v !== undefined && (Number(v) === raw || String(v) === String(raw));
  }
  const mode = mods.includes('contains')
    ? 'contains'
    : mods.includes('startswith')
      ? 'startswith'
      : mods.includes('endswith')
        ? 'endswith'
        : 'eq';
  const re = wildcardRegex(String(raw), mode, cased);
  return (v) => v !== null && v !== undefined && re.test(String(v));
}

function cidrContains(net: string, ip: string): boolean {
  try {
    return inNetwork(ip, parseNetwork(net));
  } catch {
    return false;
  }
}

function fieldTest(key: string, raw: unknown, fail: (m: string) => never): Test {
  const [field, ...mods] = key.split('|') as [string, ...string[]];
  for (const m of mods) if (!SUPPORTED.has(m)) fail(`unsupported modifier "${m}" on ${field}`);
  const get = log === 'risk' ? (RISK_FIELDS.has(field.toLowerCase()) ? rawGetter(field) : undefined) : fieldGetter(field);
  if (!get)
    fail(
      log === 'risk'
        ? `the field "${field}" is not a property of a Graph risk detection`
        : `the field "${field}" is not in the field map`,
    );
  if (log === 'signins') for (const r of fieldReads(field)) reading.add(r);
  if (mods.includes('exists')) {
    const want = raw === true || String(raw).toLowerCase() === 'true';
    return (e) => {
      const v = get(e);
      return (v !== null && v !== undefined && v !== '') === want;
    };
  }
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.some((v) => v !== null && typeof v === 'object'))
    fail(`the value of ${field} must be a string, number or list of them`);
  const tests = values.map((v) => valueTest(typeof v === 'boolean' ? String(v) : v, mods, fail));
  const neq = mods.includes('neq');
  const all = mods.includes('all');
  return (e) => {
    const v = get(e);
    const vals = Array.isArray(v) ? v : [v];
    const one = (t: (x: unknown) => boolean) => vals.some((x) => t(typeof x === 'boolean' ? String(x) : x));
    const ok = all ? tests.every(one) : tests.some(one);
    return neq ? !ok : ok;
  };
}

function searchTest(name: string, def: unknown, fail: (m: string) => never): Test {
  const f = (m: string) => fail(`${name}: ${m}`);
  if (Array.isArray(def)) {
    if (def.every((d) => d !== null && typeof d === 'object' && !Array.isArray(d))) {
      const maps = def.map((d, i) => searchTest(`${name}[${i}]`, d, fail));
      return (e) => maps.some((m) => m(e));
    }
    if (def.some((d) => d !== null && typeof d === 'object')) f('a list must hold only maps or only values');
    if (log === 'signins') for (const r of KEYWORD_READS) reading.add(r);
    const res = def.map((k) => wildcardRegex(String(k), 'contains', false));
    const texts = log === 'risk' ? rawTexts : eventTexts;
    return (e) => texts(e).some((t) => res.some((r) => r.test(t)));
  }
  if (def === null || typeof def !== 'object') f('a search identifier must be a map or a list');
  const tests = Object.entries(def as Record<string, unknown>).map(([k, v]) => fieldTest(k, v, f));
  return (e) => tests.every((t) => t(e));
}

export function compileSigmaRule(yamlText: string, origin: SigmaRule['origin'], source = 'rule'): SigmaRule {
  let doc: Record<string, unknown>;
  try {
    doc = parseYaml(yamlText) as Record<string, unknown>;
  } catch (err) {
    const e = new SigmaRuleError(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    const pos = (err as { linePos?: { line: number }[] }).linePos;
    if (pos?.[0]) e.line = pos[0].line;
    throw e;
  }
  if (!doc || typeof doc !== 'object') throw new SigmaRuleError(`${source}: not a Sigma rule`);
  const title = typeof doc.title === 'string' ? doc.title : undefined;
  const label = `Sigma rule "${title ?? source}"${typeof doc.id === 'string' ? ` (${doc.id})` : ''}`;
  const fail = (m: string): never => {
    throw new SigmaRuleError(`${label}: ${m}`);
  };
  if (!title) fail('has no title');
  if (typeof doc.id !== 'string' || !doc.id) fail('has no id');
  const source_ = sigmaLogOf(doc.logsource);
  if ('reason' in source_) throw new SigmaLogsourceError(`${label}: ${source_.reason}`);
  if ('correlation' in doc) fail('correlation rules are not supported; Belfry has its own detectors for counts and sequences');
  const detection = doc.detection as Record<string, unknown> | undefined;
  if (!detection || typeof detection !== 'object') fail('has no detection');
  const level = String(doc.level ?? 'medium').toLowerCase();
  if (!LEVELS.includes(level)) fail(`level "${level}" is not one of ${LEVELS.join(', ')}`);
  const { condition, timeframe, ...searches } = detection as Record<string, unknown>;
  if (timeframe !== undefined) fail('timeframe is not supported (single-event rules only)');
  const names = Object.keys(searches);
  reading = new Set();
  log = source_.log;
  const tests = new Map(names.map((n) => [n, searchTest(n, searches[n], fail)]));
  const reads = [...reading];
  const conditions = (Array.isArray(condition) ? condition : [condition]).map((c) => {
    if (typeof c !== 'string') fail('has no condition');
    return parseCondition(c as string, names, fail);
  });
  const root: Cond = conditions.length === 1 ? (conditions[0] as Cond) : { op: 'or', args: conditions };
  const author = typeof doc.author === 'string' && doc.author.trim() ? doc.author.trim() : 'unknown author';
  return {
    id: doc.id as string,
    title: title as string,
    author,
    license: typeof doc.license === 'string' ? doc.license : 'DRL-1.1',
    level,
    status: typeof doc.status === 'string' ? doc.status : null,
    description: typeof doc.description === 'string' ? doc.description.trim() : null,
    references: Array.isArray(doc.references) ? doc.references.map(String) : [],
    origin,
    log: source_.log,
    reads,
    prefilter: source_.log === 'signins' ? sigmaPrefilter(searches, root) : null,
    match: (e) => {
      const hits = new Map<string, boolean>();
      const hit = (n: string) => {
        let h = hits.get(n);
        if (h === undefined) {
          h = (tests.get(n) as Test)(e);
          hits.set(n, h);
        }
        return h;
      };
      const matched = evalCondition(root, hit);
      return { matched, identifiers: matched ? [...hits.entries()].filter(([, v]) => v).map(([k]) => k) : [] };
    },
  };
}
