import { and, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import type { CatalogueFile } from '../catalogues/catalogue-schema.ts';
import { standardsRequirements, standardsStandards } from '../db/tables.ts';

/** Writes a catalogue version's standards and requirements (new ones added, existing ids updated in place). */
export async function writeCatalogueRows(db: Db, file: CatalogueFile, base: number): Promise<void> {
  for (const [si, s] of file.standards.entries()) {
    const standard = {
      id: s.id,
      frameworkKey: file.key,
      title: s.title,
      core: s.core,
      whenToMeet: s.whenToMeet,
      note: s.note ?? null,
      position: base + si * 100,
      retiredIn: null,
    };
    await db.insert(standardsStandards).values(standard).onConflictDoUpdate({ target: standardsStandards.id, set: standard });
    for (const [ri, r] of s.requirements.entries()) {
      const row = {
        id: r.id,
        standardId: s.id,
        text: r.text,
        level: r.level,
        cadence: r.cadence,
        statutory: r.statutory,
        autoFail: r.autoFail ?? null,
        evidenceHint: r.evidenceHint,
        links: r.links,
        position: base + si * 100 + ri,
        retiredIn: null,
        reviewState: null,
      };
      await db.insert(standardsRequirements).values(row).onConflictDoUpdate({ target: standardsRequirements.id, set: row });
    }
  }
}

/** Marks what a new version dropped as retired in it (kept, with its history). */
export async function retireRows(db: Db, key: string, version: string, keepStandards: string[], keepRequirements: string[]) {
  await db
    .update(standardsStandards)
    .set({ retiredIn: version })
    .where(
      and(
        eq(standardsStandards.frameworkKey, key),
        isNull(standardsStandards.retiredIn),
        notInArray(standardsStandards.id, keepStandards),
      ),
    );
  const standardIds = (
    await db.select({ id: standardsStandards.id }).from(standardsStandards).where(eq(standardsStandards.frameworkKey, key))
  ).map((r) => r.id);
  if (standardIds.length === 0) return;
  await db
    .update(standardsRequirements)
    .set({ retiredIn: version })
    .where(
      and(
        inArray(standardsRequirements.standardId, standardIds),
        isNull(standardsRequirements.retiredIn),
        notInArray(standardsRequirements.id, keepRequirements),
      ),
    );
}
