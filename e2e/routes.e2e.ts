import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { demoAccount, launchBrowser, screenshot } from './browser.ts';

/**
 * Every route of the web route table (read from web/routes.tsx, so a new route cannot be missed),
 * as each role and signed out, by reload and by link: no console error, no failed request (but
 * the 401 of /api/me before sign-in), and no serious or critical axe-core violation.
 */

const ROLES = ['admin', 'it', 'slt', 'staff', 'pupil'] as const;
type Role = (typeof ROLES)[number];

type Route = { pattern: string; file?: string; inShell: boolean };

/** The route table, read from its source: each `path:` with the module its page comes from. */
function readRouteTable(): Route[] {
  const source = readFileSync(path.resolve('web/routes.tsx'), 'utf8');
  const shellAt = source.indexOf('<AppShellLayout />');
  const found = [...source.matchAll(/path: '([^']+)'|index: true/g)];
  return found.map((m, i) => {
    const upTo = found[i + 1]?.index ?? source.length;
    const file = /import\('([^']+)'\)/.exec(source.slice(m.index, upTo))?.[1];
    return { pattern: m[1] ?? '/', file, inShell: m.index > shellAt };
  });
}

/** `:tab?` routes: every tab value the page declares (`{ value: 'results', label: ... }`). */
function tabsOf(route: Route): string[] {
  if (!route.file) return [];
  const source = readFileSync(path.resolve('web', route.file), 'utf8');
  return [...source.matchAll(/\{ value: '([a-z-]+)', label:/g)].map((m) => m[1] as string);
}

const toRegExp = (pattern: string) =>
  new RegExp(`^${pattern.replace(/\/:[a-zA-Z]+\?/g, '(?:/[^/?#]+)?').replace(/:[a-zA-Z]+/g, '[^/?#]+')}$`);

/** Links no page carries: a rating link arrives by email, so the walk uses a dead one and expects its 404. */
const FIXED: Record<string, { url: string; expect: RegExp; status: number }> = {
  '/rate/:token': {
    url: '/rate/walk-not-a-real-token-0000',
    expect: /\/api\/helpdesk\/rate\/walk-not-a-real-token-0000$/,
    status: 404,
  },
};

/** The pages anyone may open signed out; every other page sends a signed-out visitor to sign in. */
const PUBLIC = new Set(['/sign-in', '/rate/:token', '/s/:token']);

/**
 * Links shown only after a click, a tab or a menu (the papers of a meeting, the useful info): on
 * that pattern's page the walk clicks as a person would, when the control is there for the role,
 * and then reads the links.
 */
const REVEAL: Record<string, (page: Page) => Promise<void>> = {
  '/briefings': async (page) => {
    const tab = page.getByRole('tab', { name: 'Useful info' });
    if (await tab.count()) await tab.click();
  },
  '/meetings/:id': async (page) => {
    const menu = page.getByRole('button', { name: 'Agenda and minutes' });
    if (await menu.count()) await menu.click();
  },
};

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Problem = string;

/** A page with its problems recorded: console errors, page errors, failed requests. */
async function watchedPage(context: BrowserContext, signedOut: boolean) {
  const page = await context.newPage();
  const problems: Problem[] = [];
  let inFlight = 0;
  let allowed: { expect: RegExp; status: number } | undefined;
  let lastActivity = Date.now();
  page.on('request', () => {
    inFlight++;
    lastActivity = Date.now();
  });
  const done = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', (req) => {
    done();
    const failure = req.failure()?.errorText ?? '';
    // A fetch cut short by the next navigation is not a failure of the page.
    if (!failure.includes('ERR_ABORTED')) problems.push(`request failed: ${req.method()} ${req.url()} (${failure})`);
  });
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (res.status() < 400) return;
    if (signedOut && res.status() === 401 && url.pathname === '/api/me') return;
    const expected = allowed && (res.status() === allowed.status || (allowed.status === 0 && [403, 404].includes(res.status())));
    if (expected && allowed?.expect.test(url.pathname)) return;
    problems.push(`${res.status()} from ${res.request().method()} ${url.pathname}${url.search}`);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // The browser's own line for a response already judged above.
    if (/^Failed to load resource: the server responded with a status of \d+/.test(text)) return;
    problems.push(`console error: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return {
    page,
    problems,
    allow(a: { expect: RegExp; status: number } | undefined) {
      allowed = a;
    },
    /** Quiet: no request in flight for 250 ms and no loader showing. */
    async settle() {
      const deadline = Date.now() + 45_000;
      while (Date.now() < deadline) {
        if (inFlight === 0 && Date.now() - lastActivity > 250) {
          const loading = await page
            .locator('.mantine-Loader-root:visible')
            .count()
            .catch(() => 0);
          if (loading === 0) return;
        }
        await page.waitForTimeout(100);
      }
      problems.push(`still loading after 45 s (${inFlight} requests in flight)`);
    },
  };
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await page.evaluate(async () => {
    const g = globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> }; document: unknown };
    return (await g.axe.run(g.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })) as { violations: { id: string; impact: string; help: string; nodes: { target: string[]; html: string }[] }[] };
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `axe ${v.impact} ${v.id} (${v.help}) on ${v.nodes.length} node(s): ${v.nodes
          .slice(0, 3)
          .map((n) => n.html.replace(/\s+/g, ' ').slice(0, 200))
          .join(' | ')}`,
    );
}

async function newRoleContext(): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    baseURL: inject('baseUrl'),
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  await context.addInitScript({ content: AXE });
  return context;
}

const ROUTES = readRouteTable();
const failures: string[] = [];
/** The first link found to each parameterised pattern (by any role), for a role with none of its own. */
const shared = new Map<string, string>();
/** Parameterised patterns a role could not reach at its turn (no link yet): walked again at the end. */
const leftover = new Map<string, Set<string>>();

it('reads the whole route table from web/routes.tsx', () => {
  const patterns = ROUTES.map((r) => r.pattern);
  // Hand-counted from web/routes.tsx: 6 outside the shell, 37 inside it (index and '*' included).
  expect(patterns).toContain('/wifi/clients/:key');
  expect(patterns).toContain('/sign-in');
  expect(patterns).toContain('*');
  expect(new Set(patterns).size).toBe(patterns.length);
  expect(ROUTES.filter((r) => !r.inShell).map((r) => r.pattern)).toEqual([
    '/sign-in',
    '/meetings/:id/print/:paper',
    '/phishing/print/:id',
    '/reports/:id/print',
    '/rate/:token',
    '/s/:token',
  ]);
  expect(tabsOf(ROUTES.find((r) => r.pattern === '/settings/:tab?') as Route)).toEqual([
    'general',
    'setup',
    'schools',
    'apps',
    'users',
    'audit',
    'storage',
  ]);
});

async function walk(role: Role | 'signed-out', only?: Set<string>): Promise<{ visits: number; axeRuns: number }> {
  const context = await newRoleContext();
  const w = await watchedPage(context, role === 'signed-out');
  const { page } = w;
  if (role !== 'signed-out') {
    const a = demoAccount(role);
    w.allow({ expect: /^\/api\/me$/, status: 401 });
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(a.email);
    await page.locator('input[autocomplete="current-password"]').fill(a.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/today');
    await w.settle();
    w.allow(undefined);
    w.problems.length = 0;
  }
  const samples = new Map<string, string>();
  const urls: { url: string; pattern: string }[] = [];
  const plain = ROUTES.filter((r) => !r.pattern.includes(':') && r.pattern !== '*');
  for (const r of plain) urls.push({ url: r.pattern, pattern: r.pattern });
  for (const r of ROUTES.filter((x) => x.pattern.endsWith('/:tab?'))) {
    const base = r.pattern.replace('/:tab?', '');
    urls.push({ url: base, pattern: r.pattern });
    for (const tab of tabsOf(r)) urls.push({ url: `${base}/${tab}`, pattern: r.pattern });
  }
  urls.push({ url: '/no-such-page-here', pattern: '*' });
  const parameterised = ROUTES.filter((r) => r.pattern.includes(':') && !r.pattern.endsWith('/:tab?'));
  const matchers = parameterised.map((r) => ({ pattern: r.pattern, re: toRegExp(r.pattern) }));

  // A link to a page of its own (/reports/kpis) is not a sample of the pattern it also fits
  // (/reports/:id): the router takes the page of its own first.
  const ownPages = new Set(plain.map((r) => r.pattern));
  const harvest = async () => {
    const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) {
      const pathname = href.split(/[?#]/)[0] ?? '';
      if (ownPages.has(pathname)) continue;
      for (const m of matchers) if (!samples.has(m.pattern) && m.re.test(pathname)) samples.set(m.pattern, href);
    }
  };

  let visits = 0;
  let axeRuns = 0;
  const visited = new Set<string>();
  const borrowed = new Set<string>();
  const check = async (url: string, how: 'reload' | 'link', pattern: string) => {
    const fixed = FIXED[pattern];
    // Another role's record (a ticket, a meeting) may be refused or not found for this one: the
    // page must say so calmly (a notice), and the API's 403 or 404 for it is the expected answer.
    w.allow(fixed ?? (borrowed.has(url) ? { expect: /^\/api\//, status: 0 } : undefined));
    w.problems.length = 0;
    if (how === 'reload') await page.goto(url);
    else {
      const link = page.locator(`a[href="${url}"]`).first();
      if (await link.isVisible().catch(() => false)) await link.click();
      else
        await page.evaluate((to) => {
          // The router follows the address bar on popstate, as it does for the back button.
          const g = globalThis as unknown as {
            history: { pushState: (s: unknown, t: string, u: string) => void };
            dispatchEvent: (e: unknown) => void;
            PopStateEvent: new (type: string) => unknown;
          };
          g.history.pushState({}, '', to);
          g.dispatchEvent(new g.PopStateEvent('popstate'));
        }, url);
    }
    await w.settle();
    visits++;
    const where = `${role} ${how} ${url}`;
    const heading = await page
      .locator('h1, [role="alert"]')
      .first()
      .textContent({ timeout: 5000 })
      .catch(() => null);
    if (!heading) w.problems.push('no heading or notice on the page');
    if (
      pattern === '*' &&
      role !== 'signed-out' &&
      !/not found|no page/i.test(
        (await page
          .locator('main')
          .textContent()
          .catch(() => '')) ?? '',
      )
    )
      w.problems.push('the not-found page did not show');
    if (role === 'signed-out' && !PUBLIC.has(pattern) && !page.url().includes('/sign-in'))
      w.problems.push(`signed out, not sent to sign-in (at ${page.url()})`);
    if (how === 'reload' && (role !== 'signed-out' || !visited.has(new URL(page.url()).pathname))) {
      visited.add(new URL(page.url()).pathname);
      w.problems.push(...(await axeViolations(page)));
      axeRuns++;
    }
    if (how === 'reload' && role !== 'signed-out') {
      await harvest();
      const reveal = REVEAL[pattern];
      if (reveal) {
        await reveal(page);
        await w.settle();
        await harvest();
      }
    }
    if (w.problems.length) {
      failures.push(...w.problems.map((p) => `${where}: ${p}`));
      await screenshot(page, `routes-${role}-${how}-${url.replace(/[^a-z0-9]+/gi, '_').slice(0, 60)}`);
    }
    w.allow(undefined);
  };

  if (only) urls.length = 0;
  for (const u of urls) await check(u.url, 'reload', u.pattern);
  // Parameterised routes: a link found on a page already seen (this role's own, else another role's).
  const todo = only ?? new Set(parameterised.map((r) => r.pattern));
  for (let progress = true; progress && todo.size; ) {
    progress = false;
    for (const pattern of [...todo]) {
      const own = FIXED[pattern]?.url ?? samples.get(pattern);
      const url = own ?? shared.get(pattern);
      if (!url) continue;
      if (!own) borrowed.add(url);
      todo.delete(pattern);
      progress = true;
      urls.push({ url, pattern });
      await check(url, 'reload', pattern);
    }
  }
  for (const [p, u] of samples) if (!shared.has(p)) shared.set(p, u);
  if (only) for (const p of todo) failures.push(`${role}: no page links to ${p} for any role; give the walk a way in (FIXED)`);
  else if (todo.size) leftover.set(role, todo);
  // By link: from the page the walk is on, to each page in turn, without reloading.
  if (role !== 'signed-out') {
    await page.goto('/today');
    await w.settle();
    for (const u of urls) await check(u.url, 'link', u.pattern);
  }
  await context.close();
  return { visits, axeRuns };
}

for (const role of [...ROLES, 'signed-out'] as const) {
  it(`walks every route as ${role}, by reload and by link`, { timeout: 600_000 }, async () => {
    const started = Date.now();
    const before = failures.length;
    const { visits, axeRuns } = await walk(role);
    console.log(`${role}: ${visits} visits, ${axeRuns} axe runs in ${Math.round((Date.now() - started) / 1000)} s`);
    expect(failures.slice(before)).toEqual([]);
  });
}

it('walks, for each role, the pages it could reach only by a link another role found later', { timeout: 600_000 }, async () => {
  const before = failures.length;
  for (const [role, todo] of leftover) await walk(role as Role | 'signed-out', todo);
  expect(failures.slice(before)).toEqual([]);
});
