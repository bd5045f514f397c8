import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type Ctx, IT_ROLES, requireActor, requireRole } from '../../../lib/context.ts';
import { decodeText } from '../../../lib/csv.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import type { ImportOptions, ImportSummary } from '../../../lib/module.ts';
import { recordAudit } from '../../audit/index.ts';
import { defineSetting, getSetting, listFromText } from '../../settings/index.ts';
import { selectSigmaRules, upsertSigmaRule } from '../db/rule-queries.ts';
import { compileSigmaRule, type SigmaRule, SigmaRuleError } from './sigma-rule.ts';

/**
 * The curated rules shipped in ./rules (SigmaHQ rules rewritten for our field map; Detection
 * Rule License 1.1, author kept) and the rules a school adds. Rules that duplicate one of
 * Belfry's own detectors ship switched off (security.sigmaRulesOff) to keep the queue quiet.
 */

const RULES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rules');

export const sigmaRulesOffSetting = defineSetting({
  key: 'security.sigmaRulesOff',
  label: 'Sigma rules switched off',
  description: 'Sigma rule ids not evaluated (the shipped ones that repeat a Belfry detector are off by default)',
  schema: z.array(z.string().trim().min(1)),
  defaultValue: [
    '5496ff55-42ec-4369-81cb-00f417029e25',
    'e40f4962-b02b-4192-9bfe-245f7ece1f99',
    '53bb4f7f-48a8-4475-ac30-5a82ddfdf6fc',
    '908655e0-25cf-4ae1-b775-1c8ce9cf43d8',
    '2b7d6fc0-71ac-4cf7-8ed1-b5788ee5257a',
  ],
  fromText: listFromText,
});

let shipped: SigmaRule[] | undefined;

export function shippedSigmaRules(): SigmaRule[] {
  shipped ??= readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => compileSigmaRule(readFileSync(path.join(RULES_DIR, f), 'utf8'), 'shipped', f));
  return shipped;
}

/** Rules the detections evaluate: shipped ones not switched off, and the school's enabled ones. */
export async function activeSigmaRules(ctx: Ctx): Promise<SigmaRule[]> {
  const off = new Set(await getSetting(ctx, sigmaRulesOffSetting));
  const school = (await selectSigmaRules(ctx.db)).filter((r) => r.enabled);
  const own = school.map((r) => compileSigmaRule(r.yaml, 'school', r.title));
  return [...shippedSigmaRules(), ...own].filter((r) => !off.has(r.id));
}

export type SigmaRuleView = {
  id: string;
  title: string;
  author: string;
  license: string;
  level: string;
  origin: 'shipped' | 'school';
  enabled: boolean;
  description: string | null;
};

export async function listSigmaRules(ctx: Ctx): Promise<SigmaRuleView[]> {
  requireRole(ctx, ...IT_ROLES);
  const off = new Set(await getSetting(ctx, sigmaRulesOffSetting));
  const rows = await selectSigmaRules(ctx.db);
  const view = (r: SigmaRule, enabled: boolean): SigmaRuleView => ({
    id: r.id,
    title: r.title,
    author: r.author,
    license: r.license,
    level: r.level,
    origin: r.origin,
    enabled: enabled && !off.has(r.id),
    description: r.description,
  });
  return [
    ...shippedSigmaRules().map((r) => view(r, true)),
    ...rows.map((row) => view(compileSigmaRule(row.yaml, 'school', row.title), row.enabled)),
  ];
}

/** Adds (or replaces, by id) the school's own rules from a YAML file: one rule, or several separated by ---. */
export async function importSigmaRules(ctx: Ctx, file: string, options: ImportOptions): Promise<ImportSummary> {
  requireRole(ctx, ...IT_ROLES);
  const actor = requireActor(ctx);
  const name = options.fileName ?? path.basename(file);
  const text = decodeText(readFileSync(file), name);
  const docs = text.split(/^---\s*$/m).filter((d) => d.trim());
  const rules: { rule: SigmaRule; yaml: string }[] = [];
  const problems = [];
  let line = 1;
  for (const d of docs) {
    try {
      rules.push({ rule: compileSigmaRule(d, 'school', name), yaml: d.trim() });
    } catch (err) {
      if (!(err instanceof SigmaRuleError)) throw err;
      problems.push({ file: name, line, message: err.message });
    }
    line += d.split('\n').length;
  }
  if (problems.length && !options.skipInvalid) throw new ImportRejected(problems);
  let created = 0;
  if (!options.dryRun) {
    for (const { rule, yaml } of rules) {
      const by = actor.kind === 'user' ? actor.email : actor.name;
      if (
        await upsertSigmaRule(ctx.db, {
          id: rule.id,
          title: rule.title,
          yaml,
          enabled: true,
          addedBy: by,
          addedAt: ctx.clock.now(),
        })
      )
        created++;
    }
    if (created)
      await recordAudit(ctx, {
        action: 'security.sigma.add',
        summary: `Added or changed ${created} Sigma rule(s) from ${name}`,
        targetType: 'sigma_rule',
      });
  }
  return {
    kind: 'sigma-rules',
    file: name,
    rowsIn: docs.length,
    created,
    updated: 0,
    unchanged: rules.length - created,
    rejected: problems.length,
    problems,
    dryRun: options.dryRun,
  };
}
