import { rm } from 'node:fs/promises';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { selectAllItems, selectInstruments, selectQuestions } from '../db/survey-queries.ts';
import { FORMAT_LABELS, IDENTITY_ROLES, normaliseHeaderText, sniffFormat } from '../import/formats.ts';
import { readSheet } from '../import/read-sheet.ts';
import { cellString } from '../import/values.ts';
import { planColumns } from './import-rows.ts';
import type { ManifestColumnInput } from './manifest.ts';
import { readStoredManifest } from './manifest.ts';
import { getScale, isNonSubstantive, matchScaleLabel, SCALES } from './scales.ts';

/**
 * The wizard's first step: what is in an uploaded export before anything is saved. The format,
 * the metadata columns (identity ones named, never read), and for each question column its
 * distinct answers with counts (free text only counted) and a suggested mapping: the survey's
 * saved one where the header is known, else a guess from the answers. The file is deleted after.
 */

export type PreviewColumn = {
  header: string;
  answered: number;
  blank: number;
  values: { value: string; count: number }[] | null;
  suggested: ManifestColumnInput;
  known: boolean;
};

export type ImportPreview = {
  format: string;
  container: string;
  rows: number;
  metaColumns: { header: string; role: string; stored: boolean }[];
  columns: PreviewColumn[];
  instruments: { code: string; matched: number; unaccounted: string[] }[];
};

function guess(header: string, values: Map<string, number>): ManifestColumnInput {
  const h = header.toLowerCase();
  if (/which (year|school)|year group|where do you (mostly )?work/.test(h)) return { header, use: 'segment' };
  const distinct = [...values.keys()].filter((v) => !isNonSubstantive(v));
  // Free text (a pupil's comment must reach the safeguarding reviewer before anyone reads it): by
  // its header, by any long answer, or by many different answers. Its answers are never previewed.
  const freeText = /comment|anything else|other|suggest|tell us|why|explain|describe|ideas?\b/i.test(header);
  if (freeText || distinct.length > 25 || distinct.some((v) => v.length > 40)) return { header, use: 'text' };
  let best: { id: string; hits: number } | undefined;
  for (const s of SCALES) {
    const hits = distinct.filter((v) => matchScaleLabel(s, v)).length;
    if (hits === distinct.length && distinct.length > 0 && (!best || hits > best.hits || s.points.length < 5))
      best = { id: s.id, hits };
  }
  // A recommend-style question answered 0-10, even if nobody chose above 5 or the 0.
  if (
    best &&
    /recommend|how likely|0\s*(-|to)\s*10|scale of 0/i.test(header) &&
    distinct.every((v) => matchScaleLabel(getScale('rate11'), v))
  )
    return { header, use: 'scale', scaleId: 'rate11' };
  if (best) return { header, use: 'scale', scaleId: best.id };
  const multi = distinct.some((v) => v.includes(';'));
  const labels = multi ? [...new Set(distinct.flatMap((v) => v.split(';').map((x) => x.trim())).filter(Boolean))] : distinct;
  return {
    header,
    use: multi ? 'multi' : 'choice',
    options: labels.slice(0, 60).map((label, i) => ({ code: `OPT${i + 1}`, label })),
  };
}

export async function previewImport(ctx: Ctx, file: string, fileName: string, instrument?: string): Promise<ImportPreview> {
  requireRole(ctx, 'admin');
  try {
    const sheet = await readSheet(file, fileName);
    const sniffed = sniffFormat(sheet.headers);
    if (!sniffed)
      throw new ImportRejected([
        {
          file: fileName,
          line: 1,
          message: `not a Microsoft Forms or Google Forms export: it starts ${sheet.headers.slice(0, 5).join(', ')}`,
        },
      ]);
    const instruments = await selectInstruments(ctx.db);
    const target = instruments.find((i) => i.code === instrument || i.id === instrument);
    const saved = new Map(
      (readStoredManifest(target?.manifest)?.columns ?? []).map((c) => {
        const { itemId: _item, ...rest } = c;
        return [normaliseHeaderText(c.header), rest as ManifestColumnInput];
      }),
    );
    // A question asked before with the same words measures what it measured then.
    const known = new Map<string, string>();
    for (const q of await selectQuestions(ctx.db)) known.set(normaliseHeaderText(q.wording), q.id);
    for (const it of await selectAllItems(ctx.db)) {
      if (!it.questionId) continue;
      known.set(normaliseHeaderText(it.wording), it.questionId);
      if (it.sourceHeader) known.set(normaliseHeaderText(it.sourceHeader), it.questionId);
    }
    const columns: PreviewColumn[] = [];
    for (const [i, header] of sheet.headers.entries()) {
      if (sniffed.meta.has(i)) continue;
      const values = new Map<string, number>();
      let blank = 0;
      for (const r of sheet.rows) {
        const v = cellString(r.values[i]);
        if (!v) blank++;
        else values.set(v, (values.get(v) ?? 0) + 1);
      }
      const savedColumn = saved.get(normaliseHeaderText(header));
      const suggested = savedColumn ?? guess(header, values);
      const measured = known.get(normaliseHeaderText(header));
      if (!savedColumn && suggested.use === 'scale' && measured)
        Object.assign(suggested, { questionId: measured, comparability: 'identical' });
      columns.push({
        header,
        answered: sheet.rows.length - blank,
        blank,
        values:
          suggested.use === 'text' || suggested.use === 'ignore'
            ? null
            : [...values.entries()]
                .sort((a, b) => b[1] - a[1])
                .slice(0, 40)
                .map(([value, count]) => ({ value, count })),
        suggested,
        known: !!savedColumn,
      });
    }
    return {
      format: FORMAT_LABELS[sniffed.format],
      container: sheet.container,
      rows: sheet.rows.length,
      metaColumns: [...sniffed.meta.entries()].map(([i, role]) => ({
        header: sheet.headers[i] as string,
        role,
        stored: !IDENTITY_ROLES.includes(role) && (role === 'completion' || role === 'timestamp' || role === 'id'),
      })),
      columns,
      instruments: instruments.flatMap((inst) => {
        const manifest = readStoredManifest(inst.manifest);
        if (!manifest) return [];
        const plan = planColumns(sheet, sniffed.meta, manifest, []);
        return [{ code: inst.code, matched: columns.length - plan.unaccounted.length, unaccounted: plan.unaccounted }];
      }),
    };
  } finally {
    await rm(file, { force: true });
  }
}
