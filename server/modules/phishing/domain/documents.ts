import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { getSetting, schoolNameSetting } from '../../settings/index.ts';
import { findCampaignRow } from './campaigns.ts';
import { findLureRows } from './lures.ts';
import { reportingAddressSetting, retentionSetting, suppressionSetting } from './phishing-settings.ts';
import { listProfiles } from './profiles.ts';

/**
 * Words generated from the campaign's own settings (research §5, ICO monitoring at work): the
 * notice staff are given before simulations start, the outline of the DPIA, and the set-up
 * checklist for Microsoft 365 Advanced Delivery and Google Workspace with the exact entries.
 */

export type DocumentText = { title: string; sections: { heading: string; paragraphs: string[] }[] };

export async function staffNotice(ctx: Ctx, campaignId: string): Promise<DocumentText> {
  requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, campaignId);
  const school = await getSetting(ctx, schoolNameSetting);
  const report = (await getSetting(ctx, reportingAddressSetting)) || 'the IT Services reporting address';
  const threshold = await getSetting(ctx, suppressionSetting);
  return {
    title: `Practice phishing emails at ${school}`,
    sections: [
      {
        heading: 'What is happening',
        paragraphs: [
          `From time to time IT Services sends practice phishing emails to small groups of staff. They look like the messages criminals send to schools, so that we all get better at spotting and reporting the real thing. The DfE's cyber security standards ask schools to train all staff on phishing each year; these practice emails are part of that.`,
        ],
      },
      {
        heading: 'What we record, and what we never record',
        paragraphs: [
          'We record whether the message was delivered, whether it was reported, and whether its link was opened (telling people apart from the link scanners that open every link automatically).',
          'We never record a password or anything else you type: the practice pages cannot send it. If you type into one, only the fact that something was typed is noted.',
          c.landingMode === 'form'
            ? 'This round includes a pretend sign-in page. Whatever you type there stays on your screen.'
            : 'This round shows a short explanation page straight after the link, with no sign-in page.',
        ],
      },
      {
        heading: 'Who sees the results',
        paragraphs: [
          `Individual results are seen only by the Director of IT and IT Services, and are deleted ${c.retentionDays} days after the round closes. Senior leaders see totals only, never names, and groups of fewer than ${threshold} people are not shown. Results are never used for performance management or discipline.`,
        ],
      },
      {
        heading: 'What to do',
        paragraphs: [
          `If an email looks suspicious, report it: use the Report button in Outlook or Gmail, or forward it to ${report}. Reporting is the most useful thing you can do, practice or not. If you open a practice link, you will see a short page showing the signs that were there; nobody is in trouble.`,
          'If you would rather not receive practice emails for a while (for example for a wellbeing reason), tell the Director of IT: you will be left out with no questions asked.',
        ],
      },
    ],
  };
}

export async function dpiaOutline(ctx: Ctx, campaignId: string): Promise<DocumentText> {
  requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, campaignId);
  const lures = await findLureRows(ctx, c.lureIds);
  const flagged = lures.filter((l) => l.ethicsFlags.length);
  const threshold = await getSetting(ctx, suppressionSetting);
  const retention = await getSetting(ctx, retentionSetting);
  return {
    title: `DPIA outline: ${c.name}`,
    sections: [
      {
        heading: '1. Purpose',
        paragraphs: [
          c.purpose ||
            'To measure and improve how staff recognise and report phishing, and to aim training at the lures staff find hardest.',
        ],
      },
      {
        heading: '2. Lawful basis',
        paragraphs: [
          "Legitimate interests (UK GDPR Article 6(1)(f)) in protecting the school's systems and pupils' data; balancing test to be recorded. Not special category data.",
        ],
      },
      {
        heading: '3. Data processed',
        paragraphs: [
          "Staff name and work email address (from the school's directory), the group used for reporting, the lure sent, delivery time, report time, and for each tracked request: time, kind, the first three parts of the IP address, a keyed hash of the address, a short browser description and the evidence for its classification.",
          'Not processed: passwords or any value typed into a practice page (the pages cannot send them), message content beyond the lure itself, location.',
        ],
      },
      {
        heading: '4. Necessity and proportionality',
        paragraphs: [
          `Small groups; lures randomised per person so results describe lures, not individuals; a calendar guard keeps simulations out of holidays, INSET days, closures and blocked weeks (exams, report writing); staff on leave, new starters, people with a declared wellbeing reason and the DSL during an incident are excluded.`,
          flagged.length
            ? `Sensitive pretexts used (${flagged.map((l) => `${l.name}: ${l.ethicsFlags.join(', ')}`).join('; ')}), each signed off by SLT before use.`
            : 'No sensitive pretext (pay, bonus, illness, bereavement, safeguarding) is used in this campaign.',
        ],
      },
      {
        heading: '5. Retention and access',
        paragraphs: [
          `Per-person results: ${c.retentionDays} days after close (school default ${retention}), then deleted automatically; aggregates kept. Access: Director of IT and IT Services only; SLT see totals with groups under ${threshold} withheld.`,
        ],
      },
      {
        heading: '6. Risks and measures',
        paragraphs: [
          'Distress or loss of trust: staff notice issued before the first round; supportive follow-up only; no names to SLT; opt-out for wellbeing.',
          'Misleading results from link scanners: every request classified with evidence; machines excluded and counted; admin overrides recorded in the audit log.',
          'Credential exposure: no credential capture by design; verified by an automated test on every release.',
        ],
      },
      {
        heading: '7. Consultation and sign-off',
        paragraphs: ['Staff consulted via: ____. DPO advice: ____. Approved by (SLT): ____ on ____.'],
      },
    ],
  };
}

export async function setupChecklist(ctx: Ctx): Promise<DocumentText> {
  requireRole(ctx, ...IT_ROLES);
  const base = ctx.config.phishing?.baseUrl;
  const host = base ? new URL(base).host : '(set BELFRY_PHISHING_BASE_URL)';
  const profiles = await listProfiles(ctx);
  const domains = [...new Set(profiles.map((p) => p.domain).filter(Boolean))];
  const relays = [...new Set(profiles.map((p) => `${p.host}:${p.port}`))];
  const report =
    (await getSetting(ctx, reportingAddressSetting)) || ctx.config.phishing?.imap?.user || '(set phishing.reportingAddress)';
  const domainText = domains.length ? domains.join(', ') : '(add a sending profile first)';
  return {
    title: 'Set-up checklist for your mail platform',
    sections: [
      {
        heading: 'Belfry',
        paragraphs: [
          `Tracking address: ${base ?? 'not set: set BELFRY_PHISHING_BASE_URL and BELFRY_PHISHING_PORT'}. Publish only this listener (port ${ctx.config.phishing?.port ?? 'not set'}) on the internet; the admin app stays inside.`,
          `Sending domain(s): ${domainText}. Relay(s): ${relays.join(', ') || 'none yet'}.`,
          `Reporting mailbox: ${report}${ctx.config.phishing?.imap ? ` (polled over IMAP from ${ctx.config.phishing.imap.host})` : ' (not polled: set BELFRY_PHISHING_IMAP_HOST, _USER and _PASSWORD)'}.`,
        ],
      },
      {
        heading:
          'Microsoft 365: Advanced delivery (Defender portal > Email & collaboration > Policies & rules > Threat policies > Advanced delivery > Phishing simulation)',
        paragraphs: [
          `Sending domains: ${domainText} (the MAIL FROM and From domains).`,
          'Sending IP: the public address your relay sends from (the one in the message headers when it reaches Exchange Online).',
          `Simulation URLs to allow: ${host}/*`,
          "Without this entry Safe Links opens every link at delivery and the Report button's check opens reported messages: Belfry marks those as machines, but the policy keeps the figures clean.",
          `User reported settings: set the reporting mailbox (${report}) as the SecOps mailbox, so reported messages are not detonated and no training is triggered by the report itself.`,
        ],
      },
      {
        heading: 'Google Workspace (Admin console > Apps > Google Workspace > Gmail)',
        paragraphs: [
          `Spam, phishing and malware > Email allowlist: the relay's sending IP. Add a spam setting that bypasses filters for messages from ${domainText}.`,
          `Image URL proxy allowlist (Gmail > End user access): ${host}/*, so the open pixel is not fetched by Google's image proxy at delivery.`,
          `Compliance: route reported messages to ${report}; the Report phishing button sends them to Google as well.`,
        ],
      },
      {
        heading: 'Other gateways (Mimecast, Proofpoint, Sophos...)',
        paragraphs: [
          `Allow ${domainText} and the relay's IP, and exempt ${host} from URL rewriting and sandboxing. Add the scanners' published ranges to phishing.scannerNetworks so their requests are classed as machines.`,
        ],
      },
    ],
  };
}
