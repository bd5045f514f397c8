import type { RowProblem } from '../../../lib/errors.ts';
import { sha256 } from '../../../lib/ids.ts';
import type { ItemRow } from '../db/survey-queries.ts';
import { type Format, IDENTITY_ROLES, type MetaRole, normaliseHeaderText } from '../import/formats.ts';
import type { Sheet } from '../import/read-sheet.ts';
import { cellString, parseMultiSelect, parseTimestamp } from '../import/values.ts';
import { type Audience, matchSegment } from './audiences.ts';
import type { StoredColumn, StoredManifest } from './manifest.ts';
import { findScale, isNonSubstantive, matchScaleLabel } from './scales.ts';

/**
 * Turns an export's rows into normalised responses through the survey's mapping (pure: no
 * database). Identity columns are never read. Every bad cell is a problem naming its line and
 * column; the validation report counts each label, the non-substantive answers and the blanks.
 */

export type PlannedColumn = { index: number; header: string; column: StoredColumn; item?: ItemRow };
export type Plan = { columns: PlannedColumn[]; unaccounted: string[]; missing: string[]; meta: Map<number, MetaRole> };

export function planColumns(sheet: Sheet, meta: Map<number, MetaRole>, manifest: StoredManifest, items: ItemRow[]): Plan {
  const byHeader = new Map(manifest.columns.map((c) => [normaliseHeaderText(c.header), c]));
  const itemById = new Map(items.map((i) => [i.id, i]));
  const columns: PlannedColumn[] = [];
  const unaccounted: string[] = [];
  const found = new Set<string>();
  for (const [index, header] of sheet.headers.entries()) {
    if (meta.has(index)) continue;
    const column = byHeader.get(normaliseHeaderText(header));
    if (!column) {
      unaccounted.push(header);
      continue;
    }
    found.add(normaliseHeaderText(header));
    columns.push({ index, header, column, item: column.itemId ? itemById.get(column.itemId) : undefined });
  }
  const missing = manifest.columns.filter((c) => !found.has(normaliseHeaderText(c.header))).map((c) => c.header);
  return { columns, unaccounted, missing, meta };
}

export type NormalisedAnswer = { itemId: string; scaleId: string | null; code: number | null; options: string[] | null };
export type NormalisedResponse = {
  line: number;
  sourceKey: string;
  segment: string | null;
  submittedAt: Date | null;
  answers: NormalisedAnswer[];
  comments: { itemId: string; body: string }[];
};
export type ColumnReport = { header: string; labels: Record<string, number>; nonSubstantive: number; missing: number };
export type ReadResult = {
  responses: NormalisedResponse[];
  problems: RowProblem[];
  report: { columns: ColumnReport[]; emptyRows: number; duplicateIds: number };
};

export function readResponses(
  sheet: Sheet,
  plan: Plan,
  opts: { format: Format; audience: Audience; manifest: StoredManifest },
): ReadResult {
  const file = sheet.file;
  const problems: RowProblem[] = [];
  const reports = new Map<number, ColumnReport>(
    plan.columns.map((c) => [c.index, { header: c.header, labels: {}, nonSubstantive: 0, missing: 0 }]),
  );
  const roleIndex = (role: MetaRole) => [...plan.meta.entries()].find(([, r]) => r === role)?.[0];
  const idCol = roleIndex('id');
  const timeCol = roleIndex(opts.format === 'msforms' ? 'completion' : 'timestamp');
  const identity = new Set([...plan.meta.entries()].filter(([, r]) => IDENTITY_ROLES.includes(r)).map(([i]) => i));
  const seenKeys = new Map<string, number>();
  const responses: NormalisedResponse[] = [];
  let emptyRows = 0;
  let duplicateIds = 0;
  for (const row of sheet.rows) {
    const bad = (field: string, message: string) => problems.push({ file, line: row.line, field, message });
    const before = problems.length;
    let sourceKey: string;
    if (idCol !== undefined) {
      const id = cellString(row.values[idCol]);
      if (!id) bad(sheet.headers[idCol] ?? 'ID', 'is empty');
      sourceKey = `id:${id}`;
      if (seenKeys.has(sourceKey)) {
        duplicateIds++;
        bad(sheet.headers[idCol] ?? 'ID', `response ${id} also appears on line ${seenKeys.get(sourceKey)}`);
      }
    } else {
      // No response ID (Google): a fingerprint of the row without identity columns, numbered
      // when two rows are identical, so re-importing a longer export adds only the new rows.
      const base = `row:${sha256(row.values.map((v, i) => (identity.has(i) ? '' : cellString(v))).join('\u001f'))}`;
      let k = 1;
      while (seenKeys.has(`${base}#${k}`)) k++;
      sourceKey = `${base}#${k}`;
    }
    seenKeys.set(sourceKey, row.line);
    let submittedAt: Date | null = null;
    if (timeCol !== undefined) {
      const cell = row.values[timeCol] ?? '';
      submittedAt = parseTimestamp(cell, opts.manifest.locale, opts.manifest.timezone) ?? null;
      if (!submittedAt && cellString(cell))
        bad(sheet.headers[timeCol] ?? 'time', `"${cellString(cell)}" is not a date and time (${opts.manifest.locale})`);
    }
    let segment: string | null = null;
    const answers: NormalisedAnswer[] = [];
    const comments: { itemId: string; body: string }[] = [];
    for (const pc of plan.columns) {
      const text = cellString(row.values[pc.index]);
      const report = reports.get(pc.index) as ColumnReport;
      const use = pc.column.use;
      if (use === 'ignore') continue;
      if (!text) {
        report.missing++;
        continue;
      }
      if (use === 'segment') {
        const overrides = Object.fromEntries(
          Object.entries(pc.column.labels).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== 'na'),
        );
        segment = matchSegment(opts.audience, text, overrides) ?? null;
        if (!segment) bad(pc.header, `"${text}" is not one of this audience's groups; map it in the import mapping`);
        else report.labels[segment] = (report.labels[segment] ?? 0) + 1;
        continue;
      }
      const item = pc.item;
      if (!item) continue;
      if (use === 'text') {
        if (isNonSubstantive(text)) report.nonSubstantive++;
        else comments.push({ itemId: item.id, body: text.slice(0, 4000) });
        continue;
      }
      if (use === 'scale') {
        const scale = findScale(item.scaleId);
        if (!scale) continue;
        const overrides = Object.fromEntries(
          Object.entries(pc.column.labels).filter((e): e is [string, number | 'na'] => typeof e[1] === 'number' || e[1] === 'na'),
        );
        const value = matchScaleLabel(scale, text, overrides);
        if (!value) {
          bad(pc.header, `"${text}" is not a point of the scale "${scale.name}"; map the label in the import mapping`);
          continue;
        }
        if ('na' in value) {
          report.nonSubstantive++;
          answers.push({ itemId: item.id, scaleId: scale.id, code: null, options: null });
        } else {
          report.labels[text] = (report.labels[text] ?? 0) + 1;
          answers.push({ itemId: item.id, scaleId: scale.id, code: value.code, options: null });
        }
        continue;
      }
      if (isNonSubstantive(text)) {
        report.nonSubstantive++;
        continue;
      }
      const options = item.options ?? [];
      const parsed =
        use === 'multi'
          ? parseMultiSelect(text, options, opts.format)
          : (() => {
              const hit = options.find((o) => o.label.trim().toLowerCase() === text.toLowerCase());
              return hit ? { codes: [hit.code], unknown: [] } : { codes: [], unknown: [text] };
            })();
      if (parsed.unknown.length) {
        bad(pc.header, `"${parsed.unknown.join('", "')}" is not one of the options; add it to the import mapping`);
        continue;
      }
      for (const c of parsed.codes) report.labels[c] = (report.labels[c] ?? 0) + 1;
      answers.push({ itemId: item.id, scaleId: null, code: null, options: parsed.codes });
    }
    if (problems.length > before) continue;
    if (answers.length === 0 && comments.length === 0) {
      emptyRows++;
      continue;
    }
    responses.push({ line: row.line, sourceKey, segment, submittedAt, answers, comments });
  }
  return { responses, problems, report: { columns: [...reports.values()], emptyRows, duplicateIds } };
}
