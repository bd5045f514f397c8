import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { selectManualValues, upsertManualValue } from '../db/report-queries.ts';
import { KPI_CATALOGUE } from './kpi-catalogue.ts';

/** The figures Belfry does not hold (MFA coverage, patching, restore test, training, device age), entered by hand each term with their evidence. */

export const ManualInput = z.object({
  termStartsOn: z.string().refine(isIsoDate, 'Use the term’s first day, e.g. 2026-09-03'),
  kpiId: z.string().max(80),
  /** A share as a percentage (0-100), a count, or a date (YYYY-MM-DD) for a date KPI. */
  value: z.string().trim().min(1).max(40),
  evidence: z.string().trim().min(3, 'Say where the figure came from').max(1000),
  evidenceUrl: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .nullish(),
});

export async function setManualValue(ctx: Ctx, input: z.input<typeof ManualInput>): Promise<void> {
  requireRole(ctx, 'admin');
  const m = parseInput(ManualInput, input);
  const kpi = KPI_CATALOGUE.find((k) => k.id === m.kpiId);
  if (kpi?.source.kind !== 'manual') throw new NotFound(`${m.kpiId} is not a figure entered by hand`);
  const term = (await loadSchoolCalendar(ctx)).terms.find((t) => t.startsOn === m.termStartsOn);
  if (!term) throw new Invalid('termStartsOn: no term starts that day');
  let value: string;
  if (kpi.source.format === 'date') {
    if (!isIsoDate(m.value)) throw new Invalid('value: enter the date of the test as a day, month and year');
    value = m.value;
  } else {
    const n = Number(m.value.replace(/%$/, ''));
    if (!Number.isFinite(n) || n < 0) throw new Invalid('value: enter a number');
    if (kpi.source.format === 'share' && n > 100) throw new Invalid('value: a percentage is at most 100');
    value = String(kpi.source.format === 'share' ? Math.round(n * 100) / 10_000 : n);
  }
  await upsertManualValue(ctx.db, {
    termStartsOn: m.termStartsOn,
    kpiId: m.kpiId,
    value,
    evidence: m.evidence,
    evidenceUrl: m.evidenceUrl ?? null,
    enteredBy: ctx.actor?.kind === 'user' ? ctx.actor.name : 'Belfry',
    enteredAt: ctx.clock.now(),
  });
  await recordAudit(ctx, {
    action: 'reports.manual',
    summary: `${kpi.label}, ${term.name} ${term.startsOn.slice(0, 4)}: ${m.value}${kpi.source.format === 'share' ? '%' : ''} (entered by hand)`,
    targetType: 'report_kpi',
    targetId: m.kpiId,
  });
}

export async function listManualValues(ctx: Ctx, termStartsOn: string) {
  requireRole(ctx, 'admin', 'it');
  const rows = await selectManualValues(ctx.db, termStartsOn);
  return KPI_CATALOGUE.filter((k) => k.source.kind === 'manual').map((k) => {
    const r = rows.find((x) => x.kpiId === k.id);
    return {
      kpiId: k.id,
      label: k.label,
      definition: k.definition,
      format: k.source.kind === 'manual' ? k.source.format : 'count',
      evidenceHint: k.source.kind === 'manual' ? k.source.evidenceHint : '',
      value: r?.value ?? null,
      evidence: r?.evidence ?? null,
      evidenceUrl: r?.evidenceUrl ?? null,
      enteredBy: r?.enteredBy ?? null,
      enteredAt: r?.enteredAt.toISOString() ?? null,
    };
  });
}
