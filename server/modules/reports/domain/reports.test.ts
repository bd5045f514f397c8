import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { beforeAll, expect, it } from 'vitest';
import type { Ctx } from '../../../lib/context.ts';
import { Conflict } from '../../../lib/errors.ts';
import { describeEachDemoDatabase } from '../../../lib/test-demo-db.ts';
import { signInAs, testApp } from '../../../lib/test-http.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { getHelpdeskMetrics, readTicketBreakdown } from '../../helpdesk/index.ts';
import { readPhishingSummary } from '../../phishing/index.ts';
import { readPortfolioAt, readRisksAt, updateProject } from '../../projects/index.ts';
import { countAlertsBySeverity, readIncidentActivity } from '../../security/index.ts';
import { readStandardsRollup } from '../../standards/index.ts';
import { readWifiServiceLevel } from '../../wifi/index.ts';
import { selectManualValues } from '../db/report-queries.ts';
import { buildFigures, type ReportFigures } from './figures.ts';
import { KPI_CATALOGUE } from './kpi-catalogue.ts';
import { exportReport, getReport, listReports, publishReport, refreshReport } from './reports.ts';

const NOW = '2026-11-16T09:00:00Z';
type Term = { startsOn: string; endsOn: string };

/** What each KPI must be for a term, from its source module's own read function (one per KPI). */
async function expected(ctx: Ctx, id: string, term: Term, previous: Term): Promise<number | null> {
  const tz = ctx.config.timeZone;
  const w = { from: term.startsOn, to: term.endsOn };
  const end = zonedToUtc(addDays(term.endsOn, 1), '00:00', tz);
  const h = async () => (await getHelpdeskMetrics(ctx, w)).metrics;
  const rate = (c: { met: number; breached: number }) => c.met / (c.met + c.breached);
  const hours = (x: number | null) => (x === null ? null : Math.round((x / 60) * 100) / 100);
  const manual = async (kpi: string) =>
    (await selectManualValues(ctx.db, term.startsOn)).find((m) => m.kpiId === kpi)?.value ?? null;
  switch (id) {
    case 'helpdesk.created':
      return (await h()).created;
    case 'helpdesk.resolved':
      return (await h()).resolved;
    case 'helpdesk.backlog':
      return (await h()).openAtEnd;
    case 'helpdesk.aged': {
      const m = await h();
      return (await readTicketBreakdown(ctx, { created: [], resolved: [], openAtEnd: m.drill.openAtEnd ?? [], at: end }))
        .openOlderThan.count;
    }
    case 'helpdesk.first-response-median':
      return hours((await h()).firstResponse.median);
    case 'helpdesk.first-response-p90':
      return hours((await h()).firstResponse.p90);
    case 'helpdesk.resolution-median':
      return hours((await h()).resolution.median);
    case 'helpdesk.resolution-p90':
      return hours((await h()).resolution.p90);
    case 'helpdesk.sla-response':
      return rate((await h()).responseSla);
    case 'helpdesk.sla-resolution':
      return rate((await h()).resolutionSla);
    case 'helpdesk.reopen-rate':
      return (await h()).reopenRate;
    case 'helpdesk.one-touch':
      return (await h()).oneTouchRate;
    case 'helpdesk.satisfaction':
      return (await h()).satisfaction.positiveShare;
    case 'security.alerts-high': {
      const a = await countAlertsBySeverity(ctx, { from: zonedToUtc(term.startsOn, '00:00', tz), to: end });
      return (a.high ?? 0) + (a.critical ?? 0);
    }
    case 'security.incidents':
      return (await readIncidentActivity(ctx, w)).opened.length;
    case 'security.ico-deadlines': {
      const d = (await readIncidentActivity(ctx, w)).icoDeadlines.filter((x) => x.met !== null);
      return d.length ? d.filter((x) => x.met).length / d.length : null;
    }
    case 'wifi.success-rate':
      return (await readWifiServiceLevel(ctx, w)).successRate;
    case 'wifi.poor-days': {
      const l = await readWifiServiceLevel(ctx, w, { poorDayBelow: 0.95 });
      return l.attempts ? l.poorDays.length : null;
    }
    case 'projects.red':
      return (await readPortfolioAt(ctx, end)).rag.red;
    case 'projects.amber':
      return (await readPortfolioAt(ctx, end)).rag.amber;
    case 'projects.spent': {
      const t = (await readPortfolioAt(ctx, end)).totals;
      return t.totalSpent / t.totalBudget;
    }
    case 'projects.over-budget':
      return (await readPortfolioAt(ctx, end)).live.filter((p) => p.budget.overBudget).length;
    case 'risks.high': {
      const since = zonedToUtc(addDays(previous.endsOn, 1), '00:00', tz);
      return (await readRisksAt(ctx, { at: end, since })).filter((r) => r.rating === 'high' || r.rating === 'critical').length;
    }
    case 'standards.core-met':
      return (await readStandardsRollup(ctx, { on: term.endsOn })).core.met;
    case 'standards.overdue':
      return (await readStandardsRollup(ctx, { on: term.endsOn })).overdue.length;
    case 'manual.restore-test': {
      const v = await manual(id);
      return v === null ? null : Math.round((Date.parse(`${term.endsOn}T00:00:00Z`) - Date.parse(`${v}T00:00:00Z`)) / 86_400_000);
    }
    case 'phishing.report-rate':
    case 'phishing.recognised-rate': {
      const t = (await readPhishingSummary(ctx, w)).totals;
      const r = id === 'phishing.report-rate' ? t.reported : t.recognised;
      return r.n > 0 ? r.k / r.n : null;
    }
    default:
      if (id.startsWith('manual.')) {
        const v = await manual(id);
        return v === null ? null : Number(v);
      }
      throw new Error(`no expectation for ${id}`);
  }
}

describeEachDemoDatabase('the termly report on the demo school', (t) => {
  let summer: Term;
  let spring: Term;
  let fresh: ReportFigures;
  beforeAll(async () => {
    const terms = [...(await loadSchoolCalendar(t.ctx())).terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
    const i = terms.findIndex((x) => x.startsOn === '2026-04-21');
    summer = terms[i] as Term;
    spring = terms[i - 1] as Term;
    fresh = await buildFigures(t.ctx(undefined, NOW), '2026-09-03');
  }, 400_000);

  it('has last term’s report published and this term’s as a draft', async () => {
    const { terms } = await listReports(t.ctx(undefined, NOW));
    expect(terms.slice(0, 2).map((x) => [x.name, x.report?.status])).toEqual([
      ['Autumn 2026', 'draft'],
      ['Summer 2026', 'published'],
    ]);
    expect(fresh.terms.map((x) => x.label)).toEqual(['Autumn 2025', 'Spring 2026', 'Summer 2026', 'Autumn 2026']);
  });

  it('computes every KPI in the catalogue: none waits for a module', () => {
    expect(fresh.waiting).toEqual([]);
    expect(fresh.kpis.map((k) => k.id).sort()).toEqual(KPI_CATALOGUE.map((k) => k.id).sort());
  });

  for (const kpi of KPI_CATALOGUE)
    it(`${kpi.id} for last term equals its source`, async () => {
      const got = fresh.kpis.find((k) => k.id === kpi.id)?.series.find((p) => p.startsOn === summer.startsOn)?.value;
      const want = await expected(t.ctx(undefined, NOW), kpi.id, summer, spring);
      if (want === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(want, 10);
      // The demo has a figure for every KPI but the ICO one (no deadline fell last term), Wi-Fi (a week of
      // this term's data) and phishing (both demo campaigns ran this term).
      if (kpi.id !== 'security.ico-deadlines' && !kpi.id.startsWith('wifi.') && !kpi.id.startsWith('phishing.'))
        expect(got, kpi.id).not.toBeNull();
    });

  for (const id of ['wifi.success-rate', 'wifi.poor-days', 'phishing.report-rate', 'phishing.recognised-rate'])
    it(`${id} for this term equals its source`, async () => {
      const autumn = { startsOn: '2026-09-03', endsOn: fresh.term.endsOn };
      const got = fresh.kpis.find((k) => k.id === id)?.value;
      const want = await expected(t.ctx(undefined, NOW), id, autumn, summer);
      expect(want).not.toBeNull();
      expect(got).toBeCloseTo(want as number, 10);
    });

  it('names the percentile method and the working-hours clock in the footnotes (AT-29, AT-30)', () => {
    expect(fresh.footnotes.join(' ')).toContain('90th percentiles are by nearest rank, the ceil(0.9 × n)-th value');
    expect(fresh.footnotes.join(' ')).toContain('working hours on the school calendar');
  });

  it('the published Word and PDF files hold the text, the figures and the charts', async () => {
    const ctx = t.ctx(undefined, NOW);
    const id = (await listReports(ctx)).terms.find((x) => x.name === 'Summer 2026')?.report?.id as string;
    const view = await getReport(ctx, id);
    const sla = view.figures.kpis.find((k) => k.id === 'helpdesk.sla-resolution');
    const docx = await JSZip.loadAsync((await exportReport(ctx, id, 'docx')).bytes);
    const xml = (await docx.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('Oakfield School: IT Services report to SLT, Summer 2026');
    expect(text).toContain('Appendix: the KPI pack');
    expect(text).toContain(`${sla?.label}`);
    expect(text).toContain(`${sla?.display}`);
    const media = Object.keys(docx.files).filter((f) => f.startsWith('word/media/'));
    // Each chart is an SVG with its PNG (identical sparklines share one file): three section charts and a sparkline per KPI.
    expect(media.some((f) => f.endsWith('.png')) && media.some((f) => f.endsWith('.svg'))).toBe(true);
    expect(xml.match(/<pic:pic /g)?.length ?? 0).toBeGreaterThanOrEqual(3 + view.figures.kpis.length);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: new Uint8Array((await exportReport(ctx, id, 'pdf')).bytes), verbosity: 0 })
      .promise;
    let all = '';
    let images = 0;
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      all += `${(await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
      images += (await page.getOperatorList()).fnArray.filter((f) => f === pdfjs.OPS.paintImageXObject).length;
    }
    expect(all).toContain('Summer 2026');
    expect(all).toContain(`${sla?.display}`);
    expect(all).toContain('Decisions requested');
    expect(images).toBeGreaterThanOrEqual(3 + view.figures.kpis.length);
  });

  it('a published report does not change when the data does; a draft does', async () => {
    const ctx = t.ctx(undefined, NOW);
    const { terms } = await listReports(ctx);
    const id = terms.find((x) => x.name === 'Summer 2026')?.report?.id as string;
    const before = await getReport(ctx, id);
    const pdfBefore = createHash('sha256')
      .update((await exportReport(ctx, id, 'pdf')).bytes)
      .digest('hex');
    const redBefore = before.figures.kpis.find((k) => k.id === 'projects.red')?.value;
    // A project goes red inside last term, after the report was published.
    const director = {
      kind: 'user' as const,
      id: crypto.randomUUID(),
      email: 's.harding@oakfield.example',
      name: 'Sam Harding',
      role: 'admin' as const,
    };
    const now = await readPortfolioAt(ctx, new Date(NOW));
    const green = before.figures.tables.projects.find(
      (p) => p.rag === 'green' && now.live.some((x) => x.id === p.id && x.status === p.status),
    );
    expect(green).toBeDefined();
    await updateProject(t.ctx(director, '2026-07-10T15:00:00Z'), green?.id as string, {
      rag: 'red',
      ragReason: 'Supplier went into administration',
    });
    const after = await getReport(ctx, id);
    expect(after.figures).toEqual(before.figures);
    expect(after.narrative).toEqual(before.narrative);
    expect(
      createHash('sha256')
        .update((await exportReport(ctx, id, 'pdf')).bytes)
        .digest('hex'),
    ).toBe(pdfBefore);
    await expect(refreshReport(ctx, id)).rejects.toThrow(Conflict);
    await expect(publishReport(ctx, id)).rejects.toThrow(Conflict);
    const draftId = terms.find((x) => x.name === 'Autumn 2026')?.report?.id as string;
    const draft = await refreshReport(ctx, draftId);
    expect(
      draft.figures.kpis.find((k) => k.id === 'projects.red')?.series.find((p) => p.startsOn === summer.startsOn)?.value,
    ).toBe((redBefore ?? 0) + 1);
  });

  it('roles: SLT reads published reports only; staff and pupils neither reports nor the tracker', async () => {
    const app = await testApp(t.database());
    try {
      const slt = await signInAs(app, t.database(), 'slt');
      const list = (await slt.request({ method: 'GET', url: '/api/reports' })).json() as {
        terms: { name: string; report: { id: string; status: string } }[];
      };
      expect(list.terms.map((x) => [x.name, x.report.status])).toEqual([['Summer 2026', 'published']]);
      const admin = await signInAs(app, t.database(), 'admin');
      const all = (await admin.request({ method: 'GET', url: '/api/reports' })).json() as typeof list;
      const draft = all.terms.find((x) => x.report?.status === 'draft')?.report.id;
      const published = list.terms[0]?.report.id;
      expect((await slt.request({ method: 'GET', url: `/api/reports/${draft}` })).statusCode).toBe(404);
      expect((await slt.request({ method: 'GET', url: `/api/reports/${published}` })).statusCode).toBe(200);
      const pdf = await slt.request({ method: 'GET', url: `/api/reports/${published}/file/pdf` });
      expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
      expect((await slt.request({ method: 'POST', url: `/api/reports/${draft}/publish` })).statusCode).toBe(403);
      expect(
        (await slt.request({ method: 'PATCH', url: `/api/reports/${draft}/narrative`, payload: { key: 'headline', text: 'x' } }))
          .statusCode,
      ).toBe(403);
      expect((await slt.request({ method: 'GET', url: '/api/standards' })).statusCode).toBe(200);
      expect(
        (
          await slt.request({
            method: 'PATCH',
            url: '/api/standards/requirements/dfe.cabling.copper',
            payload: { status: 'n_a' },
          })
        ).statusCode,
      ).toBe(403);
      const records = await slt.request({ method: 'GET', url: `/api/reports/${published}/records/helpdesk.created` });
      const body = records.json() as { records: { title: string; detail: string; url: string | null }[] };
      expect(body.records.length).toBeGreaterThan(0);
      expect(body.records.every((r) => r.url === null && /^#\d+ /.test(r.title))).toBe(true);
      for (const role of ['staff', 'pupil'] as const) {
        const s = await signInAs(app, t.database(), role);
        for (const url of ['/api/reports', '/api/standards', `/api/reports/${published}`, `/api/reports/${published}/file/pdf`])
          expect((await s.request({ method: 'GET', url })).statusCode, `${role} ${url}`).toBe(403);
      }
      const edited = await admin.request({
        method: 'PATCH',
        url: `/api/reports/${draft}/narrative`,
        payload: { key: 'headline', text: 'A calm term.' },
      });
      expect(edited.statusCode).toBe(200);
      expect((edited.json() as { narrative: { key: string; text: string; edited: boolean }[] }).narrative[0]).toMatchObject({
        key: 'headline',
        text: 'A calm term.',
        edited: true,
      });
    } finally {
      await app.close();
    }
  });
});
