import { inTransaction } from '../../../db/transaction.ts';
import type { Ctx } from '../../../lib/context.ts';
import type { RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ImportProgress } from '../../../lib/module.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  insertGroups,
  insertImportRecord,
  insertPeople,
  markPeopleLeft,
  type NewPersonRow,
  type PersonRow,
  replaceMemberships,
  selectActivePeopleOfKinds,
  selectGroups,
  selectMembershipsOf,
  selectPeopleByExternalIds,
  updatePerson,
} from '../db/directory-queries.ts';

/** One person as an import (or the demo generator) describes them. */
export type PersonInput = {
  externalId: string;
  kind: 'staff' | 'pupil';
  givenName: string;
  familyName: string;
  preferredName: string | null;
  email: string | null;
  schoolId: string | null;
  yearGroup: number | null;
  house: string | null;
  tutorGroup: string | null;
  jobTitle: string | null;
  department: string | null;
  /** Group codes; undefined leaves memberships alone. */
  groups?: string[];
};

const COMPARED = [
  'kind',
  'givenName',
  'familyName',
  'preferredName',
  'email',
  'schoolId',
  'yearGroup',
  'house',
  'tutorGroup',
  'jobTitle',
  'department',
] as const;

function changedFields(row: PersonRow, p: PersonInput): string[] {
  const changed: string[] = COMPARED.filter((k) => (row[k] ?? null) !== (p[k] ?? null));
  if (!row.isActive) changed.push('isActive');
  return changed;
}

export type SyncResult = {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  notes: string[];
};

/**
 * Creates new people, updates changed ones and leaves identical ones alone, in one transaction:
 * running it twice with the same input changes nothing the second time.
 */
export async function syncPeople(
  ctx: Ctx,
  people: PersonInput[],
  options: {
    dryRun: boolean;
    deactivateMissing: boolean;
    progress?: ImportProgress;
    record?: {
      kind: string;
      fileName: string;
      fileSha256: string;
      actorLabel: string;
      rejected: RowProblem[];
    };
  },
): Promise<SyncResult> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, { dryRun: options.dryRun }, async (db) => {
    const existing = new Map<string, PersonRow>();
    for (let i = 0; i < people.length; i += 1000) {
      for (const r of await selectPeopleByExternalIds(
        db,
        people.slice(i, i + 1000).map((p) => p.externalId),
      ))
        existing.set(r.externalId, r);
    }
    const fresh: NewPersonRow[] = [];
    const ids = new Map<string, string>();
    let updated = 0;
    let unchanged = 0;
    let done = 0;
    for (const p of people) {
      const { groups: _groups, ...fields } = p;
      const row = existing.get(p.externalId);
      if (!row) {
        const id = newId();
        ids.set(p.externalId, id);
        fresh.push({
          id,
          ...fields,
          isActive: true,
          createdAt: now,
          updatedAt: now,
        });
      } else {
        ids.set(p.externalId, row.id);
        if (changedFields(row, p).length) {
          await updatePerson(db, row.id, {
            ...fields,
            isActive: true,
            leftOn: null,
            updatedAt: now,
          });
          updated++;
        } else unchanged++;
      }
      if (++done % 250 === 0) options.progress?.(done, people.length, 'Comparing with the directory');
    }
    await insertPeople(db, fresh);
    await syncGroups(db, people, ids);
    const notes: string[] = [];
    const kinds = [...new Set(people.map((p) => p.kind))];
    const missing = (await selectActivePeopleOfKinds(db, kinds)).filter((r) => !ids.has(r.externalId));
    if (missing.length && options.deactivateMissing) {
      await markPeopleLeft(
        db,
        missing.map((m) => m.id),
        localDate(now, ctx.config.timeZone),
        now,
      );
      notes.push(`Marked ${missing.length} people who are not in the file as having left`);
    } else if (missing.length) {
      notes.push(
        `${missing.length} active ${kinds.join('/')} records are not in this file; they were left as they are (use "deactivate missing" to mark them as left)`,
      );
    }
    const result: SyncResult = {
      created: fresh.length,
      updated,
      unchanged,
      deactivated: options.deactivateMissing ? missing.length : 0,
      notes,
    };
    options.progress?.(people.length, people.length, 'Saved');
    if (options.record) {
      const r = options.record;
      await insertImportRecord(db, {
        id: newId(),
        kind: r.kind,
        fileName: r.fileName,
        fileSha256: r.fileSha256,
        at: now,
        actorLabel: r.actorLabel,
        rowsIn: people.length + r.rejected.length,
        created: result.created,
        updated,
        unchanged,
        rejected: r.rejected.length,
        report: {
          rejected: r.rejected.slice(0, 500),
          notes,
          deactivated: result.deactivated,
        },
      });
      await recordAudit(
        { ...ctx, db },
        {
          action: 'directory.import',
          summary: `Imported ${r.kind} from ${r.fileName}: ${result.created} new, ${updated} changed, ${unchanged} unchanged`,
          targetType: 'import',
          details: {
            file: r.fileName,
            sha256: r.fileSha256,
            rejected: r.rejected.length,
          },
        },
      );
    }
    return result;
  });
}

async function syncGroups(db: Ctx['db'], people: PersonInput[], ids: Map<string, string>): Promise<void> {
  const withGroups = people.filter((p) => p.groups !== undefined);
  if (withGroups.length === 0) return;
  const wanted = new Set(withGroups.flatMap((p) => p.groups ?? []));
  const known = await selectGroups(db);
  const missing = [...wanted].filter((code) => !known.some((g) => g.code === code));
  await insertGroups(
    db,
    missing.map((code) => ({
      id: newId(),
      code,
      name: code,
      kind: 'imported',
    })),
  );
  const byCode = new Map((await selectGroups(db)).map((g) => [g.code, g.id]));
  const personIds = withGroups.map((p) => ids.get(p.externalId) as string);
  const current = new Map<string, Set<string>>();
  for (const m of await selectMembershipsOf(db, personIds)) {
    const set = current.get(m.personId) ?? new Set();
    set.add(m.groupId);
    current.set(m.personId, set);
  }
  for (const p of withGroups) {
    const personId = ids.get(p.externalId) as string;
    const next = (p.groups ?? []).map((c) => byCode.get(c) as string);
    const have = current.get(personId) ?? new Set();
    if (next.length !== have.size || next.some((g) => !have.has(g))) await replaceMemberships(db, personId, next);
  }
}
