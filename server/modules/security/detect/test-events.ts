import type { Ctx } from '../../../lib/context.ts';
import { type Rng, seededRng } from '../../../lib/random.ts';
import type { VendorEventRow } from '../db/signin-queries.ts';
import { emptyEvent, type SigninEvent } from '../domain/signin-event.ts';
import { ingestNormalised } from '../import/json-importers.ts';

/** Test fixtures: sign-in events built from a few fields, stored the way an import stores them. */

let seq = 0;

type Fixture = Partial<Omit<SigninEvent, 'ts'>> & { ts: Date | string; user: string };

export function ev(p: Fixture): SigninEvent {
  const { user, ts, ...rest } = p;
  const result = rest.result ?? 'success';
  return {
    ...emptyEvent(),
    source: 'entra',
    eventKey: `req-${++seq}`,
    result,
    errorCode: result === 'success' ? 0 : 50126,
    failureKind: result === 'success' ? null : 'credential',
    clientApp: 'Browser',
    ...rest,
    userName: user,
    ts: new Date(ts),
  };
}

export const fail = (p: Fixture) =>
  ev({ result: 'failure', errorCode: 50126, failureKind: 'credential', failureReason: 'Invalid username or password', ...p });

export async function store(ctx: Ctx, events: SigninEvent[], vendor: VendorEventRow[] = []): Promise<void> {
  await ingestNormalised(ctx, { kind: 'test', name: 'fixture' }, events, vendor);
}

/**
 * Research §8.1 A-1's background: 300 users, 2-6 successful sign-ins a day from 20 home IPs and
 * the school egress 198.51.100.10, and 3% random 50126 failures from their own IPs.
 */
export function backgroundDay(day: string, rng: Rng = seededRng(7), users = 300): SigninEvent[] {
  const out: SigninEvent[] = [];
  for (let u = 0; u < users; u++) {
    const user = `user${String(u).padStart(3, '0')}@school.example`;
    const home = `192.0.2.${(u % 20) + 1}`;
    const n = rng.int(2, 6);
    for (let i = 0; i < n; i++) {
      const ts = new Date(`${day}T${String(rng.int(6, 21)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`);
      const ip = rng.chance(0.5) ? '198.51.100.10' : home;
      out.push(rng.chance(0.03) ? fail({ ts, user, ip: home, country: 'GB' }) : ev({ ts, user, ip, country: 'GB' }));
    }
  }
  return out;
}
