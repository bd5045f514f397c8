import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { listWifiComplaints } from '../../helpdesk/index.ts';
import { analyseComplaints } from './complaints.ts';
import { resolveWindow } from './verdict.ts';

/**
 * "Analyse the Wi-Fi tickets": the help desk's Wi-Fi tickets raised in the window (category Wi-Fi
 * or tagged wifi), their requesters set against the Wi-Fi evidence, each with its ticket numbers.
 */
export async function analyseWifiTickets(ctx: Ctx, input: { from?: string; to?: string }) {
  requireRole(ctx, ...IT_ROLES);
  const w = await resolveWindow(ctx, input.from, input.to);
  const tickets = await listWifiComplaints(ctx, { from: w.from, to: w.to });
  const byEmail = new Map<string, number[]>();
  for (const t of tickets) {
    if (!t.requesterEmail) continue;
    const email = t.requesterEmail.toLowerCase();
    byEmail.set(email, [...(byEmail.get(email) ?? []), t.number]);
  }
  if (byEmail.size === 0)
    return { window: { from: w.from, to: w.to }, tickets: tickets.length, analysis: null, ticketsByPerson: {} };
  const analysis = await analyseComplaints(ctx, { people: [...byEmail.keys()], from: w.from, to: w.to });
  return { window: { from: w.from, to: w.to }, tickets: tickets.length, analysis, ticketsByPerson: Object.fromEntries(byEmail) };
}
