import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { selectAps } from '../db/ap-queries.ts';
import type { Finding, Verdict } from './analysis/types.ts';
import { devicesForKey, peopleFor, personalEvidence } from './client-detail.ts';
import { draftContactMessage } from './contact-message.ts';
import { getWifiVerdict } from './verdict.ts';
import { loadThresholds } from './wifi-settings.ts';

/**
 * From the verdict's individual findings to the people to contact: each device's person from the
 * directory, their own evidence, and a message drafted from it. The Director and IT only.
 */

export type Contact = {
  key: string;
  identity: string | null;
  macs: string[];
  person: {
    id: string;
    name: string;
    kind: string;
    yearLabel: string | null;
    tutorGroup: string | null;
    email: string | null;
  } | null;
  reason: string;
  finding: string;
  message: { subject: string; body: string };
  evidence: Awaited<ReturnType<typeof personalEvidence>>['evidence'];
};

export async function contactsFromFindings(ctx: Ctx, findings: Finding[], from: string, to: string): Promise<Contact[]> {
  const out: Contact[] = [];
  const seen = new Set<string>();
  const individual = findings.filter((x) => x.kind === 'individual');
  if (individual.length === 0) return out;
  // Read once for the whole list: the people, the access points and the thresholds.
  const people = await peopleFor(
    ctx,
    individual.flatMap((f) => f.clients.map((c) => c.identity)),
  );
  const shared = { aps: new Map((await selectAps(ctx.db)).map((a) => [a.id, a])), thresholds: await loadThresholds(ctx) };
  for (const f of individual) {
    for (const c of f.clients) {
      const key = c.identity ?? `mac:${c.macs[0] ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const devices = await devicesForKey(ctx, key);
      const person = c.identity ? people.get(c.identity) : undefined;
      const { evidence } = await personalEvidence(ctx, devices, from, to, person, shared);
      out.push({
        key,
        identity: c.identity,
        macs: c.macs,
        person: person
          ? {
              id: person.id,
              name: person.displayName,
              kind: person.kind,
              yearLabel: person.yearLabel,
              tutorGroup: person.tutorGroup,
              email: person.email,
            }
          : null,
        reason: String(f.evidence.metric ?? 'connect'),
        finding: f.explanation,
        message: draftContactMessage(evidence),
        evidence,
      });
    }
  }
  return out.sort((a, b) => (a.person?.name ?? a.key).localeCompare(b.person?.name ?? b.key));
}

export async function listWifiContacts(
  ctx: Ctx,
  input: { from?: string; to?: string },
): Promise<{ verdict: Verdict; contacts: Contact[] }> {
  requireRole(ctx, ...IT_ROLES);
  const verdict = await getWifiVerdict(ctx, input);
  return { verdict, contacts: await contactsFromFindings(ctx, verdict.findings, verdict.window.from, verdict.window.to) };
}
