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

/** Term dates for 2025-26 and 2026-27: shared terms, a two-week senior autumn half-term. */
export function termDatesCsv(): string {
  return `school,kind,name,start,end
all,term,Autumn,2025-09-04,2025-12-12
all,inset,INSET day,2025-09-03,2025-09-03
senior,half_term,Autumn half-term,2025-10-20,2025-10-31
prep,half_term,Autumn half-term,2025-10-27,2025-10-31
all,term,Spring,2026-01-06,2026-03-27
all,inset,INSET day,2026-01-05,2026-01-05
all,half_term,Spring half-term,2026-02-16,2026-02-20
all,term,Summer,2026-04-21,2026-07-10
all,inset,INSET day,2026-04-20,2026-04-20
all,half_term,Summer half-term,2026-05-25,2026-05-29
all,term,Autumn,2026-09-03,2026-12-11
all,inset,INSET day,2026-09-02,2026-09-02
senior,half_term,Autumn half-term,2026-10-19,2026-10-30
prep,half_term,Autumn half-term,2026-10-26,2026-10-30
all,inset,INSET day: cyber security training,2026-11-27,2026-11-27
all,term,Spring,2027-01-05,2027-03-26
all,inset,INSET day,2027-01-04,2027-01-04
all,half_term,Spring half-term,2027-02-15,2027-02-19
all,term,Summer,2027-04-20,2027-07-09
all,inset,INSET day,2027-04-19,2027-04-19
all,half_term,Summer half-term,2027-05-31,2027-06-04
`;
}
