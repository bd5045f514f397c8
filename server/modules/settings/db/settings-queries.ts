import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { settingsAppLinks, settingsValues } from './tables.ts';

export type AppLinkRow = typeof settingsAppLinks.$inferSelect;

export async function selectSettingValue(db: Db, key: string): Promise<unknown> {
  const rows = await db.select({ value: settingsValues.value }).from(settingsValues).where(eq(settingsValues.key, key));
  return rows[0]?.value;
}

export async function selectSettingValues(db: Db, keys: string[]): Promise<Map<string, unknown>> {
  if (keys.length === 0) return new Map();
  const rows = await db.select().from(settingsValues).where(inArray(settingsValues.key, keys));
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function upsertSettingValue(db: Db, key: string, value: unknown, by: string, at: Date): Promise<void> {
  await db
    .insert(settingsValues)
    .values({ key, value, updatedBy: by, updatedAt: at })
    .onConflictDoUpdate({
      target: settingsValues.key,
      set: { value, updatedBy: by, updatedAt: at },
    });
}

export async function deleteSettingValue(db: Db, key: string): Promise<void> {
  await db.delete(settingsValues).where(eq(settingsValues.key, key));
}

export function selectAppLinks(db: Db): Promise<AppLinkRow[]> {
  return db.select().from(settingsAppLinks).orderBy(asc(settingsAppLinks.position), asc(settingsAppLinks.name));
}

export async function selectAppLink(db: Db, id: string): Promise<AppLinkRow | undefined> {
  const rows = await db.select().from(settingsAppLinks).where(eq(settingsAppLinks.id, id));
  return rows[0];
}

export async function insertAppLink(db: Db, row: typeof settingsAppLinks.$inferInsert): Promise<void> {
  await db.insert(settingsAppLinks).values(row);
}

export async function updateAppLink(
  db: Db,
  id: string,
  patch: Partial<typeof settingsAppLinks.$inferInsert>,
): Promise<AppLinkRow | undefined> {
  const rows = await db.update(settingsAppLinks).set(patch).where(eq(settingsAppLinks.id, id)).returning();
  return rows[0];
}

export async function deleteAppLink(db: Db, id: string): Promise<AppLinkRow | undefined> {
  const rows = await db.delete(settingsAppLinks).where(eq(settingsAppLinks.id, id)).returning();
  return rows[0];
}
