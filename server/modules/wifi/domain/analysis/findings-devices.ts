import type { Analysis } from './counts.ts';
import { count, pct, plural, rate, round, roundP, STAGE_WORDS, stageName, stagesObject, times } from './format.ts';
import { dominantStage } from './leave-one-out.ts';
import type { ClientInfo, Finding, StageCounts } from './types.ts';

/** Findings about devices: individual devices (connect failures, weak radios) and device classes. */

export const clientRef = (c: ClientInfo | undefined) => ({ identity: c?.identity ?? null, macs: c?.macs ?? [] });

function sum(list: { s: StageCounts }[]): StageCounts {
  const s: StageCounts = [0, 0, 0, 0];
  for (const x of list) for (let i = 0; i < 4; i++) s[i] = (s[i] as number) + (x.s[i] as number);
  return s;
}

export function deviceFindings(an: Analysis): Finding[] {
  const { data } = an;
  const out: Finding[] = [];
  for (const cls of an.clients.classes.filter((c) => c.flagged)) {
    const stage = dominantStage(cls.s);
    out.push({
      kind: 'device-class',
      scope: 'device-class',
      subject: cls.device,
      stage: stageName(stage),
      clients: [],
      evidence: {
        metric: 'connect',
        devices: cls.devices,
        attempts: cls.n,
        failures: cls.k,
        rate: rate(cls.k, cls.n),
        expected: round(cls.expected, 2),
        ratio: round(cls.ratio, 2),
        pValue: roundP(cls.p),
        apsFailing: cls.failingAps,
        breadth: round(cls.breadth),
        stages: stagesObject(cls.s),
      },
      explanation: `${plural(cls.devices, 'device')} of the model "${cls.device}" failed ${pct(cls.k / cls.n)} of their attempts across ${cls.failingAps} access points${stage === null ? '' : `, mostly at ${STAGE_WORDS[stage]}`}, ${times(cls.ratio)} times the expected rate, while other devices on the same access points connected normally: a fault of this model (driver, firmware or settings), not of the network or of each pupil.`,
    });
  }
  const flagged = an.clients.flagged;
  if (flagged.length) {
    const stage = dominantStage(sum(flagged));
    const ratios = flagged.map((r) => r.ratio).sort((a, b) => a - b);
    const range =
      ratios.length > 1
        ? `${times(ratios[0] as number)} to ${times(ratios[ratios.length - 1] as number)}`
        : times(ratios[0] as number);
    out.push({
      kind: 'individual',
      scope: 'client',
      subject: plural(flagged.length, 'device'),
      stage: stageName(stage),
      clients: flagged.map((r) => clientRef(data.clients[r.row])),
      evidence: {
        metric: 'connect',
        devices: flagged.map((r) => {
          const c = data.clients[r.row];
          return {
            ...clientRef(c),
            device: c?.device ?? null,
            personId: c?.personId ?? null,
            identityUnstable: !c?.identity && !!c?.randomised,
            attempts: r.n,
            failures: r.k,
            expected: round(r.expected, 2),
            ratio: round(r.ratio, 2),
            pValue: roundP(r.p),
            adjustedP: roundP(r.adjustedP),
            stage: stageName(dominantStage(r.s)),
            stages: stagesObject(r.s),
            aps: r.aps.map((x) => ({
              ap: data.aps[x.a]?.name ?? '',
              building: data.aps[x.a]?.building ?? null,
              attempts: x.n,
              failures: x.k,
              peerRate: Number.isNaN(x.peerRate) ? null : round(x.peerRate),
              // Failures at these stages here are the access point's own fault, set aside.
              ...(x.setAside ? { setAside: x.setAside.map((i) => stageName(i as 0 | 1 | 2 | 3)) } : {}),
            })),
          };
        }),
      },
      explanation: `${flagged.length === 1 ? 'One device' : `${count(flagged.length)} devices`} failed far more often than others at the same access points (${range} times the expected rate${stage === null ? '' : `, mostly at ${STAGE_WORDS[stage]}`}), on access points where other devices connected normally: the problem is with ${flagged.length === 1 ? 'this device' : 'these devices'}, not the network.`,
    });
  }
  const weak = an.coverage.devices;
  if (weak.length) {
    const gap = Math.round(weak.reduce((s, w) => s + (w.peersRssi - w.rssi), 0) / weak.length);
    const first = weak[0] as (typeof weak)[number];
    out.push({
      kind: 'individual',
      scope: 'client',
      subject: plural(weak.length, 'device'),
      stage: null,
      clients: weak.map((w) => clientRef(data.clients[w.c])),
      evidence: {
        metric: 'weak-signal',
        devices: weak.map((w) => ({
          ...clientRef(data.clients[w.c]),
          device: data.clients[w.c]?.device ?? null,
          personId: data.clients[w.c]?.personId ?? null,
          ap: data.aps[w.a]?.name ?? '',
          readings: w.samples,
          rssi: round(w.rssi, 1),
          peersRssi: round(w.peersRssi, 1),
          peers: w.peers,
        })),
      },
      explanation: `${weak.length === 1 ? 'One device' : `${count(weak.length)} devices`} had a signal about ${gap} dB weaker than other devices on the same access point (${Math.round(first.rssi)} against ${Math.round(first.peersRssi)} dBm${weak.length > 1 ? ' for the first' : ''}): a weak radio, or a device holding on to a distant access point.`,
    });
  }
  return out;
}
