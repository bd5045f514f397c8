import { ImportRejected, Invalid, type RowProblem } from './errors.ts';

/**
 * Day/month order of numeric dates in an imported file (03/10/2026 is 3 October in the UK and
 * 10 March in the US). Every importer that reads local-format dates settles the order once per
 * file from the whole column: a first number above 12 can only be a day (day/month), a second
 * number above 12 can only be a day (month/day). A file where every date has both numbers 12 or
 * less cannot settle it; then the order the person chose for this file, or the school's one
 * setting, decides, and without either the file is refused with how to choose. Never guessed.
 */

export type DateOrder = 'dmy' | 'mdy';

export const DATE_ORDER_WORDS: Record<DateOrder, string> = { dmy: 'day/month/year', mdy: 'month/day/year' };

/** A numeric date as written: first number `a`, second `b` (which is day and which month is the order). */
export type NumericDate = { a: number; b: number; year: number; h: number; m: number; s: number; ms: number };

const NUMERIC =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:(?:,?\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(am|pm|a\.m\.|p\.m\.)?)?$/i;

/**
 * '03/10/2026', '3/10/26 2:15 pm' (osTicket's en_US default), '03.10.2026 09:15:00', '3-10-2026'.
 * Two-digit years are 2000-2069 (00-69) or 1970-1999 (70-99). Undefined when not that shape.
 */
export function parseNumericDate(text: string): NumericDate | undefined {
  const m = NUMERIC.exec(text.trim());
  if (!m) return undefined;
  let h = Number(m[4] ?? 0);
  const ampm = m[8]?.toLowerCase().replace(/\./g, '');
  if (ampm && (h < 1 || h > 12)) return undefined;
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  const y = Number(m[3]);
  return {
    a: Number(m[1]),
    b: Number(m[2]),
    year: (m[3] as string).length === 2 ? (y < 70 ? 2000 + y : 1900 + y) : y,
    h,
    m: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
    ms: Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')),
  };
}

/** What one date says about the order: 'dmy' when the first number is above 12, 'mdy' when the second is, else nothing. */
export function dateOrderHint(d: { a: number; b: number }): DateOrder | undefined {
  if (d.a > 12 && d.b <= 12) return 'dmy';
  if (d.b > 12 && d.a <= 12) return 'mdy';
  return undefined;
}

/** A numeric date in one order, as its calendar date and wall-clock time; undefined when not a real date. */
export function resolveNumericDate(d: NumericDate, order: DateOrder): { date: string; time: string } | undefined {
  const [day, month] = order === 'dmy' ? [d.a, d.b] : [d.b, d.a];
  if (month < 1 || month > 12 || day < 1 || day > 31 || d.h > 23 || d.m > 59 || d.s > 59) return undefined;
  const probe = new Date(Date.UTC(d.year, month - 1, day));
  if (probe.getUTCDate() !== day) return undefined;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return { date: `${d.year}-${p2(month)}-${p2(day)}`, time: `${p2(d.h)}:${p2(d.m)}:${p2(d.s)}` };
}

/** One date cell as the file wrote it, with where it is (for the messages). */
export type DateCell = { line: number; field: string; text: string; date: NumericDate };

export type DateOrderEvidence = {
  /** The first cell that only reads day/month, and how many do. */
  dmy?: DateCell;
  dmyCount: number;
  mdy?: DateCell;
  mdyCount: number;
  /** Cells whose numbers read either way. */
  either: number;
};

/** Collects evidence as a file is read (one pass, constant memory: a sign-in file has millions of rows). */
export function createDateOrderTally(): { add: (cell: DateCell) => void; evidence: () => DateOrderEvidence } {
  const ev: DateOrderEvidence = { dmyCount: 0, mdyCount: 0, either: 0 };
  return {
    add(cell) {
      // 09/09/2026 is the same day either way: no evidence, and nothing to ask.
      if (cell.date.a === cell.date.b) return;
      const hint = dateOrderHint(cell.date);
      if (hint === 'dmy') {
        ev.dmyCount++;
        ev.dmy ??= cell;
      } else if (hint === 'mdy') {
        ev.mdyCount++;
        ev.mdy ??= cell;
      } else ev.either++;
    },
    evidence: () => ({ ...ev }),
  };
}

export type DateOrderChoice = {
  /** Chosen for this file (`--date-order`, the upload dialog). */
  chosen?: DateOrder;
  /** The school's one setting (`imports.dateOrder`), when it has said. */
  school?: DateOrder;
  /** Where `school` comes from when it is not that setting (e.g. a survey's import mapping). */
  schoolSource?: string;
};

export type DateOrderSettlement =
  | { ok: true; order: DateOrder; source: 'file' | 'chosen' | 'school' | 'none'; note?: string }
  | { ok: false; problems: RowProblem[]; reason: 'ambiguous' | 'mixed' | 'contradicts-choice' };

const HOW_TO_CHOOSE =
  'choose the order: `--date-order dmy` (day/month, as the UK writes) or `--date-order mdy` (month/day, as the US writes) on `belfry import`, or the date order in the upload dialog; `belfry settings set imports.dateOrder dmy` says it once for the school';

const show = (c: DateCell) => `"${c.text}"`;

/**
 * Settles the order from the whole column's evidence. The file's own evidence wins over the
 * school setting (noted); a choice made for this file that the file contradicts is refused, as
 * is a file with dates that only read one way beside dates that only read the other.
 */
export function settleDateOrder(file: string, ev: DateOrderEvidence, choice: DateOrderChoice = {}): DateOrderSettlement {
  if (ev.dmy && ev.mdy) {
    const [major, minor] = ev.dmyCount >= ev.mdyCount ? (['dmy', 'mdy'] as const) : (['mdy', 'dmy'] as const);
    const a = ev[major] as DateCell;
    const b = ev[minor] as DateCell;
    return {
      ok: false,
      reason: 'mixed',
      problems: [
        {
          file,
          line: b.line,
          field: b.field,
          message: `${show(b)} only reads as ${DATE_ORDER_WORDS[minor]}, but line ${a.line} (${show(a)}) only reads as ${DATE_ORDER_WORDS[major]} (${ev.dmyCount} such date${ev.dmyCount === 1 ? '' : 's'} read day first, ${ev.mdyCount} month first): the file mixes two date orders; export it again in one`,
        },
      ],
    };
  }
  const settled = ev.dmy ? 'dmy' : ev.mdy ? 'mdy' : undefined;
  if (settled) {
    const proof = ev[settled] as DateCell;
    if (choice.chosen && choice.chosen !== settled)
      return {
        ok: false,
        reason: 'contradicts-choice',
        problems: [
          {
            file,
            line: proof.line,
            field: proof.field,
            message: `${show(proof)} only reads as ${DATE_ORDER_WORDS[settled]}, but ${DATE_ORDER_WORDS[choice.chosen]} was chosen for this file: choose ${settled} or leave the choice to the file`,
          },
        ],
      };
    const note =
      choice.school && choice.school !== settled && !choice.chosen
        ? `Dates read as ${DATE_ORDER_WORDS[settled]}, from the file itself (line ${proof.line}: ${show(proof)}), not the ${DATE_ORDER_WORDS[choice.school]} of ${choice.schoolSource ?? "the school's setting"}.`
        : `Dates read as ${DATE_ORDER_WORDS[settled]} (line ${proof.line}: ${show(proof)} can only be read that way).`;
    return { ok: true, order: settled, source: 'file', note };
  }
  if (ev.either === 0) return { ok: true, order: choice.chosen ?? choice.school ?? 'dmy', source: 'none' };
  if (choice.chosen)
    return {
      ok: true,
      order: choice.chosen,
      source: 'chosen',
      note: `Dates read as ${DATE_ORDER_WORDS[choice.chosen]}, as chosen for this file (no date in it settles the order).`,
    };
  if (choice.school)
    return {
      ok: true,
      order: choice.school,
      source: 'school',
      note: `Dates read as ${DATE_ORDER_WORDS[choice.school]}, ${choice.schoolSource ?? "the school's setting (imports.dateOrder)"}: no date in the file settles the order.`,
    };
  return {
    ok: false,
    reason: 'ambiguous',
    problems: [
      {
        file,
        line: 1,
        message: `the date order cannot be settled from the file: ${ev.either === 1 ? 'its one date has' : `all ${ev.either} dates have`} a day and month of 12 or less (e.g. 03/10 is 3 October day first, 10 March month first); ${HOW_TO_CHOOSE}`,
      },
    ],
  };
}

/** Reads an option's text ('dmy', 'mdy', 'day/month', 'uk', 'us'); undefined when blank, throws a plain message when unknown. */
export function parseDateOrder(text: unknown): DateOrder | undefined {
  if (text === undefined || text === null || text === '') return undefined;
  const t = String(text).trim().toLowerCase();
  if (['dmy', 'd/m/y', 'day/month', 'uk', 'en-gb'].includes(t)) return 'dmy';
  if (['mdy', 'm/d/y', 'month/day', 'us', 'en-us'].includes(t)) return 'mdy';
  throw new Invalid(`The date order "${String(text)}" is not dmy (day/month) or mdy (month/day)`);
}

/**
 * A whole table's date columns settled at once (files read into memory: tickets, term dates,
 * surveys). Returns the order and the note for the summary; throws ImportRejected with the
 * question when the file cannot be settled, or the odd row out when it mixes orders.
 */
export function settleFileDateOrder(
  file: string,
  rows: readonly { line: number; values: readonly unknown[] }[],
  columns: readonly { index: number; field: string }[],
  choice: DateOrderChoice,
): { order: DateOrder; note?: string } {
  const tally = createDateOrderTally();
  for (const row of rows)
    for (const c of columns) {
      const v = row.values[c.index];
      if (typeof v !== 'string') continue;
      const date = parseNumericDate(v);
      if (date) tally.add({ line: row.line, field: c.field, text: v.trim(), date });
    }
  const s = settleDateOrder(file, tally.evidence(), choice);
  if (!s.ok) throw new ImportRejected(s.problems);
  return { order: s.order, note: s.note };
}
