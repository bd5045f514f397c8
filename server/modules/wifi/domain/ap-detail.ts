import { type Ctx, hasRole, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { selectApById } from '../db/ap-queries.ts';
import { selectApDevices, selectDevicesByIdList } from '../db/detail-queries.ts';
import { selectApBins, selectInfraEvents } from '../db/service-queries.ts';
import { round } from './analysis/wifi-stats.ts';
import { WindowInput } from './client-detail.ts';
import { lastSchoolDay, loadSchoolDays } from './school-days.ts';

/**
 * One access point over a window: its 5-minute bins (attempts, failures, load, utilisation),
 * controller events about it, and, for the Director and IT only, the devices that used it.
 */
export async function getApDetail(ctx: Ctx, apId: number, input: unknown) {
  requireRole(ctx, 'admin', 'it', 'slt');
  const q = parseInput(WindowInput, input);
  const ap = await selectApById(ctx.db, apId);
  if (!ap) throw new NotFound('No such access point');
  const to = q.to ?? lastSchoolDay(ctx, await loadSchoolDays(ctx));
  const from = q.from ?? to;
  const tz = ctx.config.timeZone;
  const start = zonedToUtc(from, '00:00', tz);
  const end = zonedToUtc(addDays(to, 1), '00:00', tz);
  const [bins, events] = await Promise.all([
    selectApBins(ctx.db, apId, start, end),
    selectInfraEvents(ctx.db, start, end, [ap.name, ap.mac ?? '', ap.serial ?? ''].filter(Boolean)),
  ]);
  let devices: unknown[] | null = null;
  if (hasRole(ctx, ...IT_ROLES)) {
    const rows = await selectApDevices(ctx.db, apId, from, to);
    const info = new Map(
      (
        await selectDevicesByIdList(
          ctx.db,
          rows.map((r) => r.device_id),
        )
      ).map((d) => [d.id, d]),
    );
    devices = rows.map((r) => {
      const d = info.get(r.device_id);
      return {
        key: d?.identity ?? `mac:${d?.mac ?? ''}`,
        identity: d?.identity ?? null,
        mac: d?.mac ?? '',
        randomised: d?.randomised ?? false,
        device: d?.device ?? null,
        attempts: r.attempts,
        failures: r.failures,
        rssi: r.rssi_n ? round(Number(r.rssi_sum) / r.rssi_n, 1) : null,
        weakShare: r.samples ? round(r.weak / r.samples) : null,
      };
    });
  }
  const attempts = bins.reduce((s, b) => s + b.attempts, 0);
  const failures = bins.reduce((s, b) => s + b.failures, 0);
  return {
    ap: {
      id: ap.id,
      name: ap.name,
      mac: ap.mac,
      serial: ap.serial,
      school: ap.schoolCode,
      building: ap.buildingCode,
      buildingName: ap.buildingName,
      room: ap.roomCode,
      floor: ap.floor,
      inventoried: ap.inventoried,
    },
    window: { from, to },
    totals: {
      attempts,
      failures,
      successRate: attempts ? round((attempts - failures) / attempts) : null,
      peakClients: Math.max(0, ...bins.map((b) => b.ap_clients ?? b.clients)),
      peakUtil: Math.max(0, ...bins.map((b) => b.util ?? 0)) || null,
      roams: bins.reduce((s, b) => s + b.roams, 0),
    },
    bins: bins.map((b) => ({
      bin: b.bin,
      attempts: b.attempts,
      failures: b.failures,
      stages: { assoc: b.fa, auth: b.fu, dhcp: b.fd, dns: b.fn },
      clients: b.ap_clients ?? b.clients,
      util: b.util === null ? null : round(b.util, 1),
      weakShare: b.samples ? round(b.weak / b.samples) : null,
      retryShare: b.samples ? round(b.retry / b.samples) : null,
    })),
    events: events.map((e) => ({ ts: e.ts, key: e.key, message: e.message })),
    devices,
  };
}
