import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { replaceTemplate, selectTemplate, type TemplateRow } from '../db/briefing-queries.ts';
import { BRIEFING_FEEDS, feedById } from './feeds.ts';
import { EDIT_ROLES, TEAM_ROLES } from './roles.ts';
import type { TemplateView } from './view-types.ts';

/**
 * The Director's rough template: sections in order, each written by hand, drafted by feeds, or
 * both (the notes of the week land in "Thoughts" for the Director to turn into words). Until the
 * Director changes it, this is the template.
 */
export const DEFAULT_TEMPLATE: readonly TemplateRow[] = [
  {
    key: 'thoughts',
    title: 'Thoughts',
    feeds: ['notes'],
    guidance: 'A few lines from you: what went well, what is on your mind, what is coming. Notes made during the week are below.',
  },
  { key: 'notices', title: 'Notices', feeds: ['notices'], guidance: 'Anything the team must know this week.' },
  { key: 'numbers', title: 'The week in numbers', feeds: ['helpdesk'], guidance: '' },
  { key: 'kudos', title: 'Kudos', feeds: ['kudos'], guidance: 'Thanks the team received this week.' },
  { key: 'security', title: 'Security', feeds: ['security', 'phishing'], guidance: '' },
  { key: 'projects', title: 'Projects', feeds: ['projects'], guidance: '' },
  { key: 'wifi', title: 'Wi-Fi', feeds: ['wifi'], guidance: '' },
  { key: 'meetings', title: 'Meetings', feeds: ['meetings'], guidance: '' },
  { key: 'done', title: 'Done this week', feeds: ['tasks'], guidance: '' },
  { key: 'ahead', title: 'The week ahead', feeds: ['calendar'], guidance: '' },
  { key: 'useful', title: 'Useful info', feeds: ['useful'], guidance: 'New how-tos, contacts and procedures.' },
].map((s, i) => ({ ...s, position: i, enabled: true }));

const Key = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Use lower-case letters, digits and hyphens, starting with a letter');

export const TemplateInput = z.object({
  sections: z
    .array(
      z.object({
        key: Key,
        title: z.string().trim().min(1, 'Give the section a title').max(120),
        feeds: z.array(z.string()).max(6).default([]),
        guidance: z.string().trim().max(500).default(''),
        enabled: z.boolean().default(true),
      }),
    )
    .min(1, 'A briefing needs at least one section')
    .max(30),
});
export type TemplateInput = z.input<typeof TemplateInput>;

/** The template in force: the Director's, or the default. */
export async function loadTemplate(ctx: Ctx): Promise<TemplateRow[]> {
  const rows = await selectTemplate(ctx.db);
  return rows.length ? rows : [...DEFAULT_TEMPLATE];
}

export async function getTemplate(ctx: Ctx): Promise<TemplateView> {
  requireRole(ctx, ...TEAM_ROLES);
  const rows = await selectTemplate(ctx.db);
  return {
    sections: rows.length ? rows : [...DEFAULT_TEMPLATE],
    feeds: BRIEFING_FEEDS.map((f) => ({ id: f.id, label: f.label, description: f.description })),
    isDefault: rows.length === 0,
  };
}

/** Replaces the template (the Director). The next draft follows it; drafts already made keep their sections. */
export async function saveTemplate(ctx: Ctx, input: TemplateInput): Promise<TemplateView> {
  requireRole(ctx, ...EDIT_ROLES);
  const { sections } = parseInput(TemplateInput, input);
  const keys = new Set<string>();
  const used = new Map<string, string>();
  sections.forEach((s, i) => {
    if (keys.has(s.key)) throw new Invalid(`sections.${i}.key: "${s.key}" is used twice`);
    keys.add(s.key);
    for (const f of s.feeds) {
      if (!feedById(f)) throw new Invalid(`sections.${i}.feeds: there is no feed "${f}"`);
      const other = used.get(f);
      if (other) throw new Invalid(`sections.${i}.feeds: "${feedById(f)?.label}" already feeds "${other}"`);
      used.set(f, s.title);
    }
  });
  await ctx.db.transaction(async (db) =>
    replaceTemplate(
      db,
      sections.map((s, i) => ({ ...s, position: i })),
    ),
  );
  await recordAudit(ctx, {
    action: 'briefings.template',
    summary: `Changed the briefing template (${sections.length} sections)`,
    targetType: 'briefing_template',
    targetId: 'template',
  });
  return getTemplate(ctx);
}

export type { TemplateView } from './view-types.ts';
