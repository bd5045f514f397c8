/**
 * A very small browser for the single sign-on tests: Node's fetch with `redirect: 'manual'`,
 * following Location headers itself and keeping cookies per host (with their paths), so a
 * sign-in can travel between Belfry and a real OpenID provider the way a person's browser does.
 */

type Cookie = { name: string; value: string; path: string };

/** One request on the way: where it went, what came back, and any cookies set. */
export type Hop = { method: string; url: URL; status: number; location?: URL; setCookies: string[] };

/** Where a navigation ended: a page that was fetched, or a redirect the caller asked to stop at. */
export type Landing = { url: URL; status: number; html: string; hops: Hop[] };

export type NavigateOptions = { stopAt?: (next: URL) => boolean };

function defaultPath(url: URL): string {
  const i = url.pathname.lastIndexOf('/');
  return i <= 0 ? '/' : url.pathname.slice(0, i);
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`);
}

const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

export type Browser = ReturnType<typeof createBrowser>;

/** `home` is Belfry's origin: by default a navigation stops at a redirect to one of its web pages. */
export function createBrowser(home: string) {
  const homeOrigin = new URL(home).origin;
  const jar = new Map<string, Cookie[]>();
  const isWebPage = (u: URL) => u.origin === homeOrigin && !u.pathname.startsWith('/api/');

  function store(url: URL, setCookies: string[]): void {
    const cookies = jar.get(url.host) ?? [];
    for (const line of setCookies) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: Cookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1), path: defaultPath(url) };
      let expired = false;
      for (const attr of attrs) {
        const [key = '', value = ''] = attr.split(/=(.*)/s);
        const k = key.toLowerCase();
        if (k === 'path' && value.startsWith('/')) cookie.path = value;
        if (k === 'max-age' && Number(value) <= 0) expired = true;
        if (k === 'expires' && Date.parse(value) <= Date.now()) expired = true;
      }
      const kept = cookies.filter((c) => !(c.name === cookie.name && c.path === cookie.path));
      if (!expired) kept.push(cookie);
      cookies.splice(0, cookies.length, ...kept);
    }
    jar.set(url.host, cookies);
  }

  function cookieHeader(url: URL): string | undefined {
    const sent = (jar.get(url.host) ?? [])
      .filter((c) => pathMatches(c.path, url.pathname))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`);
    return sent.length ? sent.join('; ') : undefined;
  }

  async function request(url: URL, method: string, body?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = { 'user-agent': 'belfry-sso-test' };
    const cookie = cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body: body?.toString(), redirect: 'manual' });
    store(url, res.headers.getSetCookie());
    return res;
  }

  async function navigate(
    start: URL,
    method: string,
    body: URLSearchParams | undefined,
    opts: NavigateOptions,
  ): Promise<Landing> {
    const stopAt = opts.stopAt ?? isWebPage;
    const hops: Hop[] = [];
    let url = start;
    for (let i = 0; i < 20; i++) {
      const res = await request(url, method, body);
      const header = res.headers.get('location');
      const location = header ? new URL(header, url) : undefined;
      hops.push({ method, url, status: res.status, location, setCookies: res.headers.getSetCookie() });
      const html = await res.text();
      if (!location || res.status < 300 || res.status > 399) return { url, status: res.status, html, hops };
      if (stopAt(location)) return { url: location, status: res.status, html: '', hops };
      // 302 and 303 are followed with a GET, as browsers do.
      url = location;
      method = 'GET';
      body = undefined;
    }
    throw new Error(`Too many redirects from ${start.href}`);
  }

  return {
    /** Opens a URL and follows redirects until a page, or a redirect `stopAt` picks (default: a Belfry web page). */
    open: (url: string | URL, opts: NavigateOptions = {}) => navigate(new URL(url), 'GET', undefined, opts),

    /** Submits the page's form (its hidden fields plus `fields`) and follows the redirects. */
    submit: (page: Landing, fields: Record<string, string>, opts: NavigateOptions = {}) => {
      const form = /<form\b[^>]*>/i.exec(page.html)?.[0];
      if (!form) throw new Error(`No form on ${page.url.href}: ${page.html.slice(0, 300)}`);
      const body = new URLSearchParams();
      for (const input of page.html.match(/<input\b[^>]*>/gi) ?? []) {
        const name = attribute(input, 'name');
        if (name && attribute(input, 'type') === 'hidden') body.set(name, attribute(input, 'value') ?? '');
      }
      for (const [k, v] of Object.entries(fields)) body.set(k, v);
      const action = new URL(attribute(form, 'action') ?? page.url.href, page.url);
      return navigate(action, (attribute(form, 'method') ?? 'GET').toUpperCase(), body, opts);
    },

    /** GET a JSON API with this browser's cookies. */
    json: async (url: string | URL): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await request(new URL(url), 'GET');
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },

    /** The value of a cookie this browser would send to `url`. */
    cookie: (url: string | URL, name: string): string | undefined => {
      const u = new URL(url);
      return (jar.get(u.host) ?? []).find((c) => c.name === name && pathMatches(c.path, u.pathname))?.value;
    },

    /** Replaces (or, with undefined, removes) a cookie, as someone tampering with their browser could. */
    setCookie: (url: string | URL, name: string, value: string | undefined): void => {
      const u = new URL(url);
      const cookies = jar.get(u.host) ?? [];
      const found = cookies.find((c) => c.name === name && pathMatches(c.path, u.pathname));
      const rest = cookies.filter((c) => c !== found);
      if (value !== undefined) rest.push({ name, value, path: found?.path ?? '/' });
      jar.set(u.host, rest);
    },
  };
}
