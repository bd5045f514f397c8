import { describe, expect, it } from 'vitest';
import { htmlToPlainText, htmlToWords, renderMarkdown } from './markdown.ts';
import { md } from './words.ts';

describe('Markdown for the briefing', () => {
  it('renders the usual Markdown', () => {
    expect(renderMarkdown('## Kudos\n\n- **Tom** fixed it\n- *fast*')).toBe(
      '<h2>Kudos</h2>\n<ul>\n<li><strong>Tom</strong> fixed it</li>\n<li><em>fast</em></li>\n</ul>\n',
    );
  });

  it('never lets HTML or script through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) [data](data:text/html,hi) <a href="x" onclick="y">a</a>',
    );
    // Raw HTML is text, and javascript: and data: addresses are not made links.
    expect(html).not.toMatch(/<script|<img|<a /i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps links to Belfry relative in Belfry and makes them absolute for email', () => {
    const source = '[12 raised](/helpdesk/metrics?from=2026-11-16&to=2026-11-22&drill=created) and https://example.org';
    expect(renderMarkdown(source)).toContain('<a href="/helpdesk/metrics?from=2026-11-16&amp;to=2026-11-22&amp;drill=created">');
    const mail = renderMarkdown(source, { baseUrl: 'https://belfry.oakfield.example/' });
    expect(mail).toContain(
      '<a href="https://belfry.oakfield.example/helpdesk/metrics?from=2026-11-16&amp;to=2026-11-22&amp;drill=created">',
    );
    expect(mail).toContain('<a href="https://example.org">https://example.org</a>');
  });

  it('gives the email a plain-text part with the addresses, and search the words alone', () => {
    const html = renderMarkdown('## The week\n\n- [**12** raised](https://b.example/helpdesk) this week', {
      baseUrl: 'https://b.example',
    });
    expect(htmlToPlainText(html)).toBe('The week\n\n * 12 raised <https://b.example/helpdesk> this week');
    expect(htmlToWords(html)).toBe('The week · 12 raised this week');
  });

  it('escapes other people’s words so they stay words', () => {
    expect(renderMarkdown(`- ${md('# not a *heading* [x](y) <b>')}`)).toBe(
      '<ul>\n<li># not a *heading* [x](y) &lt;b&gt;</li>\n</ul>\n',
    );
    expect(renderMarkdown(md('1. not a list'))).toBe('<p>1. not a list</p>\n');
    expect(md('two\nlines')).toBe('two lines');
  });
});
