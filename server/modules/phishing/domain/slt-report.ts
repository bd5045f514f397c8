import { type Ctx, requireRole } from '../../../lib/context.ts';
import { getSetting, schoolNameSetting } from '../../settings/index.ts';
import { CAMPAIGN_STATES, type CampaignState, findCampaignRow } from './campaigns.ts';
import { analyseTags, pct, rateText, type TagAnalysis } from './lure-analysis.ts';
import { DIFFICULTIES, type Difficulty } from './lure-rules.ts';
import { suppressionSetting } from './phishing-settings.ts';
import { campaignStats, type PhishingRate, type StatsBlock } from './results.ts';

/**
 * The SLT findings report for one campaign (research §7.3): one page, no names, led by reporting,
 * groups under the threshold withheld ("fewer than 5 people"), the lure-type comparison in honest
 * words, the count of machine requests left out, and the Director's own commentary. Open rates are
 * never shown: a pixel says nothing reliable about a person.
 */

export type SltReport = {
  campaign: {
    id: string;
    name: string;
    state: string;
    stateLabel: string;
    startedAt: string | null;
    closedAt: string | null;
    landingMode: string;
  };
  schoolName: string;
  threshold: number;
  delivered: number;
  headline: {
    reported: PhishingRate;
    recognised: PhishingRate;
    humanClicked: PhishingRate;
    submitted: PhishingRate;
    medianMinutesToFirstReport: number | null;
    minutesToFirstReport: number | null;
    excludedAutomated: number;
    uncertainClicks: number;
  };
  groups: {
    name: string;
    suppressed: boolean;
    n: number | null;
    reported: PhishingRate | null;
    humanClicked: PhishingRate | null;
  }[];
  techniques: TagAnalysis;
  themes: TagAnalysis;
  difficulty: { difficulty: Difficulty; label: string; n: number }[];
  suppressedOverall: boolean;
  commentary: string;
  draftCommentary: string;
};

const minutesText = (m: number | null) =>
  m === null ? 'no report yet' : m < 90 ? `${Math.round(m)} minutes` : `${(m / 60).toFixed(1).replace('.0', '')} hours`;

export function draftCommentary(r: Omit<SltReport, 'commentary' | 'draftCommentary'>): string {
  const h = r.headline;
  if (r.suppressedOverall) return `Fewer than ${r.threshold} people received this simulation, so no figures are shown.`;
  const parts = [
    `${pct(h.reported.rate)} of the ${r.delivered} staff who received the message reported it${
      h.minutesToFirstReport !== null
        ? `; the first report reached IT ${minutesText(h.minutesToFirstReport)} after the first message was delivered`
        : ''
    }.`,
    `${pct(h.recognised.rate)} recognised it: they reported it before clicking anything.`,
    r.campaign.landingMode === 'form'
      ? `${pct(h.humanClicked.rate)} opened the link; ${h.submitted.k ? `${pct(h.submitted.rate)} went on to type into the pretend sign-in page` : 'nobody typed into the pretend sign-in page'}. Nothing anyone typed was captured.`
      : `${pct(h.humanClicked.rate)} opened the link.`,
    `${h.excludedAutomated} requests from link scanners and other machines were left out of these figures.`,
  ];
  parts.push(r.themes.statement);
  parts.push(
    'With groups this size every figure has a wide margin; the trend across campaigns matters more than any one result.',
  );
  return parts.join(' ');
}

export async function sltReport(ctx: Ctx, campaignId: string, options: { allowIt?: boolean } = {}): Promise<SltReport> {
  requireRole(ctx, 'admin', 'it', 'slt');
  void options;
  const c = await findCampaignRow(ctx, campaignId);
  const stats = await campaignStats(ctx, campaignId);
  const threshold = await getSetting(ctx, suppressionSetting);
  const o: StatsBlock = stats.overall;
  const suppressedOverall = o.delivered < threshold;
  const difficulty = new Map<Difficulty, number>();
  for (const cell of stats.cells) difficulty.set(cell.difficulty, (difficulty.get(cell.difficulty) ?? 0) + cell.n);
  const base = {
    campaign: {
      id: c.id,
      name: c.name,
      state: c.state,
      stateLabel: CAMPAIGN_STATES[c.state as CampaignState],
      startedAt: c.startedAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
      landingMode: c.landingMode,
    },
    schoolName: await getSetting(ctx, schoolNameSetting),
    threshold,
    delivered: o.delivered,
    headline: {
      reported: o.reported,
      recognised: o.recognised,
      humanClicked: o.humanClicked,
      submitted: o.submitted,
      medianMinutesToFirstReport: o.medianMinutesToFirstReport,
      minutesToFirstReport: stats.minutesToFirstReport,
      excludedAutomated: o.excludedAutomated,
      uncertainClicks: o.uncertainClicks,
    },
    groups: stats.groups.map((g) =>
      g.n < threshold
        ? { name: g.name, suppressed: true, n: null, reported: null, humanClicked: null }
        : { name: g.name, suppressed: false, n: g.n, reported: g.block.reported, humanClicked: g.block.humanClicked },
    ),
    techniques: analyseTags(stats.cells, 'technique', threshold),
    themes: analyseTags(stats.cells, 'theme', threshold),
    difficulty: [...difficulty].map(([d, n]) => ({ difficulty: d, label: DIFFICULTIES[d], n })),
    suppressedOverall,
  };
  return { ...base, commentary: c.commentary, draftCommentary: draftCommentary(base) };
}

/** The report as lines of plain text: the printable page's and the Word document's words. */
export function reportLines(r: SltReport): { title: string; sections: { heading: string; lines: string[] }[] } {
  const h = r.headline;
  const withheld = `Withheld: fewer than ${r.threshold} people`;
  const sections = [
    {
      heading: 'Headline',
      lines: r.suppressedOverall
        ? [withheld]
        : [
            `Reported the message: ${rateText(h.reported)} of ${r.delivered} people`,
            `Recognised it (reported before any click): ${rateText(h.recognised)}`,
            `Median time to report: ${minutesText(h.medianMinutesToFirstReport)}; first report after ${minutesText(h.minutesToFirstReport)}`,
            `Opened the link (people, not machines): ${rateText(h.humanClicked)}`,
            r.campaign.landingMode === 'form'
              ? `Went on to the pretend sign-in page: ${rateText(h.submitted)} (no password or other value is ever captured)`
              : 'No pretend sign-in page in this campaign: the link led straight to the explanation',
            `Machine requests left out (link scanners, previews, report-button checks): ${h.excludedAutomated}${h.uncertainClicks ? `; ${h.uncertainClicks} uncertain clicks shown apart, not counted` : ''}`,
          ],
    },
    {
      heading: 'By group',
      lines: r.groups.map((g) =>
        g.suppressed
          ? `${g.name}: fewer than ${r.threshold} people, not shown`
          : `${g.name} (${g.n}): reported ${rateText(g.reported as PhishingRate)}; clicked ${rateText(g.humanClicked as PhishingRate)}`,
      ),
    },
    {
      heading: 'Which lures worked',
      lines: r.suppressedOverall
        ? [withheld]
        : [
            ...r.themes.rows.map(
              (t) => `${t.label} (${t.n}): clicked ${rateText(t.humanClicked)}; reported ${rateText(t.reported)}`,
            ),
            r.themes.statement,
            ...(r.techniques.rows.length > 1 ? [r.techniques.statement] : []),
          ],
    },
    { heading: 'Difficulty of the lures (NIST Phish Scale)', lines: r.difficulty.map((d) => `${d.label}: ${d.n} messages`) },
    { heading: 'Commentary', lines: [(r.commentary || r.draftCommentary).trim()] },
  ];
  return { title: `Phishing awareness: ${r.campaign.name}`, sections };
}
