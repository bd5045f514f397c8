import { type Ctx, requireRole } from '../../../lib/context.ts';
import { getSetting, schoolNameSetting } from '../../settings/index.ts';
import type { Audience } from './audiences.ts';
import { resultsCsv, summaryDocx } from './exports.ts';
import { READ_ROLES } from './question-bank.ts';
import { buildResults } from './results.ts';
import { type SltSummary, summarise } from './summary.ts';

/** The SLT summary and the exports (Director, IT, SLT), and the read function for the termly report. */

export async function getSltSummary(ctx: Ctx): Promise<SltSummary> {
  requireRole(ctx, ...READ_ROLES);
  return summarise(await buildResults(ctx));
}

export async function exportResultsCsv(ctx: Ctx, filter: { audience?: Audience } = {}): Promise<string> {
  requireRole(ctx, ...READ_ROLES);
  return resultsCsv(await buildResults(ctx, filter));
}

export async function exportSummaryDocx(ctx: Ctx): Promise<Buffer> {
  requireRole(ctx, ...READ_ROLES);
  const results = await buildResults(ctx);
  return summaryDocx(summarise(results), results, await getSetting(ctx, schoolNameSetting));
}

/**
 * For the termly report to SLT (another module): the latest survey's response rates, the flagged
 * changes with n and intervals, and the clear trends. No role check here: the caller checks.
 * Only suppression-safe aggregates leave this function.
 */
export async function readSurveyHighlights(ctx: Ctx): Promise<SltSummary> {
  return summarise(await buildResults(ctx));
}
