import { type Rng, seededRng } from '../../../../lib/random.ts';
import { addDays, zonedToUtc } from '../../../../lib/zoned-time.ts';
import type { FailStage, WifiApSample, WifiAttempt, WifiClientSample } from '../records.ts';

/**
 * The seeded fixture of research §8.2: one site, buildings A (4 APs), B (4) and C (2), 500 clients
 * with identities roaming between 2 and 5 APs over a school day (08:30-15:30), 2% of attempts
 * failing at a random stage; each scenario plants one pattern on top. Test support only.
 */

export const TZ = 'Europe/London';
export const BUILDINGS = {
  A: ['AP-A1', 'AP-A2', 'AP-A3', 'AP-A4'],
  B: ['AP-B1', 'AP-B2', 'AP-B3', 'AP-B4'],
  C: ['AP-C1', 'AP-C2'],
};
const STAGES: FailStage[] = ['assoc', 'auth', 'dhcp', 'dns'];
const MODELS = ['Laptop L13', 'iPad 9', 'Chromebook 11', 'Surface Go', 'MacBook Air'];

export type Plant = {
  /** Probability and stage of failure for this attempt, or undefined for the 2% background. */
  fail?: (x: { client: number; ap: string; at: Date; day: number }) => { p: number; stage: FailStage } | undefined;
  /** Signal (dBm) of a reading, or undefined for the normal -55 ± 5. */
  rssi?: (x: { client: number; ap: string; rng: Rng }) => number | undefined;
  /** Extra attempts per day for some clients (bad old devices are used a lot). */
  attempts?: (client: number) => number | undefined;
  /** The AP set of a client, or undefined for the usual 2-5 APs. */
  apSet?: (client: number) => string[] | undefined;
  model?: (client: number) => string | undefined;
  /** Several (randomised) MACs for one client; attempts rotate between them. */
  macs?: (client: number) => string[] | undefined;
  withoutIdentities?: boolean;
  /** Signal readings per client per day (0: none). */
  samplesPerDay?: number;
  extra?: (x: { rng: Rng; day: string; out: ScenarioRecords }) => void;
};

export type ScenarioRecords = { attempts: WifiAttempt[]; clientSamples: WifiClientSample[]; apSamples: WifiApSample[] };

export const identityOf = (i: number) => `p${String(i).padStart(3, '0')}@oakfield.test`;
/** A client's (globally administered) MAC; each scenario's seed gives its devices their own addresses. */
export const macOf = (i: number, seed = 0) =>
  `00:1a:${(seed & 255).toString(16).padStart(2, '0')}:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;

export function apInventoryCsv(extra: string[] = []): string {
  const lines = ['ap,mac,school,building,floor,room'];
  for (const [b, aps] of Object.entries(BUILDINGS)) for (const ap of aps) lines.push(`${ap},,main,${b},,`);
  for (const ap of extra) lines.push(`${ap},,main,C,,`);
  return `${lines.join('\n')}\n`;
}

export const placesCsv = () =>
  'school,building,building name,room,room name,floor\nmain,A,Block A,,,\nmain,B,Block B,,,\nmain,C,Block C,,,\n';

function apSetOf(rng: Rng): string[] {
  const all = Object.values(BUILDINGS).flat();
  const home = rng.pick(['A', 'A', 'B', 'B', 'C'] as const);
  const size = rng.int(2, 5);
  const own = [...BUILDINGS[home]].sort(() => rng.next() - 0.5);
  const set = own.slice(0, Math.min(size, own.length));
  while (set.length < size) {
    const ap = rng.pick(all);
    if (!set.includes(ap)) set.push(ap);
  }
  return set.sort();
}

export function generateScenario(seed: number, firstDay: string, days: number, plant: Plant = {}): ScenarioRecords {
  const rng = seededRng(seed);
  const out: ScenarioRecords = { attempts: [], clientSamples: [], apSamples: [] };
  const clients = Array.from({ length: 500 }, (_, i) => ({
    i,
    set: plant.apSet?.(i) ?? apSetOf(rng),
    model: plant.model?.(i) ?? rng.pick(MODELS),
    macs: plant.macs?.(i) ?? [macOf(i, seed)],
  }));
  for (let d = 0; d < days; d++) {
    const day = addDays(firstDay, d);
    const open = zonedToUtc(day, '08:30', TZ).getTime();
    const span = 7 * 3600_000;
    for (const c of clients) {
      const n = plant.attempts?.(c.i) ?? rng.int(20, 40);
      const signal = (ap: string) => plant.rssi?.({ client: c.i, ap, rng }) ?? Math.round(rng.normal(-55, 4));
      for (let j = 0; j < n; j++) {
        const at = new Date(open + Math.floor(rng.next() * span));
        const ap = rng.pick(c.set);
        const planted = plant.fail?.({ client: c.i, ap, at, day: d });
        const p = planted?.p ?? 0.02;
        const failed = rng.chance(p);
        const stage = failed ? (planted?.stage ?? rng.pick(STAGES)) : 'connected';
        out.attempts.push({
          ts: at,
          ap,
          clientMac: c.macs[j % c.macs.length] as string,
          identity: plant.withoutIdentities ? undefined : identityOf(c.i),
          ssid: 'Oakfield',
          band: '5',
          stage,
          ok: !failed,
          rssi: failed ? undefined : signal(ap),
          latencyMs: failed ? undefined : rng.int(800, 2500),
          device: c.model,
        });
      }
      for (let j = 0; j < (plant.samplesPerDay ?? 0); j++) {
        const ap = rng.pick(c.set);
        out.clientSamples.push({
          ts: new Date(open + Math.floor(rng.next() * span)),
          ap,
          clientMac: c.macs[0] as string,
          identity: plant.withoutIdentities ? undefined : identityOf(c.i),
          ssid: 'Oakfield',
          band: '5',
          rssi: signal(ap),
          retryRate: 0.05,
          device: c.model,
        });
      }
    }
    plant.extra?.({ rng, day, out });
  }
  return out;
}

/** Three randomised (locally administered) addresses: second hex digit 2, 6 and A. */
export const RANDOM_MACS = ['02:5e:10:00:00:07', '16:5e:10:00:00:07', 'ea:5e:10:00:00:07'];

export const oneIn = (set: readonly number[]) => (i: number) => set.includes(i);
export const STAGE_OF = (stage: FailStage, p: number) => ({ p, stage });
