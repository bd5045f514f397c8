import type { Rng } from '../../../lib/random.ts';
import type { PersonInput } from '../../directory/index.ts';

/** Oakfield School's people: about 1,700 pupils across a prep and a senior school, and 350 staff. */

export const DEMO_DOMAIN = 'oakfield.example';

const GIVEN = [
  'Oliver',
  'Amelia',
  'George',
  'Isla',
  'Arthur',
  'Ava',
  'Noah',
  'Mia',
  'Muhammad',
  'Ivy',
  'Leo',
  'Lily',
  'Harry',
  'Isabella',
  'Oscar',
  'Rosie',
  'Archie',
  'Sophia',
  'Henry',
  'Grace',
  'Theodore',
  'Freya',
  'Jack',
  'Florence',
  'Charlie',
  'Willow',
  'Finley',
  'Evie',
  'Alfie',
  'Poppy',
  'Thomas',
  'Ella',
  'Edward',
  'Emily',
  'Joshua',
  'Ada',
  'Samuel',
  'Phoebe',
  'William',
  'Sienna',
  'James',
  'Elsie',
  'Max',
  'Matilda',
  'Ethan',
  'Aisha',
  'Reuben',
  'Zara',
  'Aarav',
  'Priya',
  'Kwame',
  'Amara',
  'Tomasz',
  'Zofia',
  'Chen',
  'Mei',
  'Rohan',
  'Anika',
  'Callum',
  'Eilidh',
  'Rhys',
  'Carys',
  'Declan',
  'Niamh',
  'Ibrahim',
  'Maryam',
  'Hugo',
  'Beatrice',
  'Felix',
  'Imogen',
  'Rafferty',
  'Clementine',
  'Benedict',
  'Harriet',
  'Sebastian',
  'Olivia',
  'Jude',
  'Esme',
  'Louis',
  'Nancy',
];

const FAMILY = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Khan',
  'Hughes',
  'Edwards',
  'Turner',
  'Hill',
  'Moore',
  'Cooper',
  'Ward',
  'Morris',
  'King',
  'Watson',
  'Harrison',
  'Morgan',
  'Baker',
  'Young',
  'Allen',
  'Mitchell',
  'Anderson',
  'Lee',
  'Bell',
  'Kaur',
  'Singh',
  'Ahmed',
  'Ali',
  'Nowak',
  'Okafor',
  'Mensah',
  'Chen',
  'Wang',
  'Murphy',
  "O'Brien",
  'MacLeod',
  'Fraser',
  'Price',
  'Lloyd',
  'Bennett',
  'Carter',
  'Shaw',
  'Holmes',
  'Fletcher',
  'Ellis',
  'Dixon',
  'Barker',
  'Marsh',
  'Ashworth',
  'Pemberton',
  'Hargreaves',
  'Fitzgerald',
  'Okonkwo',
  'Kowalski',
  'Sharma',
  'Gupta',
  'Rahman',
  'Begum',
  'Hussain',
];

export const SENIOR_HOUSES = ['Ashdown', 'Beech', 'Cedar', 'Elm', 'Hazel', 'Oak', 'Rowan', 'Willow'];
export const PREP_HOUSES = ['Kestrel', 'Merlin', 'Osprey', 'Peregrine'];

/** Year group sizes: Reception to Year 8 in the prep school, Years 9 to 13 in the senior school. */
const PREP_YEARS: [number, number][] = [
  [0, 56],
  [1, 58],
  [2, 58],
  [3, 60],
  [4, 60],
  [5, 62],
  [6, 62],
  [7, 62],
  [8, 62],
];
const SENIOR_YEARS: [number, number][] = [
  [9, 240],
  [10, 240],
  [11, 230],
  [12, 225],
  [13, 225],
];

const ascii = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z]/g, '');

/** Named staff the other modules' demo data refers to (meetings, tickets, the IT team). */
export const KEY_STAFF = [
  {
    key: 'director',
    given: 'Sam',
    family: 'Harding',
    title: 'Director of IT',
    dept: 'IT Services',
    groups: ['it-services', 'itmg'],
  },
  { key: 'network', given: 'Priya', family: 'Raman', title: 'Network Manager', dept: 'IT Services', groups: ['it-services'] },
  {
    key: 'servicedesk',
    given: 'Tom',
    family: 'Okafor',
    title: 'IT Services Manager',
    dept: 'IT Services',
    groups: ['it-services'],
  },
  { key: 'tech1', given: 'Jess', family: 'Marsh', title: 'IT Technician', dept: 'IT Services', groups: ['it-services'] },
  { key: 'tech2', given: 'Callum', family: 'Fraser', title: 'IT Technician', dept: 'IT Services', groups: ['it-services'] },
  {
    key: 'sysadmin',
    given: 'Anika',
    family: 'Sharma',
    title: 'Systems Administrator',
    dept: 'IT Services',
    groups: ['it-services'],
  },
  {
    key: 'prepit',
    given: 'Rhys',
    family: 'Lloyd',
    title: 'Head of IT (Prep)',
    dept: 'IT Services',
    groups: ['it-services', 'itmg'],
    school: 'prep',
  },
  {
    key: 'edtech',
    given: 'Harriet',
    family: 'Pemberton',
    title: 'Director of EdTech',
    dept: 'Teaching and Learning',
    groups: ['itmg'],
  },
  { key: 'head', given: 'Jonathan', family: 'Ashworth', title: 'Head', dept: 'Senior Leadership', groups: ['slt'] },
  {
    key: 'bursar',
    given: 'Helen',
    family: 'Fitzgerald',
    title: 'Director of Finance and Operations',
    dept: 'Senior Leadership',
    groups: ['slt'],
  },
  {
    key: 'deputy',
    given: 'Marcus',
    family: 'Bennett',
    title: 'Deputy Head (Academic)',
    dept: 'Senior Leadership',
    groups: ['slt', 'itmg'],
  },
  {
    key: 'pastoral',
    given: 'Claire',
    family: 'Hargreaves',
    title: 'Deputy Head (Pastoral) and DSL',
    dept: 'Senior Leadership',
    groups: ['slt'],
  },
  {
    key: 'prephead',
    given: 'Fiona',
    family: 'MacLeod',
    title: 'Head of Prep',
    dept: 'Senior Leadership',
    groups: ['slt'],
    school: 'prep',
  },
  { key: 'teacher', given: 'Daniel', family: 'Cooper', title: 'Teacher of Geography', dept: 'Geography', groups: ['itmg'] },
] as const;

const DEPARTMENTS = [
  'English',
  'Mathematics',
  'Science',
  'History',
  'Geography',
  'Modern Languages',
  'Classics',
  'Art',
  'Music',
  'Drama',
  'Physical Education',
  'Computing',
  'Religious Studies',
  'Economics',
  'Learning Support',
];
const SUPPORT = [
  'Bursary',
  'Estates',
  'Catering',
  'Admissions',
  'Marketing',
  'Boarding',
  'Medical Centre',
  'Library',
  'Reception',
  'HR',
];

export type DemoPeople = { people: PersonInput[]; emailOf: (key: string) => string };

export function generatePeople(rng: Rng, schools: { prep: string; senior: string }): DemoPeople {
  const people: PersonInput[] = [];
  const usedEmails = new Set<string>();
  const uniqueEmail = (base: string) => {
    let email = `${base}@${DEMO_DOMAIN}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@${DEMO_DOMAIN}`;
    usedEmails.add(email);
    return email;
  };
  const keyEmails = new Map<string, string>();
  let staffNo = 1000;
  for (const k of KEY_STAFF) {
    const email = uniqueEmail(`${ascii(k.given)[0]}.${ascii(k.family)}`);
    keyEmails.set(k.key, email);
    people.push({
      externalId: `S${staffNo++}`,
      kind: 'staff',
      givenName: k.given,
      familyName: k.family,
      preferredName: null,
      email,
      schoolId: 'school' in k && k.school === 'prep' ? schools.prep : schools.senior,
      yearGroup: null,
      house: null,
      tutorGroup: null,
      jobTitle: k.title,
      department: k.dept,
      groups: [...k.groups, 'staff-all'],
    });
  }
  for (let i = people.length; i < 350; i++) {
    const given = rng.pick(GIVEN);
    const family = rng.pick(FAMILY);
    const prep = i % 7 < 2;
    const teaching = rng.chance(0.6);
    const dept = teaching ? rng.pick(DEPARTMENTS) : rng.pick(SUPPORT);
    people.push({
      externalId: `S${staffNo++}`,
      kind: 'staff',
      givenName: given,
      familyName: family,
      preferredName: null,
      email: uniqueEmail(`${ascii(given)[0]}.${ascii(family)}`),
      schoolId: prep ? schools.prep : schools.senior,
      yearGroup: null,
      house: null,
      tutorGroup: null,
      jobTitle: teaching ? `Teacher of ${dept}` : `${dept} Officer`,
      department: dept,
      groups: ['staff-all', teaching ? 'staff-teaching' : 'staff-support'],
    });
  }
  let pupilNo = 20000;
  const addPupils = (years: [number, number][], schoolId: string, houses: string[], formsPerYear: number) => {
    for (const [year, size] of years) {
      // The year they joined this school (Reception or Year 9), as in their email address.
      const entry = year >= 9 ? 2026 - (year - 9) : 2026 - year;
      for (let i = 0; i < size; i++) {
        const given = rng.pick(GIVEN);
        const family = rng.pick(FAMILY);
        const form = String.fromCharCode(65 + (i % formsPerYear));
        const tutor = year === 0 ? `R${form}` : `${year}${form}`;
        people.push({
          externalId: `P${pupilNo++}`,
          kind: 'pupil',
          givenName: given,
          familyName: family,
          preferredName: rng.chance(0.05) ? rng.pick(GIVEN) : null,
          // Reception to Year 2 have no school email address.
          email: year >= 3 ? uniqueEmail(`${String(entry).slice(2)}${ascii(family)}${ascii(given)[0]}`) : null,
          schoolId,
          yearGroup: year,
          house: rng.pick(houses),
          tutorGroup: tutor,
          jobTitle: null,
          department: null,
        });
      }
    }
  };
  addPupils(PREP_YEARS, schools.prep, PREP_HOUSES, 3);
  addPupils(SENIOR_YEARS, schools.senior, SENIOR_HOUSES, 10);
  return {
    people,
    emailOf: (key) => {
      const e = keyEmails.get(key);
      if (!e) throw new Error(`no key staff member ${key}`);
      return e;
    },
  };
}

/** A pupil the demo gives an account to, found by year group (deterministic: the first one). */
export function demoPupil(people: PersonInput[], year: number): PersonInput {
  const p = people.find((x) => x.kind === 'pupil' && x.yearGroup === year && x.email);
  if (!p) throw new Error(`no pupil in year ${year}`);
  return p;
}
