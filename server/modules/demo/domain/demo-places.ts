import { addDays } from '../../../lib/zoned-time.ts';

/** Oakfield's buildings: 8 at the senior school and 4 at the prep, with their rooms. */
export type DemoBuilding = {
  school: 'prep' | 'senior';
  code: string;
  name: string;
  floors: string[];
  roomsPerFloor: number;
  prefix: string;
};

export const DEMO_BUILDINGS: DemoBuilding[] = [
  { school: 'senior', code: 'MAIN', name: 'Main School', floors: ['Ground', 'First', 'Second'], roomsPerFloor: 8, prefix: 'M' },
  { school: 'senior', code: 'SCI', name: 'Science Centre', floors: ['Ground', 'First'], roomsPerFloor: 7, prefix: 'S' },
  { school: 'senior', code: 'LIB', name: 'Library', floors: ['Ground', 'First'], roomsPerFloor: 3, prefix: 'L' },
  { school: 'senior', code: 'SPORT', name: 'Sports Centre', floors: ['Ground'], roomsPerFloor: 4, prefix: 'SP' },
  { school: 'senior', code: 'SIXTH', name: 'Sixth Form Centre', floors: ['Ground', 'First'], roomsPerFloor: 5, prefix: 'SF' },
  { school: 'senior', code: 'MUSIC', name: 'Music School', floors: ['Ground'], roomsPerFloor: 6, prefix: 'MU' },
  { school: 'senior', code: 'ART', name: 'Art and Design', floors: ['Ground', 'First'], roomsPerFloor: 4, prefix: 'A' },
  { school: 'senior', code: 'DINING', name: 'Dining Hall', floors: ['Ground'], roomsPerFloor: 2, prefix: 'D' },
  { school: 'prep', code: 'PREP', name: 'Prep Main Building', floors: ['Ground', 'First'], roomsPerFloor: 8, prefix: 'P' },
  { school: 'prep', code: 'PREPREP', name: 'Pre-Prep', floors: ['Ground'], roomsPerFloor: 6, prefix: 'PP' },
  { school: 'prep', code: 'PHALL', name: 'Prep Hall', floors: ['Ground'], roomsPerFloor: 2, prefix: 'PH' },
  { school: 'prep', code: 'PLIB', name: 'Prep Library and ICT Suite', floors: ['Ground'], roomsPerFloor: 3, prefix: 'PL' },
];

/** The places CSV the demo loads through the real importer. */
export function placesCsv(): string {
  const lines = ['school,building,building name,room,room name,floor'];
  for (const b of DEMO_BUILDINGS) {
    lines.push(`${b.school},${b.code},${b.name},,,`);
    b.floors.forEach((floor, f) => {
      for (let r = 1; r <= b.roomsPerFloor; r++) {
        const code = `${b.prefix}${f}${String(r).padStart(2, '0')}`;
        lines.push(`${b.school},${b.code},${b.name},${code},Room ${code},${floor}`);
      }
    });
  }
  return `${lines.join('\n')}\n`;
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
/** The n-th (1-based; -1 for last) given ISO weekday (1 Monday .. 7 Sunday) of a month. */
function nthWeekday(y: number, m: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7; // 0 = Monday
    return iso(y, m, 1 + ((weekday - 1 - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = (new Date(Date.UTC(y, m - 1, lastDay)).getUTCDay() + 6) % 7;
  return iso(y, m, lastDay - ((last - (weekday - 1) + 7) % 7));
}
const plus = (date: string, days: number) => addDays(date, days);

/**
 * One academic year's dates by the usual independent-school pattern (e.g. 2026-27: INSET Wed 2
 * Sep, Autumn 3 Sep - 11 Dec with a two-week senior half-term, Spring 5 Jan - 26 Mar, Summer
 * 20 Apr - 9 Jul), so the demo always has a current year whatever today's date.
 */
function yearRows(y: number): string[] {
  const autumnInset = nthWeekday(y, 9, 3, 1);
  const prepHalfTerm = nthWeekday(y, 10, 1, -1);
  const springInset = nthWeekday(y + 1, 1, 1, 1) < iso(y + 1, 1, 4) ? nthWeekday(y + 1, 1, 1, 2) : nthWeekday(y + 1, 1, 1, 1);
  const springHalf = nthWeekday(y + 1, 2, 1, 3);
  const springEnd = nthWeekday(y + 1, 3, 5, -1);
  const summerInset = plus(springEnd, 24);
  const summerHalf = nthWeekday(y + 1, 5, 1, -1);
  return [
    `all,inset,INSET day,${autumnInset},${autumnInset}`,
    `all,term,Autumn,${plus(autumnInset, 1)},${nthWeekday(y, 12, 5, 2)}`,
    `senior,half_term,Autumn half-term,${plus(prepHalfTerm, -7)},${plus(prepHalfTerm, 4)}`,
    `prep,half_term,Autumn half-term,${prepHalfTerm},${plus(prepHalfTerm, 4)}`,
    `all,inset,INSET day: cyber security training,${nthWeekday(y, 11, 5, -1)},${nthWeekday(y, 11, 5, -1)}`,
    `all,inset,INSET day,${springInset},${springInset}`,
    `all,term,Spring,${plus(springInset, 1)},${springEnd}`,
    `all,half_term,Spring half-term,${springHalf},${plus(springHalf, 4)}`,
    `all,inset,INSET day,${summerInset},${summerInset}`,
    `all,term,Summer,${plus(summerInset, 1)},${nthWeekday(y + 1, 7, 5, 2)}`,
    `all,half_term,Summer half-term,${summerHalf},${plus(summerHalf, 4)}`,
  ];
}

/** Term dates for last academic year and this one (the one containing `today`). */
export function termDatesCsv(today: string): string {
  const start = Number(today.slice(5, 7)) >= 9 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
  return `${['school,kind,name,start,end', ...yearRows(start - 1), ...yearRows(start)].join('\n')}\n`;
}
