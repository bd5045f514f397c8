import type { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import type { SettingDefinition } from '../../../lib/module.ts';
import { recordAudit } from '../../audit/index.ts';
import { deleteSettingValue, selectSettingValue, selectSettingValues, upsertSettingValue } from '../db/settings-queries.ts';
import { describeControl, type SettingControl, wordsOf } from './setting-control.ts';

/** Declares a setting; modules export these and list them on their BelfryModule. */
export function defineSetting<T>(def: SettingDefinition<T>): SettingDefinition<T> {
  return def;
}

/** A comma-separated list on the command line; a JSON array also works. */
export const listFromText = (text: string): unknown => {
  const t = text.trim();
  if (t.startsWith('[')) return JSON.parse(t);
  return t === ''
    ? []
    : t
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
};

function fromText(def: SettingDefinition<unknown>, text: string): unknown {
  if (def.fromText) return def.fromText(text);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads a setting's value, falling back to its default (also when the stored value no longer fits). */
export async function getSetting<T>(ctx: Ctx, def: SettingDefinition<T>): Promise<T> {
  const stored = await selectSettingValue(ctx.db, def.key);
  if (stored === undefined) return def.defaultValue;
  const parsed = def.schema.safeParse(stored);
  if (!parsed.success) {
    ctx.log.warn({ key: def.key }, 'stored setting no longer valid; using its default');
    return def.defaultValue;
  }
  return parsed.data;
}

/** Several settings' values in one query, in the order given (each as getSetting would read it). */
export async function getSettings<T>(ctx: Ctx, defs: readonly SettingDefinition<T>[]): Promise<T[]> {
  const stored = await selectSettingValues(
    ctx.db,
    defs.map((d) => d.key),
  );
  return defs.map((def) => {
    const raw = stored.get(def.key);
    if (raw === undefined) return def.defaultValue;
    const parsed = def.schema.safeParse(raw);
    if (!parsed.success) {
      ctx.log.warn({ key: def.key }, 'stored setting no longer valid; using its default');
      return def.defaultValue;
    }
    return parsed.data;
  });
}

/** The heading each module's settings sit under, by the key's first part. */
export const SETTING_GROUPS: Record<string, string> = {
  school: 'School',
  auth: 'Sign-in',
  calendar: 'Calendar',
  helpdesk: 'Help desk',
  security: 'Account security',
  surveys: 'Surveys',
  wifi: 'Wi-Fi',
  phishing: 'Phishing simulations',
  briefings: 'Weekly briefing',
  reports: 'Termly report',
};

export const groupOf = (key: string): string => {
  const prefix = key.split('.')[0] ?? key;
  return SETTING_GROUPS[prefix] ?? wordsOf(prefix);
};

/** The setting as people read it: "Team leads' email addresses (Help desk)". */
export const settingLabel = (def: SettingDefinition<unknown>): string =>
  def.label ?? wordsOf(def.key.split('.').slice(1).join(' ') || def.key);

export type SettingView = {
  key: string;
  label: string;
  group: string;
  description: string;
  control: SettingControl;
  value: unknown;
  defaultValue: unknown;
  isDefault: boolean;
};

const viewOf = (def: SettingDefinition<unknown>, value: unknown, isDefault: boolean): SettingView => ({
  key: def.key,
  label: settingLabel(def),
  group: groupOf(def.key),
  description: def.description,
  control: describeControl(def),
  value,
  defaultValue: def.defaultValue,
  isDefault,
});

export async function listSettings(ctx: Ctx, defs: readonly SettingDefinition<unknown>[]): Promise<SettingView[]> {
  requireRole(ctx, 'admin', 'it');
  const stored = await selectSettingValues(
    ctx.db,
    defs.map((d) => d.key),
  );
  return defs.map((d) => {
    const raw = stored.get(d.key);
    const parsed = raw === undefined ? undefined : d.schema.safeParse(raw);
    return viewOf(d, parsed?.success ? parsed.data : d.defaultValue, !parsed?.success);
  });
}

function findDefinition(defs: readonly SettingDefinition<unknown>[], key: string): SettingDefinition<unknown> {
  const def = defs.find((d) => d.key === key);
  if (!def) {
    const known = defs.map((d) => d.key).join(', ');
    throw new NotFound(`There is no setting called "${key}". Known settings: ${known}`);
  }
  return def;
}

/** `entry 2 ("198.51.100.0/33"): must be an IP address or CIDR network`, one part per problem. */
function describeIssues(error: z.ZodError, value: unknown): string {
  return error.issues
    .map((issue) => {
      let at = value;
      const where = issue.path.map((p) => {
        at = at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined;
        return typeof p === 'number' ? `entry ${p + 1}` : String(p);
      });
      const shown = issue.path.length && (typeof at === 'string' || typeof at === 'number') ? ` (${JSON.stringify(at)})` : '';
      return where.length ? `${where.join(', ')}${shown}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Sets a setting from a value (HTTP) or from text (CLI). Admin only; audited. */
export async function setSetting(
  ctx: Ctx,
  defs: readonly SettingDefinition<unknown>[],
  key: string,
  input: { value: unknown } | { text: string },
): Promise<SettingView> {
  requireRole(ctx, 'admin');
  const def = findDefinition(defs, key);
  let candidate: unknown;
  try {
    candidate = 'text' in input ? fromText(def, input.text) : input.value;
  } catch (err) {
    throw new Invalid(`${key}: ${(err as Error).message}`);
  }
  const parsed = def.schema.safeParse(candidate);
  if (!parsed.success) {
    throw new Invalid(`${key}: ${describeIssues(parsed.error, candidate)}`);
  }
  const before = await getSetting(ctx, def);
  const actor = ctx.actor?.kind === 'user' ? ctx.actor.email : (ctx.actor?.name ?? 'system');
  await upsertSettingValue(ctx.db, key, parsed.data, actor, ctx.clock.now());
  await recordAudit(ctx, {
    action: 'settings.set',
    summary: `Changed setting: ${settingLabel(def)} (${groupOf(key)})`,
    targetType: 'setting',
    targetId: key,
    details: { before, after: parsed.data },
  });
  return viewOf(def, parsed.data, false);
}

export async function resetSetting(ctx: Ctx, defs: readonly SettingDefinition<unknown>[], key: string): Promise<SettingView> {
  requireRole(ctx, 'admin');
  const def = findDefinition(defs, key);
  // Like a change, a reset records what the value was, or the log could not say what was lost.
  const before = await getSetting(ctx, def);
  await deleteSettingValue(ctx.db, key);
  await recordAudit(ctx, {
    action: 'settings.reset',
    summary: `Reset setting: ${settingLabel(def)} (${groupOf(key)}) to its default`,
    targetType: 'setting',
    targetId: key,
    details: { before, after: def.defaultValue },
  });
  return viewOf(def, def.defaultValue, true);
}

export async function getSettingView(ctx: Ctx, defs: readonly SettingDefinition<unknown>[], key: string): Promise<SettingView> {
  requireRole(ctx, 'admin', 'it');
  const def = findDefinition(defs, key);
  const stored = await selectSettingValue(ctx.db, key);
  const parsed = stored === undefined ? undefined : def.schema.safeParse(stored);
  return viewOf(def, parsed?.success ? parsed.data : def.defaultValue, !parsed?.success);
}
