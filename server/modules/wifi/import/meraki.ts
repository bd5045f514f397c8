import { normaliseBand, normaliseMac, parseTimestamp } from '../domain/identifiers.ts';
import { FAIL_STAGES, type FailStage } from '../domain/records.ts';
import { num, readJsonRecords, str } from './json-records.ts';
import { type ParseContext, problem, readText } from './sink.ts';

/**
 * Cisco Meraki Dashboard API v1 and v0 (research §6.2; v0 names the AP `nodeId` where v1 says `serial`): `wireless/failedConnections` (one failed attempt
 * each, with the failing step), `wireless/clients/connectionStats` and `wireless/devices/
 * connectionStats` (counts per step over the request's t0..t1), and the network event log.
 */

const ssidOf = (r: Record<string, unknown>) =>
  str(r.ssidName) ?? str(r.ssid) ?? (r.ssidNumber === undefined || r.ssidNumber === null ? undefined : `SSID ${r.ssidNumber}`);

export async function parseMerakiFailedConnections(path: string, pc: ParseContext): Promise<number> {
  const records = readJsonRecords(await readText(path), pc.file, ['data', 'items']);
  for (const [i, { value: r, line }] of records.entries()) {
    if (i % 5000 === 0) pc.progress(i, records.length);
    const ts = parseTimestamp(r.ts, pc.timeZone);
    const mac = normaliseMac(str(r.clientMac));
    const step = str(r.failureStep)?.toLowerCase();
    // v1 names the AP by `serial`; v0 (the /networks/{id}/failedConnections of 2018-2020) by `nodeId`.
    const ap = str(r.serial) ?? str(r.nodeId) ?? str(r.apName);
    if (!ts) problem(pc, line, 'ts', 'has no readable time');
    else if (!mac) problem(pc, line, 'clientMac', `"${str(r.clientMac) ?? ''}" is not a MAC address`);
    else if (!ap) problem(pc, line, 'serial', 'names no access point (v1 writes "serial", v0 "nodeId")');
    else if (!step || !(FAIL_STAGES as readonly string[]).includes(step))
      problem(pc, line, 'failureStep', `"${step ?? ''}" is not one of ${FAIL_STAGES.join(', ')}`);
    else
      pc.sink.attempt({
        ts,
        ap,
        clientMac: mac,
        ssid: ssidOf(r),
        band: normaliseBand(r.band),
        stage: step as FailStage,
        ok: false,
        reason: str(r.type),
      });
  }
  return records.length;
}

/**
 * Connection stats are counts over the request's time span, which the response does not repeat:
 * save it as `{"t0": ..., "t1": ..., "data": [...]}` (or give each record `t0`/`t1`). Each count
 * becomes that many attempts spread evenly over the span, so rates and totals are exact.
 */
export async function parseMerakiConnectionStats(path: string, pc: ParseContext): Promise<number> {
  const text = await readText(path);
  let wrapper: Record<string, unknown> = {};
  try {
    const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) wrapper = doc as Record<string, unknown>;
  } catch {
    // one document per line: each record carries its own span
  }
  const records = readJsonRecords(text, pc.file, ['data', 'clients', 'devices', 'items']);
  for (const [i, { value: r, line }] of records.entries()) {
    if (i % 1000 === 0) pc.progress(i, records.length);
    const t0 = parseTimestamp(r.t0 ?? wrapper.t0, pc.timeZone);
    const t1 = parseTimestamp(r.t1 ?? wrapper.t1, pc.timeZone);
    const stats = r.connectionStats as Record<string, unknown> | undefined;
    const mac = normaliseMac(str(r.mac) ?? str(r.clientMac));
    const ap = str(r.serial) ?? str(r.nodeId) ?? str(wrapper.serial) ?? str(wrapper.nodeId);
    if (!t0 || !t1 || t1 <= t0) {
      problem(pc, line, 't0', 'needs the time span: save the response as {"t0": ..., "t1": ..., "data": [...]}');
      continue;
    }
    if (!stats || typeof stats !== 'object') {
      problem(pc, line, 'connectionStats', 'is missing');
      continue;
    }
    if (!ap) {
      problem(pc, line, 'serial', 'names no access point (per-client stats need "serial" on the record or the file)');
      continue;
    }
    if (r.mac !== undefined && !mac) {
      problem(pc, line, 'mac', `"${str(r.mac)}" is not a MAC address`);
      continue;
    }
    const counts: [FailStage | 'connected', number][] = [
      ...FAIL_STAGES.map((s) => [s, num(stats[s]) ?? 0] as [FailStage, number]),
      ['connected', num(stats.success) ?? 0],
    ];
    const total = counts.reduce((a, [, n]) => a + n, 0);
    const span = t1.getTime() - t0.getTime();
    let k = 0;
    for (const [stage, n] of counts) {
      for (let j = 0; j < n; j++, k++) {
        pc.sink.attempt({
          ts: new Date(t0.getTime() + Math.floor((k * span) / total)),
          ap,
          // Per-AP counts name no client: they count towards the AP, never towards a device.
          clientMac: mac ?? '',
          ssid: ssidOf(r) ?? ssidOf(wrapper),
          band: normaliseBand(r.band ?? wrapper.band),
          stage,
          ok: stage === 'connected',
        });
      }
    }
  }
  return records.length;
}

const AUTH_OK = /^(8021x_eap_success|8021x_auth|wpa_auth|splash_auth|psk_auth)$/;
const AUTH_FAIL = /(fail|reject|timeout|bad_password|wpa_deauth|8021x_deauth)/;

/**
 * The event log: each 802.1X/WPA/splash authentication outcome is one attempt at the `auth`
 * stage; an association gives a signal reading; a disassociation with a duration a session.
 */
export async function parseMerakiEvents(path: string, pc: ParseContext): Promise<number> {
  const records = readJsonRecords(await readText(path), pc.file, ['events', 'data']);
  for (const [i, { value: r, line }] of records.entries()) {
    if (i % 5000 === 0) pc.progress(i, records.length);
    const type = str(r.type)?.toLowerCase() ?? '';
    const ts = parseTimestamp(r.occurredAt, pc.timeZone);
    const mac = normaliseMac(str(r.clientMac));
    const ap = str(r.deviceName) ?? str(r.deviceSerial) ?? str(r.nodeId);
    const data = (r.eventData ?? {}) as Record<string, unknown>;
    const isAuth = AUTH_OK.test(type) || (AUTH_FAIL.test(type) && /8021x|wpa|auth|splash|eap|radius/.test(type));
    if (!isAuth && type !== 'association' && type !== 'disassociation') {
      pc.sink.ignore(type || 'unknown');
      continue;
    }
    if (!ts) {
      problem(pc, line, 'occurredAt', 'has no readable time');
      continue;
    }
    if (!mac) {
      problem(pc, line, 'clientMac', `"${str(r.clientMac) ?? ''}" is not a MAC address`);
      continue;
    }
    if (!ap) {
      problem(pc, line, 'deviceSerial', 'names no access point');
      continue;
    }
    const common = { ap, clientMac: mac, ssid: str(r.ssidName) ?? ssidOf(r), band: normaliseBand(data.band ?? data.radio) };
    if (isAuth) {
      const ok = AUTH_OK.test(type);
      pc.sink.attempt({
        ts,
        ...common,
        identity: str(data.identity) ?? str(r.identity),
        stage: ok ? 'connected' : 'auth',
        ok,
        rssi: num(data.rssi),
        latencyMs: num(data.auth_neg_dur) === undefined ? undefined : Math.round((num(data.auth_neg_dur) as number) * 1000),
        reason: str(data.reason) ?? type,
        hostname: str(r.clientDescription),
      });
    } else if (type === 'association') {
      const rssi = num(data.rssi);
      if (rssi !== undefined) pc.sink.clientSample({ ts, ...common, rssi: rssi > 0 ? rssi - 95 : rssi });
      else pc.sink.ignore('association without signal');
    } else {
      const duration = num(data.duration);
      if (duration === undefined) pc.sink.ignore('disassociation without duration');
      else
        pc.sink.session({
          start: new Date(ts.getTime() - Math.round(duration * 1000)),
          end: ts,
          ...common,
          durationS: Math.round(duration),
          terminateCause: str(data.reason),
        });
    }
  }
  return records.length;
}
