import { z } from 'zod';
import type { SettingDefinition } from '../../../lib/module.ts';

/**
 * How Settings shows a setting, worked out from its schema (and the hints its definition
 * carries), so the page is driven by the definitions: a switch, a number with its limits, a
 * choice, a list of addresses or networks, a table of fields, rows, or (last resort) JSON.
 */
export type SettingControl =
  | { kind: 'switch' }
  | { kind: 'number'; integer: boolean; min: number | null; max: number | null; unit: string | null }
  | { kind: 'choice'; options: { value: string; label: string }[] }
  | { kind: 'text'; placeholder: string | null }
  | { kind: 'list'; item: 'email' | 'network' | 'text' | 'number' | 'choice'; options: { value: string; label: string }[] | null }
  | { kind: 'fields'; fields: { key: string; label: string; control: SettingControl }[] }
  | { kind: 'keyed'; keys: { value: string; label: string }[] | null; value: SettingControl }
  | { kind: 'rows'; fields: { key: string; label: string; control: SettingControl }[] }
  | { kind: 'json' };

type Json = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: Json;
  properties?: Record<string, Json>;
  additionalProperties?: Json | boolean;
  propertyNames?: Json;
  anyOf?: Json[];
};

const ACRONYMS = new Set(['ip', 'asn', 'mfa', 'sla', 'km', 'kmh', 'mb', 'ms', 'rssi', 'dsl', 'it', 'slt', 'url']);

/** `successWithinMinutes` -> "Success within minutes"; `bruteForce` -> "Brute force". */
export function wordsOf(key: string): string {
  const text = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()))
    .join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const optionsOf = (values: unknown[], labels?: Record<string, string>) =>
  values.map((v) => ({ value: String(v), label: labels?.[String(v)] ?? wordsOf(String(v)) }));

/** zod gives an integer the safe-integer limits: those are no limit to a person. */
const bound = (n: number | undefined) => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? null : n);

function controlOf(s: Json, hints: SettingHints): SettingControl {
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (s.enum) return { kind: 'choice', options: optionsOf(s.enum, hints.optionLabels) };
  if (type === 'boolean') return { kind: 'switch' };
  if (type === 'number' || type === 'integer')
    return {
      kind: 'number',
      integer: type === 'integer',
      min: bound(s.minimum ?? s.exclusiveMinimum),
      max: bound(s.maximum),
      unit: hints.unit ?? null,
    };
  if (type === 'string') return { kind: 'text', placeholder: hints.placeholder ?? null };
  if (type === 'array' && s.items) {
    const item = s.items;
    const itemType = Array.isArray(item.type) ? item.type[0] : item.type;
    if (itemType === 'object' && item.properties) return { kind: 'rows', fields: fieldsOf(item, hints) };
    if (item.enum) return { kind: 'list', item: 'choice', options: optionsOf(item.enum, hints.optionLabels) };
    if (hints.item === 'network') return { kind: 'list', item: 'network', options: null };
    if (item.format === 'email') return { kind: 'list', item: 'email', options: null };
    if (itemType === 'number' || itemType === 'integer') return { kind: 'list', item: 'number', options: null };
    return { kind: 'list', item: 'text', options: null };
  }
  if (type === 'object' && s.properties && Object.keys(s.properties).length)
    return { kind: 'fields', fields: fieldsOf(s, hints) };
  if (type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')
    return {
      kind: 'keyed',
      keys: s.propertyNames?.enum ? optionsOf(s.propertyNames.enum, hints.optionLabels) : null,
      value: controlOf(s.additionalProperties, hints),
    };
  return { kind: 'json' };
}

function fieldsOf(s: Json, hints: SettingHints) {
  return Object.entries(s.properties ?? {}).map(([key, p]) => ({
    key,
    label: hints.fieldLabels?.[key] ?? wordsOf(key),
    control: controlOf(p, { ...hints, unit: hints.fieldUnits?.[key] ?? unitFromKey(key) }),
  }));
}

const unitFromKey = (key: string): string | undefined =>
  /Minutes$/.test(key)
    ? 'minutes'
    : /Hours$/.test(key)
      ? 'hours'
      : /Days$/.test(key)
        ? 'days'
        : /Km$/.test(key)
          ? 'km'
          : /Kmh$/.test(key)
            ? 'km/h'
            : undefined;

/** What a definition may say about how it is shown; everything is optional. */
export type SettingHints = {
  /** The list holds networks (addresses or CIDR ranges), not free text. */
  item?: 'network';
  unit?: string;
  placeholder?: string;
  optionLabels?: Record<string, string>;
  fieldLabels?: Record<string, string>;
  fieldUnits?: Record<string, string>;
};

export function describeControl(def: SettingDefinition<unknown>): SettingControl {
  try {
    const json = z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' }) as Json;
    return controlOf(json, { ...def.ui, unit: def.ui?.unit ?? unitFromKey(def.key) });
  } catch {
    return { kind: 'json' };
  }
}
