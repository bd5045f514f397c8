import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, IT_ROLES, requireActor, requireRole } from '../../../lib/context.ts';
import { formatRowProblem, ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import type { ImportOptions, ImportSummary } from '../../../lib/module.ts';
import { recordAudit } from '../../audit/index.ts';
import { defineSetting, getSetting, listFromText } from '../../settings/index.ts';
import { selectSigmaRules, upsertSigmaRule } from '../db/rule-queries.ts';
import { compileSigmaRule, SIGMA_LOGSOURCES, SigmaLogsourceError, type SigmaRule, SigmaRuleError } from './sigma-rule.ts';

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

/** A stored school rule compiled, or undefined (logged) when it no longer compiles (e.g. stored before logsources were checked). */
function compileStored(ctx: Ctx, row: { id: string; yaml: string; title: string }): SigmaRule | undefined {
  try {
    return compileSigmaRule(row.yaml, 'school', row.title);
  } catch (err) {
    if (!(err instanceof SigmaRuleError)) throw err;
    ctx.log.warn({ rule: row.id, reason: err.message }, 'stored Sigma rule not evaluated');
    return undefined;
  }
}

/**
 * Rules the detections evaluate: the shipped ones not switched off and not replaced, and the
 * school's enabled ones. A school rule with a shipped rule's id takes its place, so one id is
 * one rule: never two copies counting the same event.
 */
export async function activeSigmaRules(ctx: Ctx): Promise<SigmaRule[]> {
  const off = new Set(await getSetting(ctx, sigmaRulesOffSetting));
  const rows = await selectSigmaRules(ctx.db);
  const replaced = new Set(rows.map((r) => r.id));
  const own = rows.filter((r) => r.enabled).flatMap((r) => compileStored(ctx, r) ?? []);
  return [...shippedSigmaRules().filter((r) => !replaced.has(r.id)), ...own].filter((r) => !off.has(r.id));
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
  const replaced = new Set(rows.map((r) => r.id));
  return [
    ...shippedSigmaRules()
      .filter((r) => !replaced.has(r.id))
      .map((r) => view(r, true)),
    ...rows.flatMap((row) => {
      const r = compileStored(ctx, row);
      return r ? [view(r, row.enabled)] : [];
    }),
  ];
}

/** The YAML documents of a file (rules separated by ---), each with the line it starts on. */
export function splitSigmaDocuments(text: string): { text: string; line: number }[] {
  const lines = text.split(/\r?\n/);
  const out: { text: string; line: number }[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end);
    const first = body.findIndex((l) => l.trim() && !l.trim().startsWith('#'));
    if (first >= 0) out.push({ text: body.join('\n'), line: start + 1 });
  };
  lines.forEach((l, i) => {
    if (/^---\s*$/.test(l)) {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return out;
}

/** The rule files under a folder (SigmaHQ's layout: rules/cloud/azure/...), or the one file. */
async function ruleFiles(file: string, name: string): Promise<{ path: string; name: string }[]> {
  const s = await stat(file);
  if (!s.isDirectory()) return [{ path: file, name }];
  const entries = await readdir(file, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((p) => ({ path: p, name: path.join(name, path.relative(file, p)) }));
}

type NotTaken = { file: string; line: number; id: string; title: string; reason: string };

const listSome = (items: string[], n = 8) =>
  `${items.slice(0, n).join(', ')}${items.length > n ? ` and ${items.length - n} more` : ''}`;

/**
 * Adds (or replaces, by id) the school's own rules from a YAML file (one rule, or several
 * separated by ---) or a folder of them as SigmaHQ ships them. Rules for logs Belfry does not
 * read are not taken, with the reason; a rule with a shipped rule's id replaces it (one id, one
 * rule), unless that shipped rule is switched off, which is refused rather than stored off.
 * The notes are the report: what was taken and why the rest were not.
 */
export async function importSigmaRules(ctx: Ctx, file: string, options: ImportOptions): Promise<ImportSummary> {
  requireRole(ctx, ...IT_ROLES);
  const actor = requireActor(ctx);
  const name = options.fileName ?? path.basename(file);
  const off = new Set(await getSetting(ctx, sigmaRulesOffSetting));
  const shippedById = new Map(shippedSigmaRules().map((r) => [r.id, r]));
  const stored = new Map((await selectSigmaRules(ctx.db)).map((r) => [r.id, r]));
  const rules: { rule: SigmaRule; yaml: string; file: string; line: number }[] = [];
  const problems: RowProblem[] = [];
  const notTaken: NotTaken[] = [];
  const seen = new Map<string, string>();
  let rowsIn = 0;
  for (const f of await ruleFiles(file, name)) {
    for (const doc of splitSigmaDocuments(await readFile(f.path, 'utf8'))) {
      rowsIn++;
      const firstLine = doc.line + doc.text.split('\n').findIndex((l) => l.trim() && !l.trim().startsWith('#'));
      let rule: SigmaRule;
      try {
        rule = compileSigmaRule(doc.text, 'school', path.basename(f.name));
      } catch (err) {
        if (!(err instanceof SigmaRuleError)) throw err;
        if (err instanceof SigmaLogsourceError) {
          const meta = (() => {
            try {
              return (parseYaml(doc.text) ?? {}) as Record<string, unknown>;
            } catch {
              return {};
            }
          })();
          notTaken.push({
            file: f.name,
            line: firstLine,
            id: String(meta.id ?? ''),
            title: String(meta.title ?? ''),
            reason: err.message,
          });
        } else problems.push({ file: f.name, line: err.line ? doc.line + err.line - 1 : firstLine, message: err.message });
        continue;
      }
      const where = `${f.name}:${firstLine}`;
      const twin = seen.get(rule.id);
      if (twin) {
        problems.push({
          file: f.name,
          line: firstLine,
          message: `Sigma rule "${rule.title}" has the id ${rule.id}, as the rule at ${twin} does: one id, one rule`,
        });
        continue;
      }
      seen.set(rule.id, where);
      const shipped = shippedById.get(rule.id);
      if (shipped && off.has(rule.id)) {
        problems.push({
          file: f.name,
          line: firstLine,
          message: `Sigma rule "${rule.title}" has the id of the shipped rule "${shipped.title}", which is switched off (security.sigmaRulesOff) because a Belfry detector already covers it; stored, yours would be silently off too: give your rule its own id, or take ${rule.id} out of security.sigmaRulesOff to run yours in its place`,
        });
        continue;
      }
      rules.push({ rule, yaml: doc.text.trim(), file: f.name, line: firstLine });
    }
  }
  if (problems.length && !options.skipInvalid)
    throw new ImportRejected(
      problems,
      problems.length > 1
        ? `${formatRowProblem(problems[0] as RowProblem)} (and ${problems.length - 1} more); nothing was imported (--skip-invalid takes the rules that can run)`
        : undefined,
    );
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const replacing: string[] = [];
  const offStill: string[] = [];
  await inTransaction(ctx.db, { dryRun: options.dryRun }, async (db) => {
    const by = actor.kind === 'user' ? actor.email : actor.name;
    for (const { rule, yaml } of rules) {
      const before = stored.get(rule.id);
      const shipped = shippedById.get(rule.id);
      if (shipped && !before) replacing.push(`"${rule.title}" (${rule.id}) replaces the shipped rule "${shipped.title}"`);
      if (!shipped && off.has(rule.id)) offStill.push(`"${rule.title}" (${rule.id})`);
      const changed = await upsertSigmaRule(db, {
        id: rule.id,
        title: rule.title,
        yaml,
        enabled: true,
        addedBy: by,
        addedAt: ctx.clock.now(),
      });
      if (!before) counts.created++;
      else if (changed) counts.updated++;
      else counts.unchanged++;
    }
    if (counts.created + counts.updated)
      await recordAudit(
        { ...ctx, db },
        {
          action: 'security.sigma.add',
          summary: `Added ${counts.created} and changed ${counts.updated} Sigma rule(s) from ${name}`,
          targetType: 'sigma_rule',
        },
      );
  });
  const logName = (r: SigmaRule) => (r.log === 'risk' ? 'risk detections' : 'sign-ins');
  const notes: string[] = [
    rules.length
      ? `Taken: ${rules.length} rule${rules.length === 1 ? '' : 's'} (${counts.created} new, ${counts.updated} changed, ${counts.unchanged} unchanged): ${listSome(rules.map((r) => `"${r.rule.title}" on ${logName(r.rule)}`))}.`
      : 'Taken: no rules.',
    ...replacing.map((r) => `${r}: yours runs in its place (one id, one rule).`),
    ...(offStill.length ? [`Stored but switched off by security.sigmaRulesOff: ${listSome(offStill)}.`] : []),
  ];
  if (notTaken.length) {
    const groups = new Map<string, NotTaken[]>();
    for (const n of notTaken) {
      const key = /\(([^)]*)\); Belfry reads/.exec(n.reason)?.[1] ?? n.reason.replace(/^Sigma rule .*?: /, '');
      groups.set(key, [...(groups.get(key) ?? []), n]);
    }
    notes.push(
      `Not taken: ${notTaken.length} rule${notTaken.length === 1 ? '' : 's'} for logs Belfry does not read (it reads ${SIGMA_LOGSOURCES.map((l) => `${l.product}/${l.service}`).join(', ')}):`,
    );
    for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length))
      notes.push(
        `  ${key}: ${list.length} (${listSome(
          list.map((n) => `${n.file}:${n.line}`),
          5,
        )})`,
      );
  }
  if (problems.length) notes.push(`Not taken, could not be run: ${problems.length} (listed above).`);
  return {
    kind: 'sigma-rules',
    file: name,
    rowsIn,
    ...counts,
    rejected: notTaken.length + problems.length,
    problems,
    dryRun: options.dryRun,
    notes,
  };
}
