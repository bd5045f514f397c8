import type * as HtmlToText from 'html-to-text';
import type MarkdownIt from 'markdown-it';
import type SanitizeHtml from 'sanitize-html';
import { lazyRequire } from '../../../lib/lazy.ts';

/**
 * Markdown to HTML for the briefing, by markdown-it (raw HTML in the source is shown as text,
 * never run), then sanitised by sanitize-html to the tags a briefing needs. Links to Belfry stay
 * relative in Belfry and become absolute in the email. The plain-text forms come from the same
 * HTML through html-to-text: one for the email (with addresses) and one for search (words only).
 */

const htmlToText = lazyRequire<typeof HtmlToText>('html-to-text');
const loadSanitizeHtml = lazyRequire<typeof SanitizeHtml>('sanitize-html');
const loadMarkdownIt = lazyRequire<typeof MarkdownIt>('markdown-it');
const sanitizeHtml = (html: string, options: SanitizeHtml.IOptions) => loadSanitizeHtml()(html, options);
const convert = (html: string, options: HtmlToText.HtmlToTextOptions) => htmlToText().convert(html, options);
let parser: InstanceType<typeof MarkdownIt> | undefined;
const markdown = () => {
  parser ??= new (loadMarkdownIt())({ html: false, linkify: true, typographer: false, breaks: false });
  return parser;
};

const ALLOWED = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'blockquote',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href'], th: ['style'], td: ['style'], ol: ['start'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
};

/** Sanitised HTML. With `baseUrl`, links to Belfry paths become absolute (for email). */
export function renderMarkdown(source: string, options: { baseUrl?: string } = {}): string {
  const base = options.baseUrl?.replace(/\/$/, '');
  return sanitizeHtml(markdown().render(source), {
    ...ALLOWED,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href ?? '';
        const absolute = base && href.startsWith('/') && !href.startsWith('//') ? `${base}${href}` : href;
        return { tagName, attribs: { href: absolute } };
      },
    },
  });
}

/** The email's plain-text part: the same content, links written out after their words. */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { linkBrackets: ['<', '>'], hideLinkHrefIfSameAsText: true } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  }).trim();
}

/** The words alone, for the search index and its highlighted snippets. */
export function htmlToWords(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'ul', options: { itemPrefix: ' ' } },
      { selector: 'table', format: 'dataTable' },
    ],
  })
    .replace(/\n{2,}/g, ' · ')
    .replace(/\s+/g, ' ')
    .trim();
}
