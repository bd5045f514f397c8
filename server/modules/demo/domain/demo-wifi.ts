import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../../../lib/context.ts';
import { type Rng, seededRng } from '../../../lib/random.ts';
import { describeDay } from '../../../lib/working-time.ts';
import { addDays, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import type { PersonInput } from '../../directory/index.ts';
import { ingestRecords, type RecordSink, wifiModule } from '../../wifi/index.ts';
import { DEMO_BUILDINGS } from './demo-places.ts';

/**
 * Oakfield's Wi-Fi for the five school days before today: 60 access points in the twelve
 * buildings and 2,500 devices (every pupil's and teacher's, and the staff's and sixth form's
 * phones). Planted: LIB-AP03 failing at DHCP; the Science Centre over capacity at lunchtime (the
 * help desk's Wi-Fi complaints cluster there); five old laptops; and one Chromebook model whose
 * Wi-Fi driver drops associations. Through the real inventory importer and ingest (COPY + rollups).
 */

const AP_COUNTS: Record<string, number> = {
  MAIN: 10,
  SCI: 7,
  LIB: 4,
  SPORT: 3,
  SIXTH: 5,
  MUSIC: 3,
  ART: 4,
  DINING: 3,
  PREP: 8,
  PREPREP: 5,
  PHALL: 3,
  PLIB: 5,
};
const SENIOR = DEMO_BUILDINGS.filter((b) => b.school === 'senior').map((b) => b.code);
const PREP = DEMO_BUILDINGS.filter((b) => b.school === 'prep').map((b) => b.code);
const FAILING_AP = 'LIB-AP03';
const DRIVER_MODEL = 'Acer Chromebook Spin 511';
const OLD_MODEL = 'Toshiba Satellite Pro (2014)';
const DEPT_BUILDING: Record<string, string> = { Science: 'SCI', Music: 'MUSIC', Art: 'ART', PE: 'SPORT', Library: 'LIB' };

type Device = { mac: string; identity: string; model: string; aps: string[]; fail?: { p: number; stage: 'assoc' | 'auth' } };

const hex = (n: number) => n.toString(16).padStart(2, '0');
const apName = (code: string, i: number) => `${code}-AP${String(i).padStart(2, '0')}`;

export function demoApInventory(): { csv: string; aps: Map<string, string[]> } {
  const aps = new Map<string, string[]>();
  const lines = ['ap,mac,school,building,floor,room'];
  let n = 0;
  for (const b of DEMO_BUILDINGS) {
    const names: string[] = [];
    for (let i = 1; i <= (AP_COUNTS[b.code] ?? 2); i++) {
      const floor = b.floors[(i - 1) % b.floors.length] as string;
      const room = `${b.prefix}${b.floors.indexOf(floor)}${String(((i - 1) % b.roomsPerFloor) + 1).padStart(2, '0')}`;
      names.push(apName(b.code, i));
      lines.push(`${apName(b.code, i)},f0:9f:c2:00:${hex(n >> 8)}:${hex(n & 255)},${b.school},${b.code},${floor},${room}`);
      n++;
    }
    aps.set(b.code, names);
  }
  return { csv: `${lines.join('\n')}\n`, aps };
}

function demoDevices(rng: Rng, people: PersonInput[], aps: Map<string, string[]>, prepId: string | null): Device[] {
  const pick = (codes: string[], size: number) => {
    const pool = codes.flatMap((c) => aps.get(c) ?? []);
    const set = new Set<string>();
    while (set.size < Math.min(size, pool.length)) set.add(rng.pick(pool));
    return [...set].sort();
  };
  const out: Device[] = [];
  let i = 0;
  const mac = (randomised: boolean) => {
    i++;
    return `${randomised ? rng.pick(['a2', 'b6', 'ca', 'de']) : rng.pick(['3c', '5c', 'a4', 'f0'])}:${hex(rng.int(0, 255))}:${hex(rng.int(0, 255))}:${hex(i >> 16)}:${hex((i >> 8) & 255)}:${hex(i & 255)}`;
  };
  let phones = 0;
  let old = 0;
  let driver = 0;
  for (const p of people) {
    if (!p.email) continue;
    const prep = p.schoolId === prepId;
    if (p.kind === 'pupil') {
      const senior = !prep;
      let model = prep
        ? 'iPad (9th generation)'
        : rng.pick(['MacBook Air M1', 'Surface Laptop Go 3', 'Dell Latitude 3140', DRIVER_MODEL]);
      let fail: Device['fail'];
      if (model === DRIVER_MODEL) {
        if (driver >= 70) model = 'Dell Latitude 3140';
        else {
          driver++;
          fail = { p: 0.35, stage: 'assoc' };
        }
      }
      if (senior && old < 5 && (p.yearGroup ?? 0) === 9 && rng.chance(0.05)) {
        old++;
        model = OLD_MODEL;
        fail = { p: 0.55, stage: 'assoc' };
      }
      out.push({ mac: mac(false), identity: p.email, model, aps: pick(prep ? PREP : SENIOR, rng.int(3, 5)), fail });
      if (senior && (p.yearGroup ?? 0) >= 12 && phones < 100) {
        phones++;
        out.push({ mac: mac(true), identity: p.email, model: 'iPhone 13', aps: pick(['SIXTH', 'LIB', 'DINING'], 3) });
      }
    } else {
      const home = DEPT_BUILDING[p.department ?? ''] ?? (prep ? 'PREP' : 'MAIN');
      const codes = prep ? [home, 'PHALL'] : [home, 'MAIN', 'DINING'];
      out.push({ mac: mac(false), identity: p.email, model: 'Dell Latitude 5440', aps: pick(codes, 3) });
      out.push({ mac: mac(true), identity: p.email, model: rng.pick(['iPhone 14', 'Samsung Galaxy A54']), aps: pick(codes, 2) });
    }
  }
  return out;
}

/** Devices on an AP in a 5-minute bin, by the school day's rhythm; the Science Centre fills up at lunch. */
function loadAt(ap: string, minutes: number, rng: Rng): number {
  const base = ap.startsWith('DINING') ? 12 : 20;
  const lunch = minutes >= 240 && minutes < 285; // 12:30-13:15
  if (ap.startsWith('SCI'))
    return lunch ? 48 + rng.int(0, 12) : Math.round(14 + 10 * Math.sin(minutes / 55) ** 2) + rng.int(-2, 2);
  if (ap.startsWith('DINING') && lunch) return 30 + rng.int(-3, 3);
  return Math.max(2, base + rng.int(-4, 4));
}

function writeDay(sink: RecordSink, rng: Rng, day: string, devices: Device[], aps: string[], tz: string): void {
  const open = zonedToUtc(day, '08:30', tz).getTime();
  const span = 7 * 3600_000;
  const loads = new Map<string, number[]>();
  for (const ap of aps) {
    const series: number[] = [];
    for (let b = 0; b < 84; b++) {
      const load = loadAt(ap, b * 5, rng);
      series.push(load);
      sink.apSample({
        ts: new Date(open + b * 300_000 + 15_000),
        ap,
        clientCount: load,
        channelUtil: Math.min(92, Math.round(8 + load * 1.35)),
      });
    }
    loads.set(ap, series);
  }
  const badAt = (ap: string, t: number) => {
    const load = loads.get(ap)?.[Math.min(83, Math.floor((t - open) / 300_000))] ?? 20;
    return ap.startsWith('SCI') ? Math.min(0.6, 0.02 + 0.012 * Math.max(0, load - 14)) : 0.02;
  };
  for (const d of devices) {
    // A failing device keeps trying.
    const n = d.model === OLD_MODEL ? rng.int(16, 24) : rng.int(6, 14);
    for (let j = 0; j < n; j++) {
      const t = open + Math.floor(rng.next() * span);
      const ap = rng.pick(d.aps);
      const planted = ap === FAILING_AP ? { p: 0.75, stage: 'dhcp' as const } : d.fail;
      const failed = rng.chance(planted?.p ?? badAt(ap, t));
      const stage = failed ? (planted?.stage ?? rng.pick(['assoc', 'auth', 'dhcp', 'dns'] as const)) : 'connected';
      sink.attempt({
        ts: new Date(t),
        ap,
        clientMac: d.mac,
        identity: d.identity,
        ssid: 'Oakfield',
        band: d.model.startsWith('i') || d.model.startsWith('Samsung') ? '5' : rng.chance(0.8) ? '5' : '2.4',
        stage,
        ok: !failed,
        rssi: failed ? undefined : Math.round(rng.normal(-58, 5)),
        latencyMs: failed ? undefined : rng.int(700, 3200),
        device: d.model,
      });
    }
  }
  // A third of the devices roam once a day between two of their access points.
  for (const d of devices) {
    if (d.aps.length < 2 || !rng.chance(1 / 3)) continue;
    const [fromAp, toAp] = [rng.pick(d.aps), rng.pick(d.aps)];
    if (fromAp === toAp) continue;
    sink.roam({
      ts: new Date(open + Math.floor(rng.next() * span)),
      clientMac: d.mac,
      fromAp,
      toAp,
      durationMs: rng.int(60, 2600),
      rssiBefore: rng.int(-80, -70),
      rssiAfter: rng.int(-66, -52),
    });
  }
  // Signal and retry readings where the load matters: the Science Centre's APs, every 5 minutes.
  const sci = devices.filter((d) => d.aps.some((a) => a.startsWith('SCI')));
  for (const [k, ap] of aps.filter((a) => a.startsWith('SCI')).entries()) {
    (loads.get(ap) ?? []).forEach((load, b) => {
      for (let j = 0; j < Math.round(load / 3); j++) {
        const d = sci[(b * 7 + j * 13 + k * 31) % sci.length] as Device;
        const t = open + b * 300_000 + 30_000 + k * 1000 + j;
        sink.clientSample({
          ts: new Date(t),
          ap,
          clientMac: d.mac,
          identity: d.identity,
          ssid: 'Oakfield',
          band: '5',
          rssi: Math.round(rng.normal(-60, 4)),
          retryRate: rng.chance(badAt(ap, t)) ? 0.45 : 0.04,
          device: d.model,
        });
      }
    });
  }
}

/** The five school days before today, from the demo's own calendar. */
async function lastSchoolDays(ctx: Ctx, count: number): Promise<string[]> {
  const cal = await loadSchoolCalendar(ctx);
  const out: string[] = [];
  for (
    let d = addDays(localDate(ctx.clock.now(), ctx.config.timeZone), -1), i = 0;
    out.length < count && i < 200;
    d = addDays(d, -1), i++
  ) {
    const info = describeDay(cal, d);
    if (info.kind === 'term' && !info.isWeekend) out.unshift(d);
  }
  return out;
}

export async function loadDemoWifi(
  ctx: Ctx,
  options: { seed: number; people: PersonInput[]; prepSchoolId: string },
): Promise<number> {
  const rng = seededRng(options.seed + 6);
  const { csv, aps } = demoApInventory();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'belfry-demo-wifi-'));
  try {
    const file = path.join(dir, 'oakfield-access-points.csv');
    await writeFile(file, csv);
    const importer = wifiModule.importers?.find((i) => i.kind === 'wifi-aps');
    await importer?.run(ctx, file, { dryRun: false, skipInvalid: false, fileName: 'oakfield-access-points.csv' }, () => {});
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const devices = demoDevices(rng, options.people, aps, options.prepSchoolId);
  const days = await lastSchoolDays(ctx, 5);
  const allAps = [...aps.values()].flat();
  const result = await ingestRecords(ctx, (sink) => {
    for (const day of days) writeDay(sink, rng, day, devices, allAps, ctx.config.timeZone);
  });
  return result.created;
}
