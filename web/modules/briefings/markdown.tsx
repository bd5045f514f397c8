import { Typography } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';

/**
 * The briefing's Markdown in the browser: markdown-it (raw HTML shown as text) and DOMPurify,
 * loaded only on the pages that need them. The server renders what is published with the same
 * markdown-it settings and sanitises it too; this is the editor's live preview.
 */

type Render = (source: string) => string;
type Sanitize = (html: string) => string;
let tools: Promise<{ render: Render; sanitize: Sanitize }> | null = null;

function loadTools() {
  tools ??= Promise.all([import('markdown-it'), import('dompurify')]).then(
    ([{ default: MarkdownIt }, { default: DOMPurify }]) => {
      const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
      const sanitize: Sanitize = (html) =>
        DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'img'] });
      return { render: (source) => sanitize(md.render(source)), sanitize };
    },
  );
  return tools;
}

/** Markdown rendered and sanitised; '' until the renderer has loaded. */
export function useMarkdown(source: string): string {
  const [html, setHtml] = useState('');
  useEffect(() => {
    let live = true;
    void loadTools().then(({ render }) => live && setHtml(render(source)));
    return () => {
      live = false;
    };
  }, [source]);
  return html;
}

function useSanitised(html: string): string {
  const [clean, setClean] = useState('');
  useEffect(() => {
    let live = true;
    void loadTools().then(({ sanitize }) => live && setClean(sanitize(html)));
    return () => {
      live = false;
    };
  }, [html]);
  return clean;
}

/** Sanitised HTML whose links to Belfry open in the app (a figure opens its records). */
export function HtmlView({ html, label }: { html: string; label?: string }) {
  const navigate = useNavigate();
  const clean = useSanitised(html);
  return (
    <Typography
      aria-label={label}
      className="briefing-body"
      onClick={(e) => {
        const a = (e.target as HTMLElement).closest('a');
        const href = a?.getAttribute('href');
        if (!href?.startsWith('/') || href.startsWith('//') || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(href);
      }}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown-it and sanitised by DOMPurify (and on the server)
      dangerouslySetInnerHTML={{ __html: clean }}
    />
  );
}

/** Markdown as it will be published. */
export function MarkdownView({ source, label }: { source: string; label?: string }) {
  const html = useMarkdown(source);
  return <HtmlView html={html} label={label} />;
}
