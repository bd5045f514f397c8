import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { wifiAps, wifiImports } from './tables.ts';

export type ApRow = typeof wifiAps.$inferSelect;
export type NewAp = typeof wifiAps.$inferInsert;

export const selectAps = (db: Db): Promise<ApRow[]> => db.select().from(wifiAps).orderBy(asc(wifiAps.name));

export async function selectApById(db: Db, id: number): Promise<ApRow | undefined> {
  return (await db.select().from(wifiAps).where(eq(wifiAps.id, id)))[0];
}

export async function insertAp(db: Db, ap: NewAp): Promise<ApRow> {
  return (await db.insert(wifiAps).values(ap).returning())[0] as ApRow;
}

export async function updateAp(db: Db, id: number, patch: Partial<NewAp>): Promise<void> {
  await db.update(wifiAps).set(patch).where(eq(wifiAps.id, id));
}

export async function recordImport(db: Db, row: typeof wifiImports.$inferInsert): Promise<void> {
  await db.insert(wifiImports).values(row);
}
