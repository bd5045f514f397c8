import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { type CsvTable, readCsvFile, resolveColumns } from '../../../lib/csv.ts';
import { ImportRejected, Invalid, type RowProblem } from '../../../lib/errors.ts';
import { sha256 } from '../../../lib/ids.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { selectPeopleByEmails } from '../db/directory-queries.ts';
import { listSchools, matchSchool, type School, unknownSchoolMessage } from './schools.ts';
import { type PersonInput, syncPeople } from './sync-people.ts';

/**
 * People from a school MIS export (iSAMS, SIMS, Arbor, Wonde, a hand-made sheet). Columns are
 * found by header through the mapping (or the usual names below); other columns are ignored and
 * listed, so dates of birth and addresses never enter Belfry.
 */

export const PEOPLE_FIELDS = {
  externalId: [
    'external id',
    'id',
    'mis id',
    'upn',
    'admission number',
    'admission no',
    'pupil id',
    'staff id',
    'person id',
    'school id',
    'employee number',
  ],
  kind: ['kind', 'type', 'person type', 'role', 'category'],
  givenName: ['given name', 'forename', 'first name', 'legal forename', 'firstname'],
  familyName: ['family name', 'surname', 'last name', 'legal surname', 'lastname'],
  preferredName: ['preferred name', 'preferred forename', 'known as', 'nickname'],
  email: ['email', 'email address', 'school email', 'work email', 'username'],
  school: ['school', 'site', 'campus', 'school code'],
  yearGroup: ['year group', 'year', 'nc year', 'national curriculum year', 'year of study'],
  house: ['house', 'boarding house'],
  tutorGroup: ['tutor group', 'form', 'reg group', 'registration group', 'form group'],
  jobTitle: ['job title', 'title', 'position', 'post'],
  department: ['department', 'dept', 'faculty'],
  groups: ['groups', 'group', 'teams'],
} as const;

export type PeopleField = keyof typeof PEOPLE_FIELDS;
const REQUIRED: PeopleField[] = ['externalId', 'givenName', 'familyName'];

const KIND_WORDS: Record<string, 'staff' | 'pupil'> = {
  staff: 'staff',
  teacher: 'staff',
  employee: 'staff',
  support: 'staff',
  teaching: 'staff',
  'support staff': 'staff',
  pupil: 'pupil',
  student: 'pupil',
  learner: 'pupil',
};

/** 'Year 7', 'Y7', '7', 'Reception', 'Lower Sixth' ... to the National Curriculum year number. */
export function parseYearGroup(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '') return undefined;
  const named: Record<string, number> = {
    reception: 0,
    rec: 0,
    r: 0,
    yr: 0,
    nursery: -1,
    n: -1,
    'lower sixth': 12,
    l6: 12,
    'upper sixth': 13,
    u6: 13,
  };
  if (t in named) return named[t];
  const m = /^(?:year|yr|y|nc)?\s*(\d{1,2})$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 14) return n;
  }
  return Number.NaN;
}

const emailSchema = z.email();

export function readPeopleRows(
  table: CsvTable,
  schools: School[],
  options: {
    mapping?: Record<string, string>;
    defaultKind?: 'staff' | 'pupil';
  },
): {
  people: (PersonInput & { line: number })[];
  problems: RowProblem[];
  ignoredColumns: string[];
  emailHeader: string;
} {
  const { columns, unknownMapped, unused } = resolveColumns(table.headers, PEOPLE_FIELDS, options.mapping);
  const file = table.file;
  if (unknownMapped.length) {
    throw new ImportRejected([
      {
        file,
        line: 1,
        message: `the mapping names columns that are not in the file: ${unknownMapped.join(', ')}`,
      },
    ]);
  }
  const missing = REQUIRED.filter((f) => columns[f] === undefined);
  if (!options.defaultKind && columns.kind === undefined) missing.push('kind');
  if (missing.length) {
    throw new ImportRejected([
      {
        file,
        line: 1,
        message: `no column for ${missing.join(', ')}; map one with field=Header (headers found: ${table.headers.join(', ')})`,
      },
    ]);
  }
  const problems: RowProblem[] = [];
  const people: (PersonInput & { line: number })[] = [];
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  for (const row of table.rows) {
    const get = (f: PeopleField) => {
      const i = columns[f];
      return i === undefined ? '' : (row.values[i] ?? '').trim();
    };
    const bad = (field: PeopleField, message: string) =>
      problems.push({
        file,
        line: row.line,
        field: table.headers[columns[field] ?? -1] ?? field,
        message,
      });
    const before = problems.length;
    const externalId = get('externalId');
    if (!externalId) bad('externalId', 'is empty');
    else if (seenIds.has(externalId)) bad('externalId', `"${externalId}" also appears on line ${seenIds.get(externalId)}`);
    else seenIds.set(externalId, row.line);
    const kindText = get('kind').toLowerCase();
    const kind = kindText ? KIND_WORDS[kindText] : options.defaultKind;
    if (!kind) bad('kind', `"${get('kind')}" is not staff or pupil`);
    const givenName = get('givenName');
    const familyName = get('familyName');
    if (!givenName) bad('givenName', 'is empty');
    if (!familyName) bad('familyName', 'is empty');
    const email = get('email').toLowerCase();
    if (email) {
      if (!emailSchema.safeParse(email).success) bad('email', `"${email}" is not an email address`);
      else if (seenEmails.has(email)) bad('email', `${email} also appears on line ${seenEmails.get(email)}`);
      else seenEmails.set(email, row.line);
    }
    const schoolText = get('school');
    const school = schoolText ? matchSchool(schools, schoolText) : undefined;
    if (schoolText && !school) bad('school', unknownSchoolMessage(schools, schoolText));
    const yearText = get('yearGroup');
    const yearGroup = parseYearGroup(yearText);
    if (Number.isNaN(yearGroup)) bad('yearGroup', `"${yearText}" is not a year group`);
    if (problems.length > before || !kind) continue;
    people.push({
      line: row.line,
      externalId,
      kind,
      givenName,
      familyName,
      preferredName: get('preferredName') || null,
      email: email || null,
      schoolId: school?.id ?? null,
      yearGroup: kind === 'pupil' ? (yearGroup ?? null) : null,
      house: get('house') || null,
      tutorGroup: get('tutorGroup') || null,
      jobTitle: kind === 'staff' ? get('jobTitle') || null : null,
      department: kind === 'staff' ? get('department') || null : null,
      groups:
        columns.groups === undefined
          ? undefined
          : get('groups')
              .split(/[;|]/)
              .map((g) => g.trim())
              .filter(Boolean),
    });
  }
  return { people, problems, ignoredColumns: unused, emailHeader: table.headers[columns.email ?? -1] ?? 'email' };
}

/**
 * A row whose address belongs to someone else already in the directory (a different MIS id who
 * is not in this file) would break the one-address-one-person rule: it is a row problem, named
 * with whom the address belongs to, never a database error.
 */
async function emailsTakenByOthers(
  ctx: Ctx,
  file: string,
  people: (PersonInput & { line: number })[],
  header: string,
): Promise<RowProblem[]> {
  const inFile = new Set(people.map((p) => p.externalId));
  const byEmail = new Map(people.filter((p) => p.email).map((p) => [p.email as string, p]));
  const emails = [...byEmail.keys()];
  const problems: RowProblem[] = [];
  for (let i = 0; i < emails.length; i += 1000) {
    for (const holder of await selectPeopleByEmails(ctx.db, emails.slice(i, i + 1000))) {
      const row = byEmail.get((holder.email ?? '').toLowerCase());
      if (!row || holder.externalId === row.externalId || inFile.has(holder.externalId)) continue;
      const who = `${holder.preferredName ?? holder.givenName} ${holder.familyName}`;
      problems.push({
        file,
        line: row.line,
        field: header,
        message: `${row.email} is already used by ${who} (MIS id ${holder.externalId}${holder.isActive ? '' : ', a leaver'})`,
      });
    }
  }
  return problems;
}

export async function importPeopleFile(
  ctx: Ctx,
  file: string,
  options: ImportOptions & {
    defaultKind?: 'staff' | 'pupil';
    deactivateMissing?: boolean;
  },
  progress: ImportProgress,
): Promise<ImportSummary> {
  const actor = requireRole(ctx, ...IT_ROLES);
  const name = options.fileName ?? file.split('/').pop() ?? file;
  const table = await readCsvFile(file, name);
  const schools = await listSchools(ctx);
  const read = readPeopleRows(table, schools, options);
  const { ignoredColumns } = read;
  const problems = [...read.problems, ...(await emailsTakenByOthers(ctx, name, read.people, read.emailHeader))];
  const refused = new Set(problems.map((p) => p.line));
  const people = read.people.filter((p) => !refused.has(p.line));
  if (problems.length && !options.skipInvalid) throw new ImportRejected(problems.sort((a, b) => a.line - b.line));
  if (people.length === 0) throw new Invalid(`${name}: no rows to import`);
  const fileSha256 = sha256((await readFile(file)).toString('latin1'));
  const result = await syncPeople(ctx, people, {
    dryRun: options.dryRun,
    deactivateMissing: options.deactivateMissing ?? false,
    progress,
    record: {
      kind: 'people',
      fileName: name,
      fileSha256,
      actorLabel: actor.kind === 'user' ? actor.email : actor.name,
      rejected: problems,
    },
  });
  const notes = [...result.notes];
  if (ignoredColumns.length) notes.push(`Ignored columns (not stored): ${ignoredColumns.join(', ')}`);
  return {
    kind: 'people',
    file: name,
    rowsIn: table.rows.length,
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    rejected: problems.length,
    problems,
    dryRun: options.dryRun,
    notes,
  };
}
