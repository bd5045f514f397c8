import { Invalid } from '../../../lib/errors.ts';

/**
 * The lure taxonomy (research §7.4), the NIST Phish Scale (TN 2276) that rates each lure's
 * difficulty, and the merge fields a lure may use. Pure: lures.ts stores, message.ts renders.
 */

export const TECHNIQUES = {
  link: 'Link',
  credential_page: 'Credential page',
  attachment_like: 'Attachment-like',
  qr: 'QR code',
  reply_bec: 'Reply (BEC)',
} as const;
export type Technique = keyof typeof TECHNIQUES;

export const THEMES = {
  it_account: 'IT account',
  shared_document: 'Shared document',
  hr_payroll: 'HR and payroll',
  parcel: 'Parcel delivery',
  slt_urgent: 'SLT urgent request',
  supplier_invoice: 'Supplier invoice',
  parent_pupil: 'Parent or pupil',
  exam_board_dfe_la: 'Exam board, DfE or local authority',
  mis_login: 'MIS login',
} as const;
export type Theme = keyof typeof THEMES;

export const PRETEXTS = { internal: 'Internal', known_brand: 'Known brand', unknown: 'Unknown sender' } as const;
export type Pretext = keyof typeof PRETEXTS;

/** The NIST Phish Scale cue types, grouped by its five categories. */
export const CUES = {
  spelling_grammar: { category: 'Errors', label: 'Spelling and grammar errors' },
  inconsistency: { category: 'Errors', label: 'Inconsistencies' },
  attachment_type: { category: 'Technical indicators', label: 'Attachment type' },
  display_name_mismatch: { category: 'Technical indicators', label: 'Display name and address do not match' },
  url_hyperlinking: { category: 'Technical indicators', label: 'Link text hides where it goes' },
  domain_spoofing: { category: 'Technical indicators', label: 'Look-alike domain' },
  no_branding: { category: 'Visual presentation', label: 'No or minimal branding' },
  logo_imitation: { category: 'Visual presentation', label: 'Imitated or out-of-date logo' },
  unprofessional_design: { category: 'Visual presentation', label: 'Unprofessional design' },
  security_icons: { category: 'Visual presentation', label: 'Security indicators and icons' },
  legal_language: { category: 'Language and content', label: 'Legal language, disclaimers' },
  distracting_detail: { category: 'Language and content', label: 'Distracting detail' },
  sensitive_request: { category: 'Language and content', label: 'Request for sensitive information' },
  urgency: { category: 'Language and content', label: 'Sense of urgency' },
  threatening_language: { category: 'Language and content', label: 'Threatening language' },
  generic_greeting: { category: 'Language and content', label: 'Generic greeting' },
  no_signer_details: { category: 'Language and content', label: 'No signer details' },
  authority: { category: 'Common tactics', label: 'Poses as someone in authority' },
  too_good_to_be_true: { category: 'Common tactics', label: 'Too good to be true' },
  curiosity: { category: 'Common tactics', label: 'Plays on curiosity' },
  help_request: { category: 'Common tactics', label: 'Asks for help or a favour' },
  shipping: { category: 'Common tactics', label: 'Shipping or delivery notice' },
} as const;
export type Cue = keyof typeof CUES;

export const PREMISE_ALIGNMENT = { low: 'Low', medium: 'Medium', high: 'High' } as const;
export type PremiseAlignment = keyof typeof PREMISE_ALIGNMENT;

export const DIFFICULTIES = { least: 'Least difficult', moderate: 'Moderately difficult', very: 'Very difficult' } as const;
export type Difficulty = keyof typeof DIFFICULTIES;

/** Pretexts that need an SLT sign-off before a lure may be sent (research §7.6). */
export const ETHICS_FLAGS = {
  pay: 'Pay',
  bonus: 'Bonus or reward',
  illness: 'Illness',
  bereavement: 'Bereavement',
  safeguarding: 'Safeguarding',
} as const;
export type EthicsFlag = keyof typeof ETHICS_FLAGS;

/**
 * NIST TN 2276: the number of cues (few 1-8, some 9-14, many 15 or more) against how well the
 * premise fits the recipient's work. Fewer cues and a closer fit make a harder lure.
 */
export function deriveDifficulty(cueCount: number, alignment: PremiseAlignment): Difficulty {
  const band = cueCount >= 15 ? 'many' : cueCount >= 9 ? 'some' : 'few';
  const table: Record<PremiseAlignment, Record<typeof band, Difficulty>> = {
    high: { few: 'very', some: 'very', many: 'moderate' },
    medium: { few: 'very', some: 'moderate', many: 'least' },
    low: { few: 'moderate', some: 'least', many: 'least' },
  };
  return table[alignment][band];
}

export const MERGE_FIELDS = {
  first_name: "the recipient's first name",
  school: "the school's name",
  document: "the lure's fake document name",
  link: 'the tracked link (required for link, credential page, attachment-like and QR lures)',
  date: "today's date, as 3 December",
  sender_name: "the lure's sender name",
  qr_code: 'a QR code of the tracked link (QR lures)',
} as const;
export type MergeField = keyof typeof MERGE_FIELDS;

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Checks one template; throws Invalid naming the part, the line and the bad field. */
export function checkMergeFields(lureName: string, part: string, template: string): MergeField[] {
  const used: MergeField[] = [];
  for (const m of template.matchAll(FIELD)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!(name in MERGE_FIELDS)) {
      throw new Invalid(
        `Lure "${lureName}", ${part}, line ${lineOf(template, m.index ?? 0)}: unknown merge field {{${m[1]}}}. Merge fields are ${Object.keys(
          MERGE_FIELDS,
        )
          .map((f) => `{{${f}}}`)
          .join(', ')}`,
      );
    }
    used.push(name as MergeField);
  }
  const stripped = template.replace(FIELD, '');
  const stray = /\{\{|\}\}/.exec(stripped);
  if (stray) {
    // Find the stray braces' position in the original text for the line number.
    const original = template.indexOf(stray[0], 0);
    throw new Invalid(
      `Lure "${lureName}", ${part}, line ${lineOf(template, original)}: a merge field is not closed ("${stray[0]}" without its pair)`,
    );
  }
  return used;
}

export const TRACKED_TECHNIQUES: readonly Technique[] = ['link', 'credential_page', 'attachment_like', 'qr'];

export type LureText = { name: string; subject: string; html: string; text: string; technique: Technique };

/** Every template part of a lure checked; link lures must carry the tracked link in both bodies. */
export function checkLureTemplates(l: LureText): void {
  checkMergeFields(l.name, 'the subject', l.subject);
  const html = checkMergeFields(l.name, 'the HTML body', l.html);
  const text = checkMergeFields(l.name, 'the text body', l.text);
  if (TRACKED_TECHNIQUES.includes(l.technique)) {
    const needs: MergeField = l.technique === 'qr' ? 'qr_code' : 'link';
    if (!html.includes(needs))
      throw new Invalid(`Lure "${l.name}": the HTML body needs {{${needs}}} for a ${TECHNIQUES[l.technique]} lure`);
    if (!text.includes('link') && l.technique !== 'qr')
      throw new Invalid(`Lure "${l.name}": the text body needs {{link}} for a ${TECHNIQUES[l.technique]} lure`);
  }
}

export type MergeValues = Record<MergeField, string>;

/** Fills the merge fields; `asHtml` escapes (the values are the school's data, never markup). */
export function fillTemplate(template: string, values: MergeValues, asHtml: boolean): string {
  return template.replace(FIELD, (_m, raw: string) => {
    const name = raw.toLowerCase() as MergeField;
    const v = values[name] ?? '';
    return asHtml && name !== 'qr_code' ? escapeHtml(v) : v;
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
