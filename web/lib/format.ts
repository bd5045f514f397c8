/** Dates as a school in England reads them, in the school's time zone. */
export const TIME_ZONE = 'Europe/London';

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const dayFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });
const shortDayFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** A calendar date string 'YYYY-MM-DD' as 'Thursday 3 September'. */
export const formatDay = (date: string): string => dayFmt.format(new Date(`${date}T00:00:00Z`));
export const formatShortDay = (date: string): string => shortDayFmt.format(new Date(`${date}T00:00:00Z`));
export const formatDate = (iso: string): string => dateFmt.format(new Date(iso));
export const formatTime = (iso: string): string => timeFmt.format(new Date(iso));
export const formatDateTime = (iso: string): string => dateTimeFmt.format(new Date(iso));

/** '5 minutes ago', 'yesterday', or the date. */
export function formatAgo(iso: string, now = Date.now()): string {
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 2 * 86400) return 'yesterday';
  return formatDateTime(iso);
}

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

const ACRONYMS = new Set(['id', 'ip', 'asn', 'mac', 'ssid', 'mfa', 'upn', 'url', 'ap', 'os', 'rssi', 'sla', 'csv', 'it']);

/** An importer's field key as a label: `requestId` -> "Request ID", `client_mac` -> "Client MAC". */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const wallFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const fullDateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as the school's wall clock: { date: 'YYYY-MM-DD', time: 'HH:mm' } in Europe/London. */
export function toSchoolClock(iso: string): { date: string; time: string } {
  const parts = wallFmt.formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return { date: `${p('year')}-${p('month')}-${p('day')}`, time: `${p('hour')}:${p('minute')}` };
}

/**
 * The instant at which the school's wall clock reads `date` `time` (what someone typed), as an
 * ISO string; whatever zone the browser is in.
 */
export function fromSchoolClock(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`).getTime();
  // The zone's offset at the guess, then once more at the corrected instant (the clocks may change between).
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const w = toSchoolClock(new Date(t).toISOString());
    const shown = new Date(`${w.date}T${w.time}:00Z`).getTime();
    t = guess - (shown - t);
  }
  return new Date(t).toISOString();
}

/** "Tue 3 Nov 2026, 09:15" on the school's clock. */
export function formatFullDateTime(iso: string): string {
  const parts = fullDateTimeFmt.formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('weekday')} ${p('day')} ${p('month')} ${p('year')}, ${p('hour')}:${p('minute')}`;
}

/** Hours left on a clock: "61 hours left", "45 minutes left", "3 hours overdue". */
export function formatHoursLeft(hours: number): string {
  const abs = Math.abs(hours);
  const text = abs < 1 ? plural(Math.max(1, Math.round(abs * 60)), 'minute') : plural(Math.round(abs), 'hour');
  return hours < 0 ? `${text} overdue` : `${text} left`;
}

/** 'YYYY-MM-DD' as dd/mm/yyyy. */
export const formatNumericDate = (date: string): string => date.split('-').reverse().join('/');

/** "3/11/2026", "03/11/26", "3.11.2026" or "2026-11-03" -> '2026-11-03'; anything else -> null. */
export function parseUkDate(text: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const uk = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})$/.exec(t);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : uk
      ? [Number(uk[3]) < 100 ? 2000 + Number(uk[3]) : Number(uk[3]), Number(uk[2]), Number(uk[1])]
      : [0, 0, 0];
  if (!y) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const ukDayFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
/** Any ISO date in a sentence written the UK way: 'due 2026-11-20' -> 'due Fri 20 Nov 2026' (older history notes). */
export const ukDatesIn = (text: string): string =>
  text.replace(/\b(\d{4}-\d{2}-\d{2})(?:T[\d:.]+Z?)?\b/g, (iso, day: string) => {
    const d = new Date(`${day}T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? iso : ukDayFmt.format(d).replace(/,/g, '');
  });

/**
 * A ticket's place as people say it: 'senior / Main School / M001' -> 'M001 in Main School
 * (senior school)'. A label already in words passes through.
 */
export function placeWords(label: string): string {
  const parts = label.split(' / ').map((p) => p.trim());
  if (parts.length < 2) return /^[a-z]+$/.test(label) ? `${label} school` : label;
  const [school, building, room] = parts as [string, string, string | undefined];
  const schoolWords = /^[a-z]+$/.test(school) ? `${school} school` : school;
  return room ? `${room} in ${building} (${schoolWords})` : `${building} (${schoolWords})`;
}
