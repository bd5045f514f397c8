import { and, asc, desc, eq, lt, ne } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { meetingsMeetings, meetingsMembers, meetingsSeries } from './tables.ts';

export type SeriesRow = typeof meetingsSeries.$inferSelect;
export type MemberRow = typeof meetingsMembers.$inferSelect;
export type MeetingRow = typeof meetingsMeetings.$inferSelect;

export async function insertSeries(db: Db, row: typeof meetingsSeries.$inferInsert): Promise<SeriesRow> {
  return (await db.insert(meetingsSeries).values(row).returning())[0] as SeriesRow;
}

export async function updateSeriesRow(db: Db, id: string, patch: Partial<typeof meetingsSeries.$inferInsert>) {
  return (await db.update(meetingsSeries).set(patch).where(eq(meetingsSeries.id, id)).returning())[0];
}

export async function selectSeries(db: Db, id: string): Promise<SeriesRow | undefined> {
  return (await db.select().from(meetingsSeries).where(eq(meetingsSeries.id, id)))[0];
}

export function selectAllSeries(db: Db): Promise<SeriesRow[]> {
  return db.select().from(meetingsSeries).orderBy(asc(meetingsSeries.name));
}

export function selectMembers(db: Db, seriesId?: string): Promise<MemberRow[]> {
  return db
    .select()
    .from(meetingsMembers)
    .where(seriesId ? eq(meetingsMembers.seriesId, seriesId) : undefined)
    .orderBy(asc(meetingsMembers.position));
}

export async function replaceMembers(db: Db, seriesId: string, rows: Omit<typeof meetingsMembers.$inferInsert, 'seriesId'>[]) {
  await db.delete(meetingsMembers).where(eq(meetingsMembers.seriesId, seriesId));
  if (rows.length) await db.insert(meetingsMembers).values(rows.map((r) => ({ ...r, seriesId })));
}

export async function insertMeeting(db: Db, row: typeof meetingsMeetings.$inferInsert): Promise<MeetingRow> {
  return (await db.insert(meetingsMeetings).values(row).returning())[0] as MeetingRow;
}

export async function updateMeetingRow(db: Db, id: string, patch: Partial<typeof meetingsMeetings.$inferInsert>) {
  return (await db.update(meetingsMeetings).set(patch).where(eq(meetingsMeetings.id, id)).returning())[0];
}

export async function selectMeeting(db: Db, id: string): Promise<MeetingRow | undefined> {
  return (await db.select().from(meetingsMeetings).where(eq(meetingsMeetings.id, id)))[0];
}

/** Newest first. */
export function selectMeetings(db: Db, seriesId?: string): Promise<MeetingRow[]> {
  return db
    .select()
    .from(meetingsMeetings)
    .where(seriesId ? eq(meetingsMeetings.seriesId, seriesId) : undefined)
    .orderBy(desc(meetingsMeetings.startsAt));
}

/** The series' meetings (not cancelled) before `at`, newest first. */
export function selectEarlierMeetings(db: Db, seriesId: string, at: Date): Promise<MeetingRow[]> {
  return db
    .select()
    .from(meetingsMeetings)
    .where(
      and(eq(meetingsMeetings.seriesId, seriesId), lt(meetingsMeetings.startsAt, at), ne(meetingsMeetings.status, 'cancelled')),
    )
    .orderBy(desc(meetingsMeetings.startsAt));
}
