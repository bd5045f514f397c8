import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type Ctx, hasRole, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { type Progress, startJob } from '../../jobs/index.ts';
import {
  insertReport,
  insertSnapshot,
  type ReportRow,
  selectReport,
  selectReportForTerm,
  selectReports,
  selectSnapshot,
  updateReportRow,
} from '../db/report-queries.ts';
import { type ChartSpec, renderCharts, sectionCharts, sparklineOption, svgToPng } from './charts.ts';
import { buildFigures, type ReportFigures } from './figures.ts';
import type { SectionKey } from './kpi-types.ts';
import { mergeNarrative, type NarrativeSection, SECTIONS } from './narrative.ts';
import { buildBlocks, type ReportMeta, reportTitle } from './report-blocks.ts';
import { renderReportDocx } from './report-docx.ts';
import { renderReportPdf } from './report-pdf.ts';

/**
 * The termly report's use cases. The Director opens a term's draft (figures from the other
 * modules, a narrative drafted from them), refreshes it, edits sections, and publishes: the
 * snapshot (figures, narrative, charts, the Word and PDF files) is then what everyone reads,
 * whatever the data does later. IT Services read drafts and published reports; SLT the published.
 */

export const EDIT_ROLES = ['admin'] as const;
const DRAFT_ROLES = ['admin', 'it'] as const;
export const READ_ROLES = ['admin', 'it', 'slt'] as const;

const actorLabel = (ctx: Ctx) => (ctx.actor?.kind === 'user' ? ctx.actor.name : 'Belfry');

export type ReportView = {
  id: string;
  status: 'draft' | 'published';
  termName: string;
  termStartsOn: string;
  termEndsOn: string;
  figures: ReportFigures;
  figuresAt: string;
  narrative: NarrativeSection[];
  publishedAt: string | null;
  publishedBy: string | null;
  charts: ChartSpec[];
  sparklines: Record<string, Record<string, unknown>>;
  sha256: string | null;
};

async function view(ctx: Ctx, r: ReportRow): Promise<ReportView> {
  const snap = r.status === 'published' ? await selectSnapshot(ctx.db, r.id) : undefined;
  const figures = (snap?.figures ?? r.figures) as ReportFigures;
  return {
    id: r.id,
    status: r.status as ReportView['status'],
    termName: r.termName,
    termStartsOn: r.termStartsOn,
    termEndsOn: r.termEndsOn,
    figures,
    figuresAt: r.figuresAt.toISOString(),
    narrative: (snap?.narrative ?? r.narrative) as NarrativeSection[],
    publishedAt: r.publishedAt?.toISOString() ?? null,
    publishedBy: r.publishedBy,
    charts: sectionCharts(figures),
    sparklines: Object.fromEntries(figures.kpis.map((k) => [k.id, sparklineOption(k)])),
    sha256: snap?.sha256 ?? null,
  };
}

async function readable(ctx: Ctx, id: string): Promise<ReportRow> {
  requireRole(ctx, ...READ_ROLES);
  const r = await selectReport(ctx.db, id);
  if (!r || (r.status !== 'published' && !hasRole(ctx, ...DRAFT_ROLES))) throw new NotFound('There is no such report');
  return r;
}

/** The terms (up to today's) with their report, for the list page; SLT sees published ones only. */
export async function listReports(ctx: Ctx) {
  requireRole(ctx, ...READ_ROLES);
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  const terms = await loadSchoolCalendar(ctx);
  const rows = await selectReports(ctx.db);
  const drafts = hasRole(ctx, ...DRAFT_ROLES);
  return {
    terms: [...terms.terms]
      .filter((t) => t.startsOn <= today)
      .sort((a, b) => b.startsOn.localeCompare(a.startsOn))
      .map((t) => {
        const r = rows.find((x) => x.termStartsOn === t.startsOn);
        const visible = r && (r.status === 'published' || drafts);
        return {
          name: `${t.name} ${t.startsOn.slice(0, 4)}`,
          startsOn: t.startsOn,
          endsOn: t.endsOn,
          running: t.endsOn >= today,
          report: visible
            ? {
                id: r.id,
                status: r.status,
                publishedAt: r.publishedAt?.toISOString() ?? null,
                updatedAt: r.updatedAt.toISOString(),
              }
            : null,
        };
      })
      .filter((t) => drafts || t.report),
  };
}

/** The term's report, drafting it (figures and narrative) the first time the Director opens it. */
export async function openTermReport(ctx: Ctx, startsOn: string, progress?: Progress): Promise<ReportView> {
  const existing = await selectReportForTerm(ctx.db, startsOn);
  if (existing) return view(ctx, await readable(ctx, existing.id));
  requireRole(ctx, ...EDIT_ROLES);
  const term = (await loadSchoolCalendar(ctx)).terms.find((t) => t.startsOn === startsOn);
  if (!term) throw new NotFound(`No term starts on ${startsOn}`);
  if (term.startsOn > localDate(ctx.clock.now(), ctx.config.timeZone)) throw new Invalid('That term has not started yet');
  const figures = await buildFigures(ctx, startsOn, (d, t, m) => progress?.(d, t, m));
  const now = ctx.clock.now();
  await insertReport(ctx.db, {
    id: newId(),
    termStartsOn: term.startsOn,
    termEndsOn: term.endsOn,
    termName: `${term.name} ${term.startsOn.slice(0, 4)}`,
    status: 'draft',
    figures,
    figuresAt: now,
    narrative: mergeNarrative(figures, null),
    createdAt: now,
    updatedAt: now,
  });
  const r = (await selectReportForTerm(ctx.db, startsOn)) as ReportRow;
  return view(ctx, r);
}

export async function getReport(ctx: Ctx, id: string): Promise<ReportView> {
  return view(ctx, await readable(ctx, id));
}

async function draftOf(ctx: Ctx, id: string): Promise<ReportRow> {
  requireRole(ctx, ...EDIT_ROLES);
  const r = await selectReport(ctx.db, id);
  if (!r) throw new NotFound('There is no such report');
  if (r.status === 'published') throw new Conflict('This report is published and cannot change');
  return r;
}

/** Recomputes a draft's figures; the sections the Director has not edited are redrafted from them. */
export async function refreshReport(ctx: Ctx, id: string, progress?: Progress): Promise<ReportView> {
  const r = await draftOf(ctx, id);
  const figures = await buildFigures(ctx, r.termStartsOn, (d, t, m) => progress?.(d, t, m));
  const now = ctx.clock.now();
  await updateReportRow(ctx.db, id, {
    figures,
    figuresAt: now,
    narrative: mergeNarrative(figures, r.narrative as NarrativeSection[]),
    updatedAt: now,
  });
  return getReport(ctx, id);
}

/** The refresh as a job, so the page shows its progress. */
export async function startRefresh(ctx: Ctx, id: string) {
  await draftOf(ctx, id);
  const { job } = await startJob(
    ctx,
    { kind: 'reports.refresh', title: 'Refreshing the termly report’s figures' },
    async (progress) => {
      await refreshReport(ctx, id, progress);
      return { reportId: id };
    },
  );
  return job;
}

export const SectionEdit = z.object({
  key: z.enum(SECTIONS.map((s) => s.key) as [SectionKey, ...SectionKey[]]),
  /** The Director's text; null puts Belfry's draft back. */
  text: z.string().max(20_000).nullable(),
});

export async function editSection(ctx: Ctx, id: string, input: z.input<typeof SectionEdit>): Promise<ReportView> {
  const e = parseInput(SectionEdit, input);
  const r = await draftOf(ctx, id);
  const narrative = (r.narrative as NarrativeSection[]).map((s) =>
    s.key !== e.key
      ? s
      : e.text === null
        ? { ...s, text: s.draft, edited: false }
        : { ...s, text: e.text.trim(), edited: e.text.trim() !== s.draft },
  );
  await updateReportRow(ctx.db, id, { narrative, updatedAt: ctx.clock.now() });
  return getReport(ctx, id);
}

type Rendered = { docx: Buffer; pdf: Buffer; charts: Record<string, string> };

/** Draws the charts and both files from figures and narrative. */
export async function renderReportFiles(
  figures: ReportFigures,
  narrative: NarrativeSection[],
  meta: ReportMeta,
): Promise<Rendered> {
  const { charts, specs } = renderCharts(figures);
  const png: Record<string, Buffer> = {};
  for (const [key, svg] of Object.entries(charts)) png[key] = await svgToPng(svg, !key.startsWith('spark:'));
  const blocks = buildBlocks(figures, narrative, specs, meta);
  const title = reportTitle(figures);
  const docx = await renderReportDocx(blocks, { svg: charts, png }, title);
  const pdf = await renderReportPdf(blocks, png, title);
  return { docx, pdf, charts };
}

export async function publishReport(ctx: Ctx, id: string): Promise<ReportView> {
  const r = await draftOf(ctx, id);
  const at = ctx.clock.now();
  const by = actorLabel(ctx);
  const figures = r.figures as ReportFigures;
  const narrative = r.narrative as NarrativeSection[];
  const files = await renderReportFiles(figures, narrative, {
    status: 'published',
    publishedAt: at.toISOString(),
    publishedBy: by,
  });
  const sha256 = createHash('sha256')
    .update(JSON.stringify({ figures, narrative }))
    .update(files.docx)
    .update(files.pdf)
    .digest('hex');
  await ctx.db.transaction(async (db) => {
    await insertSnapshot(db, {
      reportId: id,
      publishedAt: at,
      publishedBy: by,
      figures,
      narrative,
      charts: files.charts,
      docx: files.docx,
      pdf: files.pdf,
      sha256,
    });
    await updateReportRow(db, id, { status: 'published', publishedAt: at, publishedBy: by, updatedAt: at });
  });
  await recordAudit(ctx, {
    action: 'reports.publish',
    summary: `Published the termly report for ${r.termName}`,
    targetType: 'report',
    targetId: id,
  });
  return getReport(ctx, id);
}

/** The Word or PDF file: a published report's stored one; a draft's drawn now (Director and IT). */
export async function exportReport(ctx: Ctx, id: string, kind: 'docx' | 'pdf'): Promise<{ fileName: string; bytes: Buffer }> {
  const r = await readable(ctx, id);
  const fileName = `${r.termName.replace(/[^A-Za-z0-9]+/g, '-')}-IT-report${r.status === 'draft' ? '-draft' : ''}.${kind}`;
  if (r.status === 'published') {
    const snap = await selectSnapshot(ctx.db, id);
    if (!snap) throw new NotFound('The published snapshot is missing');
    return { fileName, bytes: kind === 'docx' ? snap.docx : snap.pdf };
  }
  const files = await renderReportFiles(r.figures as ReportFigures, r.narrative as NarrativeSection[], {
    status: 'draft',
    publishedAt: null,
    publishedBy: null,
  });
  return { fileName, bytes: kind === 'docx' ? files.docx : files.pdf };
}
