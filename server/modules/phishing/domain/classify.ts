/**
 * Who made a tracked request: a person or a machine (research §7.1). Pure: the tracking code
 * gathers the signals (timing, address lists, what the same address did in the last seconds)
 * and this decides a class with the evidence for it. Machines are never counted as people; an
 * uncertain request is shown apart, and an admin can override any class with a reason.
 */

export type InteractionKind = 'open' | 'click' | 'beacon' | 'submit' | 'report';
export type Classification = 'human_confirmed' | 'likely_human' | 'uncertain' | 'automated';

export const CLASS_LABELS: Record<Classification, string> = {
  human_confirmed: 'Person (confirmed)',
  likely_human: 'Probably a person',
  uncertain: 'Uncertain',
  automated: 'Machine (excluded)',
};

export const EVIDENCE_LABELS: Record<string, string> = {
  method_head: 'HEAD request (link checkers use it; browsers do not)',
  method_options: 'OPTIONS request',
  no_user_agent: 'No browser identification',
  bot_user_agent: 'Identifies itself as a program, scanner or link preview',
  image_proxy: "A mail platform's image proxy fetched the picture",
  old_os: 'An operating system no school device runs (Windows XP or Vista)',
  stale_browser: 'A browser version more than a year out of date (typical of sandboxes)',
  ua_os_mismatch: 'Browser and operating system do not go together',
  fast_after_delivery: 'Within 2 seconds of delivery',
  soon_after_delivery: 'Within a minute of delivery',
  scanner_ip: "From a mail platform's scanner network",
  ip_fanout: "One address opened three or more people's links within 10 seconds",
  honeypot: 'Followed the hidden link no person can see (or came from that address within a minute)',
  post_report_detonation: 'Opened within 2 minutes of being reported (the report button checks links)',
  beacon_interaction: 'The page saw a real pointer, touch or key press',
  beacon_no_interaction: 'The page loaded but saw no pointer, touch or key press',
  browser: 'An ordinary, current browser',
  manual: 'Recorded by IT',
  mailbox: 'Forwarded to the reporting mailbox',
  report_button: 'Reported with the report button or link',
  trusted_egress: "From the school's own internet address",
};

export type Signals = {
  kind: InteractionKind;
  method: string;
  userAgent: string | undefined;
  secondsAfterDelivery: number | null;
  scannerIp: boolean;
  trustedEgress: boolean;
  /** Three or more recipients' tokens from this address within 10 seconds, this one included. */
  fanout: boolean;
  /** This request is the honeypot, or the address hit it within 60 seconds. */
  honeypot: boolean;
  secondsAfterReport: number | null;
  beaconInteraction?: string;
  source: 'http' | 'mailbox' | 'manual';
  now: Date;
};

const BOT_UA =
  /bot\b|bot\/|crawl|spider|slurp|python|curl\/|wget|go-http-client|java\/|libwww|httpclient|okhttp|axios|node-fetch|undici|headlesschrome|phantomjs|scrapy|aiohttp|powershell|winhttp|microsoft office|ms-office|existence discovery|preview|facebookexternalhit|skypeuripreview|whatsapp|teams\/|barracuda|mimecast|proofpoint|symantec|fireeye|forcepoint|zgrab|masscan|nmap|urlscan|virustotal/i;
const IMAGE_PROXY = /googleimageproxy|ggpht\.com|yahoomailproxy|outlook-ios-imageproxy/i;

const DAY = 86_400_000;
// Chrome (and Edge) 120 shipped on 5 December 2023 and Firefox 121 on 19 December 2023; both
// ship a major version every four weeks, so the current major follows from the date.
const expectedMajor = (base: number, since: string, now: Date) =>
  base + Math.floor((now.getTime() - Date.parse(since)) / (28 * DAY));
const FIREFOX_ESR = new Set([102, 115, 128, 140, 153, 166]);

export function browserOf(ua: string): { family: string; major: number | null; os: string } {
  const os = /windows nt 5\.|windows nt 6\.0/i.test(ua)
    ? 'old Windows'
    : /windows/i.test(ua)
      ? 'Windows'
      : /iphone|ipad/i.test(ua)
        ? 'iOS'
        : /android/i.test(ua)
          ? 'Android'
          : /cros/i.test(ua)
            ? 'ChromeOS'
            : /mac os x|macintosh/i.test(ua)
              ? 'macOS'
              : /linux/i.test(ua)
                ? 'Linux'
                : 'other';
  const m = (re: RegExp) => Number(re.exec(ua)?.[1] ?? Number.NaN);
  if (/edg\//i.test(ua)) return { family: 'Edge', major: m(/edg\/(\d+)/i), os };
  if (/firefox\//i.test(ua)) return { family: 'Firefox', major: m(/firefox\/(\d+)/i), os };
  if (/chrome\//i.test(ua)) return { family: 'Chrome', major: m(/chrome\/(\d+)/i), os };
  if (/msie |trident\//i.test(ua)) return { family: 'Internet Explorer', major: null, os };
  if (/safari\//i.test(ua)) return { family: 'Safari', major: m(/version\/(\d+)/i), os };
  return { family: 'other', major: null, os };
}

/** A short description of the client for people to read; never the whole user agent. */
export function uaFamily(ua: string | undefined): string | null {
  if (!ua) return null;
  if (BOT_UA.test(ua) || IMAGE_PROXY.test(ua)) return `program: ${ua.split(/[\s;(]/)[0]?.slice(0, 40) ?? 'unknown'}`;
  const b = browserOf(ua);
  return `${b.family}${b.major && Number.isFinite(b.major) ? ` ${b.major}` : ''} on ${b.os}`.slice(0, 60);
}

function staleBrowser(ua: string, now: Date): boolean {
  const b = browserOf(ua);
  if (b.major === null || !Number.isFinite(b.major)) return false;
  if (b.family === 'Chrome' || b.family === 'Edge') return b.major < expectedMajor(120, '2023-12-05', now) - 16;
  if (b.family === 'Firefox') return !FIREFOX_ESR.has(b.major) && b.major < expectedMajor(121, '2023-12-19', now) - 16;
  return false;
}

function mismatch(ua: string): boolean {
  const b = browserOf(ua);
  if (b.family === 'Internet Explorer') return b.os !== 'Windows' && b.os !== 'old Windows';
  if (b.family === 'Safari') return !['macOS', 'iOS'].includes(b.os);
  return false;
}

export function classify(s: Signals): { classification: Classification; evidence: string[] } {
  const strong: string[] = [];
  const weak: string[] = [];
  const ua = s.userAgent?.trim() ?? '';
  if (s.source === 'manual') return { classification: 'human_confirmed', evidence: ['manual'] };
  if (s.source === 'mailbox') return { classification: 'human_confirmed', evidence: ['mailbox'] };
  if (s.method === 'HEAD') strong.push('method_head');
  if (s.method === 'OPTIONS') strong.push('method_options');
  if (!ua) strong.push('no_user_agent');
  else if (IMAGE_PROXY.test(ua)) strong.push('image_proxy');
  else if (BOT_UA.test(ua)) strong.push('bot_user_agent');
  else if (/windows nt 5\.|windows nt 6\.0/i.test(ua)) strong.push('old_os');
  else {
    if (staleBrowser(ua, s.now)) weak.push('stale_browser');
    if (mismatch(ua)) weak.push('ua_os_mismatch');
  }
  if (s.kind !== 'report') {
    if (s.secondsAfterDelivery !== null && s.secondsAfterDelivery <= 2) strong.push('fast_after_delivery');
    else if (s.secondsAfterDelivery !== null && s.secondsAfterDelivery <= 60) weak.push('soon_after_delivery');
    if (s.scannerIp) strong.push('scanner_ip');
    if (s.fanout && !s.trustedEgress) strong.push('ip_fanout');
    if (s.honeypot) strong.push('honeypot');
    if (s.secondsAfterReport !== null && s.secondsAfterReport >= 0 && s.secondsAfterReport <= 120 && s.kind !== 'beacon')
      strong.push('post_report_detonation');
  }
  if (strong.length) return { classification: 'automated', evidence: [...strong, ...weak] };
  if (s.kind === 'report') return { classification: 'human_confirmed', evidence: ['report_button', ...weak] };
  if (s.kind === 'beacon') {
    const real = s.beaconInteraction && ['pointer', 'touch', 'key'].includes(s.beaconInteraction);
    return real
      ? { classification: 'human_confirmed', evidence: ['beacon_interaction', ...weak] }
      : { classification: 'uncertain', evidence: ['beacon_no_interaction', ...weak] };
  }
  if (weak.length) return { classification: 'uncertain', evidence: weak };
  return { classification: 'likely_human', evidence: s.trustedEgress ? ['browser', 'trusted_egress'] : ['browser'] };
}
