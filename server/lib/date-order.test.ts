import { describe, expect, it } from 'vitest';
import {
  createDateOrderTally,
  type DateOrderChoice,
  parseDateOrder,
  parseNumericDate,
  resolveNumericDate,
  settleDateOrder,
} from './date-order.ts';

/** A hand-made column: the texts of one date column, line 2 onwards. */
function settle(texts: string[], choice?: DateOrderChoice) {
  const tally = createDateOrderTally();
  texts.forEach((text, i) => {
    const date = parseNumericDate(text);
    if (!date) throw new Error(`test column: ${text}`);
    tally.add({ line: i + 2, field: 'Created', text, date });
  });
  return settleDateOrder('t.csv', tally.evidence(), choice);
}

describe('parseNumericDate', () => {
  it('reads four- and two-digit years, times with seconds and am/pm', () => {
    expect(parseNumericDate('03/10/2026')).toEqual({ a: 3, b: 10, year: 2026, h: 0, m: 0, s: 0, ms: 0 });
    // osTicket's en_US default "m/d/y g:i a"
    expect(parseNumericDate('10/3/24 2:15 pm')).toEqual({ a: 10, b: 3, year: 2024, h: 14, m: 15, s: 0, ms: 0 });
    expect(parseNumericDate('12/1/24 12:05 am')).toMatchObject({ h: 0, m: 5 });
    expect(parseNumericDate('1/2/99')).toMatchObject({ year: 1999 });
    expect(parseNumericDate('03.10.2026 09:15:07.1234567')).toMatchObject({ h: 9, m: 15, s: 7, ms: 123 });
    expect(parseNumericDate('2026-10-03')).toBeUndefined();
    expect(parseNumericDate('13:00 pm 1/2/2026')).toBeUndefined();
  });

  it('resolves a date in each order and refuses a date that does not exist', () => {
    const d = parseNumericDate('03/10/2026 08:30') as NonNullable<ReturnType<typeof parseNumericDate>>;
    expect(resolveNumericDate(d, 'dmy')).toEqual({ date: '2026-10-03', time: '08:30:00' });
    expect(resolveNumericDate(d, 'mdy')).toEqual({ date: '2026-03-10', time: '08:30:00' });
    expect(resolveNumericDate(parseNumericDate('02/30/2026') as never, 'mdy')).toBeUndefined();
    expect(resolveNumericDate(parseNumericDate('31/04/2026') as never, 'dmy')).toBeUndefined();
  });
});

describe('settleDateOrder', () => {
  it('a column where every day and month is 12 or less is ambiguous: refused with how to choose', () => {
    const s = settle(['03/10/2026', '10/03/2026', '12/12/2026', '1/2/2026']);
    expect(s.ok).toBe(false);
    if (s.ok) return;
    expect(s.reason).toBe('ambiguous');
    // 12/12 is the same day either way: it neither settles nor asks.
    expect(s.problems[0]?.message).toContain('all 3 dates have a day and month of 12 or less');
    expect(s.problems[0]?.message).toContain('--date-order dmy');
    expect(s.problems[0]?.message).toContain('--date-order mdy');
  });

  it('a 13 or more in the first position anywhere in the column settles day/month', () => {
    const s = settle(['03/10/2026', '04/10/2026', '13/10/2026', '05/11/2026']);
    expect(s).toMatchObject({ ok: true, order: 'dmy', source: 'file' });
    if (s.ok) expect(s.note).toContain('line 4: "13/10/2026"');
  });

  it('a 13 or more in the second position settles month/day (the osTicket export that moved 3 October to 10 March)', () => {
    expect(settle(['10/3/24 2:15 pm', '10/4/24 9:00 am', '10/28/24 11:40 am'])).toMatchObject({ ok: true, order: 'mdy' });
  });

  it('an ambiguous column takes the choice for this file, else the school setting, and says so', () => {
    expect(settle(['03/10/2026'], { chosen: 'mdy', school: 'dmy' })).toMatchObject({ ok: true, order: 'mdy', source: 'chosen' });
    const s = settle(['03/10/2026'], { school: 'dmy' });
    expect(s).toMatchObject({ ok: true, order: 'dmy', source: 'school' });
    if (s.ok) expect(s.note).toContain('imports.dateOrder');
  });

  it("the file's own evidence beats the school setting, but a choice for this file that it contradicts is refused", () => {
    const s = settle(['10/28/2026', '10/03/2026'], { school: 'dmy' });
    expect(s).toMatchObject({ ok: true, order: 'mdy', source: 'file' });
    if (s.ok) expect(s.note).toContain("not the day/month/year of the school's setting");
    const r = settle(['10/28/2026', '10/03/2026'], { chosen: 'dmy' });
    expect(r).toMatchObject({ ok: false, reason: 'contradicts-choice' });
    if (!r.ok) expect(r.problems[0]).toMatchObject({ line: 2, field: 'Created' });
  });

  it('a column with dates that only read one way beside dates that only read the other is refused at the odd one out', () => {
    const s = settle(['13/10/2026', '14/10/2026', '10/15/2026', '03/03/2026']);
    expect(s).toMatchObject({ ok: false, reason: 'mixed' });
    if (s.ok) return;
    expect(s.problems[0]).toMatchObject({ line: 4, field: 'Created' });
    expect(s.problems[0]?.message).toContain('but line 2 ("13/10/2026") only reads as day/month/year');
  });

  it('a file with no numeric dates, or only dates that read the same either way, needs no order', () => {
    expect(settle([])).toMatchObject({ ok: true, source: 'none' });
    expect(settle(['09/09/2026 14:05', '1/1/2026'])).toMatchObject({ ok: true, source: 'none' });
  });

  it('reads the option text', () => {
    expect(parseDateOrder('DMY')).toBe('dmy');
    expect(parseDateOrder('us')).toBe('mdy');
    expect(parseDateOrder(undefined)).toBeUndefined();
    expect(() => parseDateOrder('ymd')).toThrow('is not dmy (day/month) or mdy (month/day)');
  });
});
