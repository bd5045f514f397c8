import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  type BriefingRow,
  insertDelivery,
  insertRevision,
  type RevisionRow,
  selectBriefing,
  selectRevision,
  selectRevisions,
  selectSections,
  updateBriefingRow,
  updateSectionRow,
} from '../db/briefing-queries.ts';
import { extraRecipientsSetting } from './briefing-settings.ts';
import { htmlToPlainText, htmlToWords, renderMarkdown } from './markdown.ts';
import { EDIT_ROLES } from './roles.ts';
import type { SendResult } from './view-types.ts';
import { shortDay } from './words.ts';

/**
 * Publishing: the sections with something in them become one Markdown document, rendered and
 * sanitised, kept as a revision that is never changed again, and emailed to the team (HTML and
 * plain text through ctx.mail). A correction is a new revision with a note saying what changed;
 * the old one is kept. Sharing with SLT lets senior leaders read it in Belfry, and can email them.
 */

export type Audience = 'team' | 'slt';

export const PublishInput = z.object({
  /** Email it (default: when outgoing mail is set up). */
  email: z.boolean().optional(),
  /** For a correction: what it changes. */
  note: z.string().trim().max(500).optional(),
});
export type PublishInput = z.input<typeof PublishInput>;

export const ShareInput = z.object({ shared: z.boolean(), email: z.boolean().optional() });
export type ShareInput = z.input<typeof ShareInput>;

const actorLabel = (ctx: Ctx) => (ctx.actor?.kind === 'user' ? ctx.actor.name : 'Belfry');

async function mustGet(ctx: Ctx, id: string): Promise<BriefingRow> {
  const b = await selectBriefing(ctx.db, id);
  if (!b) throw new NotFound('No such briefing');
  return b;
}

/** The whole briefing as Markdown: its title, then every section with something in it. */
export function composeBriefing(
  title: string,
  sections: readonly { title: string; markdown: string }[],
  correction?: { on: string; note: string },
): string {
  const parts = [`# ${title}`];
  if (correction) parts.push(`*Corrected ${shortDay(correction.on)}: ${correction.note.replace(/[*_]/g, '')}*`);
  for (const s of sections) if (s.markdown.trim()) parts.push(`## ${s.title}`, s.markdown.trim());
  return `${parts.join('\n\n')}\n`;
}

/** Who gets it: the team (active admin and IT accounts, and the extra addresses), or SLT. */
export async function recipientsFor(ctx: Ctx, audience: Audience): Promise<string[]> {
  const users = (await listUserSummaries(ctx)).filter((u) => u.isActive);
  const roles = audience === 'team' ? ['admin', 'it'] : ['slt'];
  const emails = users.filter((u) => roles.includes(u.role)).map((u) => u.email.toLowerCase());
  if (audience === 'team') emails.push(...(await getSetting(ctx, extraRecipientsSetting)).map((e) => e.toLowerCase()));
  return [...new Set(emails)].sort();
}

/** The email: HTML with absolute links to Belfry, and the same in plain text. */
export function briefingEmail(ctx: Ctx, briefing: BriefingRow, revision: RevisionRow, audience: Audience) {
  const base = ctx.config.baseUrl.replace(/\/$/, '');
  const url = `${base}/briefings/${briefing.id}`;
  const body = renderMarkdown(revision.markdown, { baseUrl: base });
  const intro =
    audience === 'slt'
      ? '<p>The Director of IT has shared this week’s IT Services briefing with the senior leadership team.</p>'
      : '';
  const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(revision.title)}</title></head>
<body style="font-family: -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #1a1b1e; max-width: 720px; margin: 0 auto; padding: 16px;">
${intro}${body}
<hr style="border: none; border-top: 1px solid #dee2e6; margin: 24px 0 8px;">
<p style="font-size: 13px; color: #5c5f66;">Read it in Belfry, with every figure linked to its records: <a href="${url}">${url}</a></p>
</body></html>`;
  const text = `${audience === 'slt' ? 'The Director of IT has shared this week’s IT Services briefing with the senior leadership team.\n\n' : ''}${htmlToPlainText(body)}\n\n--\nRead it in Belfry: ${url}\n`;
  return { subject: revision.number > 1 ? `Corrected: ${revision.title}` : revision.title, html, text };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** Emails the current revision to an audience and records who it went to. */
export async function sendBriefing(ctx: Ctx, id: string, audience: Audience): Promise<SendResult> {
  requireRole(ctx, ...EDIT_ROLES);
  const briefing = await mustGet(ctx, id);
  const revision = briefing.currentRevisionId ? await selectRevision(ctx.db, briefing.currentRevisionId) : undefined;
  if (!revision) throw new Conflict('This briefing has not been published yet');
  if (audience === 'slt' && !briefing.sharedWithSlt) throw new Conflict('Share the briefing with SLT before emailing them');
  if (!ctx.mail.isConfigured)
    return {
      sentTo: [],
      mailError: 'Mail is not set up in Belfry, so nothing was emailed. Settings, General, Mail says how to set it up.',
    };
  const to = await recipientsFor(ctx, audience);
  if (to.length === 0)
    return {
      sentTo: [],
      mailError: `There is no one to email: no active ${audience === 'team' ? 'admin or IT' : 'SLT'} accounts`,
    };
  const mail = briefingEmail(ctx, briefing, revision, audience);
  try {
    await ctx.mail.send({ to, ...mail });
  } catch (err) {
    ctx.log.error({ err }, 'briefing email failed');
    return { sentTo: [], mailError: `The email could not be sent: ${err instanceof Error ? err.message : 'unknown error'}` };
  }
  await insertDelivery(ctx.db, {
    id: newId(),
    revisionId: revision.id,
    audience,
    recipients: to,
    sentAt: ctx.clock.now(),
    sentBy: actorLabel(ctx),
  });
  await recordAudit(ctx, {
    action: 'briefings.send',
    summary: `Emailed ${revision.title} to ${to.length} ${audience === 'team' ? 'in the team' : 'in SLT'}`,
    targetType: 'briefing',
    targetId: id,
    details: { to, revision: revision.number },
  });
  return { sentTo: to, mailError: null };
}

/**
 * Publishes the draft (or the correction) as the next revision, then emails it to the team when
 * asked (and by default when mail is set up). The revision stands even if the email fails: the
 * result says why, and it can be sent again.
 */
export async function publishBriefing(
  ctx: Ctx,
  id: string,
  input: PublishInput = {},
): Promise<{ revision: number } & SendResult> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(PublishInput, input);
  const briefing = await mustGet(ctx, id);
  if (briefing.status === 'published') throw new Conflict('This briefing is already published; start a correction to change it');
  const correcting = briefing.status === 'correcting';
  if (correcting && !data.note) throw new Invalid('note: say what the correction changes');
  const sections = await selectSections(ctx.db, id);
  if (!sections.some((s) => s.markdown.trim())) throw new Invalid('There is nothing to publish: every section is empty');
  const previous = (await selectRevisions(ctx.db, id))[0];
  const now = ctx.clock.now();
  const markdown = composeBriefing(
    briefing.title,
    sections,
    correcting && data.note ? { on: localDate(now, ctx.config.timeZone), note: data.note } : undefined,
  );
  const html = renderMarkdown(markdown);
  const revision = await ctx.db.transaction(async (db) => {
    const row = await insertRevision(db, {
      id: newId(),
      briefingId: id,
      number: (previous?.number ?? 0) + 1,
      title: briefing.title,
      markdown,
      sections: sections
        .filter((s) => s.markdown.trim())
        .map((s) => ({ key: s.key, title: s.title, markdown: s.markdown, data: s.data })),
      html,
      searchText: htmlToWords(html),
      note: correcting ? (data.note ?? null) : null,
      publishedAt: now,
      publishedBy: actorLabel(ctx),
    });
    await updateBriefingRow(db, id, {
      status: 'published',
      currentRevisionId: row.id,
      publishedAt: briefing.publishedAt ?? now,
      updatedAt: now,
    });
    return row;
  });
  await recordAudit(ctx, {
    action: correcting ? 'briefings.correct' : 'briefings.publish',
    summary: `${correcting ? 'Published a correction to' : 'Published'} ${briefing.title}`,
    targetType: 'briefing',
    targetId: id,
    details: { revision: revision.number },
  });
  const email = data.email ?? ctx.mail.isConfigured;
  const sent = email ? await sendBriefing(ctx, id, 'team') : { sentTo: [], mailError: null };
  if (email && briefing.sharedWithSlt && !sent.mailError) await sendBriefing(ctx, id, 'slt');
  return { revision: revision.number, ...sent };
}

/** Opens a correction: the sections become editable again; readers keep seeing the published revision. */
export async function startCorrection(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const briefing = await mustGet(ctx, id);
  if (briefing.status !== 'published') throw new Conflict('Only a published briefing can be corrected');
  await updateBriefingRow(ctx.db, id, { status: 'correcting', updatedAt: ctx.clock.now() });
}

/** Drops an unfinished correction: the sections go back to what was published. */
export async function discardCorrection(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const briefing = await mustGet(ctx, id);
  if (briefing.status !== 'correcting') throw new Conflict('There is no correction to discard');
  const revision = briefing.currentRevisionId ? await selectRevision(ctx.db, briefing.currentRevisionId) : undefined;
  const published = new Map((revision?.sections ?? []).map((s) => [s.key, s.markdown]));
  const now = ctx.clock.now();
  await ctx.db.transaction(async (db) => {
    for (const s of await selectSections(db, id)) {
      const markdown = published.get(s.key) ?? '';
      await updateSectionRow(db, s.id, { markdown, edited: markdown.trim() !== s.generated.trim(), updatedAt: now });
    }
    await updateBriefingRow(db, id, { status: 'published', updatedAt: now });
  });
}

/** Lets SLT read the briefing in Belfry (or stops it); with `email`, sends it to them too. */
export async function shareBriefing(ctx: Ctx, id: string, input: ShareInput): Promise<SendResult> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(ShareInput, input);
  const briefing = await mustGet(ctx, id);
  if (!briefing.currentRevisionId) throw new Conflict('Publish the briefing before sharing it');
  const now = ctx.clock.now();
  await updateBriefingRow(ctx.db, id, { sharedWithSlt: data.shared, sharedAt: data.shared ? now : null, updatedAt: now });
  await recordAudit(ctx, {
    action: data.shared ? 'briefings.share' : 'briefings.unshare',
    summary: `${data.shared ? 'Shared' : 'Stopped sharing'} ${briefing.title} ${data.shared ? 'with' : 'with'} SLT`,
    targetType: 'briefing',
    targetId: id,
  });
  if (data.shared && data.email) return sendBriefing(ctx, id, 'slt');
  return { sentTo: [], mailError: null };
}

export type { SendResult } from './view-types.ts';
