/** Dates and times entered on the school's clock (Europe/London), whatever the browser's zone. */

function offsetMs(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant;
}

/** '2026-11-16' and '09:00' in London as an ISO instant. */
export function londonToIso(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  return new Date(guess - offsetMs(guess - offsetMs(guess))).toISOString();
}

/** An ISO instant as London's date and time, for the form's inputs. */
export function isoToLondon(iso: string): { date: string; time: string } {
  const t = new Date(iso).getTime();
  const local = new Date(t + offsetMs(t)).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}
