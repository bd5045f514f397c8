import { createHash } from 'node:crypto';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { csvLine } from '../../../lib/csv.ts';
import { getSetting } from '../../settings/index.ts';
import { findCampaignRow } from './campaigns.ts';
import { findLureRows } from './lures.ts';
import { suppressionSetting } from './phishing-settings.ts';
import { loadOutcomes } from './results.ts';
import { trainingByRecipient } from './training.ts';

/**
 * The results CSV (research PH-18): stable columns, RFC 4180 quoting, ISO-8601 UTC times, formula
 * injection neutralised (lib/csv). IT gets a pseudonymous recipient_ref; SLT's copy has no ref and
 * no rows for groups under the threshold. No name, address or typed value is ever in it.
 */

const COLUMNS = [
  'campaign_id',
  'campaign_name',
  'recipient_ref',
  'group',
  'lure_id',
  'lure_technique',
  'lure_theme',
  'difficulty',
  'delivery_status',
  'smtp_accepted_at',
  'reported_at',
  'reported_before_click',
  'first_human_click_at',
  'click_class',
  'submitted_at',
  'excluded_automated_interactions',
  'training_assigned',
  'training_completed_at',
] as const;

export const recipientRef = (id: string) => `R-${createHash('sha256').update(id).digest('hex').slice(0, 10)}`;

export async function resultsCsv(ctx: Ctx, campaignId: string): Promise<string> {
  const actor = requireRole(ctx, ...IT_ROLES, 'slt');
  const slt = actor.role === 'slt';
  const c = await findCampaignRow(ctx, campaignId);
  const outcomes = await loadOutcomes(ctx, campaignId);
  const lures = new Map((await findLureRows(ctx, c.lureIds)).map((l) => [l.id, l]));
  const training = await trainingByRecipient(ctx, campaignId);
  const threshold = await getSetting(ctx, suppressionSetting);
  const groupSize = new Map<string, number>();
  for (const o of outcomes) if (o.status === 'accepted') groupSize.set(o.groupName, (groupSize.get(o.groupName) ?? 0) + 1);
  const columns = slt ? COLUMNS.filter((col) => col !== 'recipient_ref') : [...COLUMNS];
  let out = csvLine(columns);
  for (const o of outcomes) {
    if (slt && (groupSize.get(o.groupName) ?? 0) < threshold) continue;
    const l = lures.get(o.lureId);
    const t = training.get(o.id);
    const row: Record<(typeof COLUMNS)[number], unknown> = {
      campaign_id: c.id,
      campaign_name: c.name,
      recipient_ref: recipientRef(o.id),
      group: o.groupName,
      lure_id: o.lureId,
      lure_technique: l?.technique ?? '',
      lure_theme: l?.theme ?? '',
      difficulty: l?.difficulty ?? '',
      delivery_status: o.status,
      smtp_accepted_at: o.smtpAcceptedAt,
      reported_at: o.reportedAt,
      reported_before_click: o.reportedAt ? o.reportedBeforeClick : false,
      first_human_click_at: o.firstHumanClickAt,
      click_class: o.clickClass ?? '',
      submitted_at: o.submittedAt,
      excluded_automated_interactions: o.automated,
      training_assigned: !!t,
      training_completed_at: t?.completedAt ?? null,
    };
    out += csvLine(columns.map((col) => row[col]));
  }
  return out;
}
