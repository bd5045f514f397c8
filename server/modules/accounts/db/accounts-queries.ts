import { and, asc, count, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { accountsSessions, accountsSignInAttempts, accountsUsers } from './tables.ts';

export type UserRow = typeof accountsUsers.$inferSelect;
export type NewUserRow = typeof accountsUsers.$inferInsert;
export type SessionRow = typeof accountsSessions.$inferSelect;

export async function selectUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(accountsUsers).where(eq(accountsUsers.email, email.toLowerCase()));
  return rows[0];
}

export async function selectUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(accountsUsers).where(eq(accountsUsers.id, id));
  return rows[0];
}

export function selectUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(accountsUsers).orderBy(asc(accountsUsers.name));
}

export async function countUsers(db: Db): Promise<number> {
  const rows = await db.select({ n: count() }).from(accountsUsers);
  return rows[0]?.n ?? 0;
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(accountsUsers)
    .where(and(eq(accountsUsers.role, 'admin'), eq(accountsUsers.isActive, true)));
  return rows[0]?.n ?? 0;
}

export async function insertUser(db: Db, row: NewUserRow): Promise<UserRow> {
  const rows = await db.insert(accountsUsers).values(row).returning();
  return rows[0] as UserRow;
}

export async function updateUser(db: Db, id: string, patch: Partial<NewUserRow>): Promise<UserRow | undefined> {
  const rows = await db.update(accountsUsers).set(patch).where(eq(accountsUsers.id, id)).returning();
  return rows[0];
}

export async function insertSession(db: Db, row: typeof accountsSessions.$inferInsert): Promise<void> {
  await db.insert(accountsSessions).values(row);
}

export async function selectLiveSession(
  db: Db,
  id: string,
  now: Date,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const rows = await db
    .select({ session: accountsSessions, user: accountsUsers })
    .from(accountsSessions)
    .innerJoin(accountsUsers, eq(accountsSessions.userId, accountsUsers.id))
    .where(and(eq(accountsSessions.id, id), gt(accountsSessions.expiresAt, now), eq(accountsUsers.isActive, true)));
  return rows[0];
}

export async function touchSession(db: Db, id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
  await db.update(accountsSessions).set({ lastSeenAt, expiresAt }).where(eq(accountsSessions.id, id));
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.delete(accountsSessions).where(eq(accountsSessions.id, id));
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(accountsSessions).where(eq(accountsSessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(accountsSessions)
    .where(lt(accountsSessions.expiresAt, now))
    .returning({ id: accountsSessions.id });
  return rows.length;
}

export async function insertSignInAttempt(
  db: Db,
  row: { email: string; ip: string | null; at: Date; succeeded: boolean },
): Promise<void> {
  await db.insert(accountsSignInAttempts).values(row);
}

export function selectAttemptsForEmail(db: Db, email: string, since: Date) {
  return db
    .select({
      at: accountsSignInAttempts.at,
      ip: accountsSignInAttempts.ip,
      succeeded: accountsSignInAttempts.succeeded,
    })
    .from(accountsSignInAttempts)
    .where(and(eq(accountsSignInAttempts.email, email), gte(accountsSignInAttempts.at, since)))
    .orderBy(asc(accountsSignInAttempts.at));
}

export function selectFailuresForIp(db: Db, ip: string, since: Date) {
  return db
    .select({ at: accountsSignInAttempts.at })
    .from(accountsSignInAttempts)
    .where(
      and(eq(accountsSignInAttempts.ip, ip), gte(accountsSignInAttempts.at, since), eq(accountsSignInAttempts.succeeded, false)),
    )
    .orderBy(asc(accountsSignInAttempts.at));
}

export async function deleteAttemptsBefore(db: Db, before: Date): Promise<void> {
  await db.delete(accountsSignInAttempts).where(lt(accountsSignInAttempts.at, before));
}

/** Lets an admin clear a lock-out, e.g. after resetting the password. */
export async function deleteFailedAttemptsForEmail(db: Db, email: string): Promise<void> {
  await db
    .delete(accountsSignInAttempts)
    .where(and(eq(accountsSignInAttempts.email, email), sql`${accountsSignInAttempts.succeeded} = false`));
}

/** Active admin accounts: who hears of a lock-out. */
export function selectActiveAdmins(db: Db) {
  return db
    .select({ email: accountsUsers.email, name: accountsUsers.name })
    .from(accountsUsers)
    .where(and(eq(accountsUsers.role, 'admin'), eq(accountsUsers.isActive, true)));
}

/** Every attempt since `since`, in time order (the table holds 30 days; the lock-out window is minutes). */
export function selectAttemptsSince(db: Db, since: Date) {
  return db
    .select({
      email: accountsSignInAttempts.email,
      at: accountsSignInAttempts.at,
      ip: accountsSignInAttempts.ip,
      succeeded: accountsSignInAttempts.succeeded,
    })
    .from(accountsSignInAttempts)
    .where(gte(accountsSignInAttempts.at, since))
    .orderBy(asc(accountsSignInAttempts.at));
}
