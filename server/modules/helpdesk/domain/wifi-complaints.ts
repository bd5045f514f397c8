import { and, arrayContains, eq, gte, lt, or } from 'drizzle-orm';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { helpdeskTickets } from '../db/tables.ts';
import { periodOf } from './metrics-read.ts';

/**
 * For the Wi-Fi module: help desk tickets about Wi-Fi (category Wi-Fi, or tagged wifi) raised in a
 * period, with who raised them, where and when, so complaints can be set against the controller's
 * own evidence. Restricted tickets are left out. The Director and IT only.
 */
export type WifiComplaint = {
  ticketId: string;
  number: number;
  subject: string;
  createdAt: string;
  status: string;
  requesterEmail: string | null;
  requesterPersonId: string | null;
  requesterKind: string;
  schoolId: string | null;
  buildingId: string | null;
  roomId: string | null;
  locationLabel: string | null;
};

export async function listWifiComplaints(ctx: Ctx, input: { from: string; to: string }): Promise<WifiComplaint[]> {
  requireRole(ctx, ...IT_ROLES);
  const { from, to } = periodOf(ctx, input);
  const t = helpdeskTickets;
  const rows = await ctx.db
    .select()
    .from(t)
    .where(
      and(
        gte(t.createdAt, from),
        lt(t.createdAt, to),
        eq(t.restricted, false),
        eq(t.isAuto, false),
        or(eq(t.category, 'Wi-Fi'), arrayContains(t.tags, ['wifi'])),
      ),
    )
    .orderBy(t.createdAt);
  return rows
    .filter((r) => r.status !== 'merged')
    .map((r) => ({
      ticketId: r.id,
      number: r.number,
      subject: r.subject,
      createdAt: r.createdAt.toISOString(),
      status: r.status,
      requesterEmail: r.requesterEmail,
      requesterPersonId: r.requesterPersonId,
      requesterKind: r.requesterKind,
      schoolId: r.schoolId,
      buildingId: r.buildingId,
      roomId: r.roomId,
      locationLabel: r.locationLabel,
    }));
}
