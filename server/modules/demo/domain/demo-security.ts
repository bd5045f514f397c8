import type { Ctx } from '../../../lib/context.ts';
import type { Rng } from '../../../lib/random.ts';
import type { PersonInput } from '../../directory/index.ts';
import { loadDemoSignins } from '../../security/index.ts';

/**
 * A month of Oakfield's sign-ins, relative to the demo's "now": staff and senior pupils signing
 * in from school (the trusted egress) and from home, with the morning's real work planted in it:
 * a password spray with one hit, an impossible journey, a scanner still on SMTP AUTH, an MFA
 * push-bombing, a leaked-password warning from Entra ID Protection, and one older incident.
 */
export async function loadDemoSecurity(
  ctx: Ctx,
  rng: Rng,
  people: PersonInput[],
  emails: { director: string; network: string },
): Promise<void> {
  const staff = people.filter((p) => p.kind === 'staff' && p.email).map((p) => p.email as string);
  const pupils = people.filter((p) => p.kind === 'pupil' && p.email && (p.yearGroup ?? 0) >= 9).map((p) => p.email as string);
  await loadDemoSignins(ctx, rng, { staff, pupils, privileged: [emails.director, emails.network] });
}
