/**
 * The shape of `readPhishingSummary(ctx, { from, to })`, agreed between branches (TEAM.md,
 * issue 15), declared here so the phishing KPIs compute from it today and are tested on it.
 * When the phishing module lands, import the type from '../../phishing/index.ts' instead and
 * switch the source on in term-sources.ts (PHISHING_SOURCE): nothing else changes.
 */
export type PhishingRate = { k: number; n: number; rate: number | null; low: number | null; high: number | null };

export type PhishingCampaignSummary = {
  id: string;
  name: string;
  state: string;
  startedAt: string | null;
  closedAt: string | null;
  delivered: number;
  reported: PhishingRate;
  recognised: PhishingRate;
  humanClicked: PhishingRate;
  submitted: PhishingRate;
  medianMinutesToFirstReport: number | null;
  excludedAutomated: number;
  url: string;
};

export type PhishingSummary = {
  from: string;
  to: string;
  campaigns: PhishingCampaignSummary[];
  totals: Omit<PhishingCampaignSummary, 'id' | 'name' | 'state' | 'startedAt' | 'closedAt' | 'url'> & { campaigns: number };
  byTag: { dimension: 'technique' | 'theme'; tag: string; label: string; humanClicked: PhishingRate; reported: PhishingRate }[];
  suppressionThreshold: number;
};
