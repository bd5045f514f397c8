import { normaliseBand, normaliseMac, parseTimestamp } from '../domain/identifiers.ts';
import type { Stage } from '../domain/records.ts';
import { num, readJsonRecords, str } from './json-records.ts';
import { type ParseContext, problem, readText } from './sink.ts';

/**
 * UniFi Network (research §6.1). `unifi-events`: the legacy `stat/event` log (client connect,
 * disconnect, roam; AP and gateway events) and the newer Wi-Fi connectivity events with an
 * outcome and a failing stage. `unifi-clients`: polls of `stat/sta` (client samples) and
 * `stat/device` (AP samples), one response or one per line.
 */

const INFRA = /^EVT_(AP|GW|SW)_/;

function stageFromText(text: string | undefined): Stage | undefined {
  if (!text) return undefined;
  const t = text.toLowerCase();
  if (/dhcp|ip[_ ]?address|no[_ ]?lease/.test(t)) return 'dhcp';
  if (/dns/.test(t)) return 'dns';
  if (/auth|eap|802\.?1x|wpa|radius|password|key|psk|handshake|credential/.test(t)) return 'auth';
  if (/assoc|probe|reject|capacity|band/.test(t)) return 'assoc';
  if (/connected|success/.test(t)) return 'connected';
  return undefined;
}

export async function parseUnifiEvents(path: string, pc: ParseContext): Promise<number> {
  const records = readJsonRecords(await readText(path), pc.file, ['data', 'events', 'items']);
  for (const [i, { value: r, line }] of records.entries()) {
    if (i % 5000 === 0) pc.progress(i, records.length);
    const key = str(r.key);
    const ts = parseTimestamp(r.time ?? r.timestamp ?? r.datetime, pc.timeZone);
    // One event may name the AP by its name and its MAC, the next by its MAC alone: one AP.
    const apName = str(r.ap_name) ?? str(r.ap_displayName);
    const apMac = normaliseMac(str(r.ap)) ?? normaliseMac(str(r.ap_mac));
    if (apName && apMac) pc.sink.apAlias(apName, apMac, 'same-record');
    if (key && INFRA.test(key)) {
      if (!ts) problem(pc, line, 'time', 'has no readable time');
      else pc.sink.infra({ ts, key, ap: apName ?? str(r.ap) ?? str(r.sw_name) ?? str(r.gw_name), message: str(r.msg) });
      continue;
    }
    const legacy = key?.startsWith('EVT_WU_') || key?.startsWith('EVT_WG_');
    const connectivity = !key && (r.result !== undefined || r.status !== undefined) && (r.client_mac ?? r.mac) !== undefined;
    if (!legacy && !connectivity) {
      pc.sink.ignore(key ?? str(r.event_type) ?? 'unknown record');
      continue;
    }
    const mac = normaliseMac(str(r.user) ?? str(r.client_mac) ?? str(r.mac));
    if (!ts) {
      problem(pc, line, 'time', 'has no readable time');
      continue;
    }
    if (!mac) {
      problem(pc, line, 'user', `"${str(r.user) ?? str(r.client_mac) ?? ''}" is not a MAC address`);
      continue;
    }
    const ap = apName ?? str(r.ap) ?? str(r.ap_mac) ?? str(r.ap_to);
    const common = { clientMac: mac, ssid: str(r.ssid) ?? str(r.essid), hostname: str(r.hostname) };
    if (connectivity) {
      if (!ap) {
        problem(pc, line, 'ap_mac', 'names no access point');
        continue;
      }
      const outcome = String(r.result ?? r.status).toLowerCase();
      const ok = ['success', 'succeeded', 'ok', 'connected', 'true'].includes(outcome);
      const stage = ok ? 'connected' : (stageFromText(str(r.stage) ?? str(r.failure_stage) ?? str(r.reason)) ?? 'assoc');
      pc.sink.attempt({
        ts,
        ap,
        ...common,
        identity: str(r.identity) ?? str(r.user_name) ?? str(r['802_1x_identity']),
        band: normaliseBand(r.band ?? r.radio),
        stage,
        ok,
        rssi: num(r.rssi) ?? num(r.signal),
        latencyMs: num(r.duration_ms) ?? num(r.time_to_connect_ms),
        reason: str(r.reason),
        device: str(r.device_name) ?? str(r.os_name) ?? str(r.dev_family),
      });
      continue;
    }
    switch (key?.slice(7)) {
      case 'Connected':
        if (!ap) problem(pc, line, 'ap', 'names no access point');
        else pc.sink.attempt({ ts, ap, ...common, band: normaliseBand(r.radio), stage: 'connected', ok: true });
        break;
      case 'Disconnected': {
        const duration = num(r.duration);
        if (!ap) problem(pc, line, 'ap', 'names no access point');
        else if (duration === undefined || duration < 0) problem(pc, line, 'duration', 'is missing or negative');
        else
          pc.sink.session({
            start: new Date(ts.getTime() - duration * 1000),
            end: ts,
            ap,
            ...common,
            durationS: Math.round(duration),
            bytesIn: num(r.bytes),
          });
        break;
      }
      case 'Roam': {
        const to = str(r.ap_to) ?? str(r.ap);
        if (!to) problem(pc, line, 'ap_to', 'names no access point');
        else pc.sink.roam({ ts, clientMac: mac, fromAp: str(r.ap_from), toAp: to });
        break;
      }
      default:
        pc.sink.ignore(key ?? 'unknown');
    }
  }
  return records.length;
}

function firstRadio(r: Record<string, unknown>): { util?: number; channel?: number; clients?: number } {
  const radios = Array.isArray(r.radio_table_stats) ? (r.radio_table_stats as Record<string, unknown>[]) : [];
  let util: number | undefined;
  let channel: number | undefined;
  let clients: number | undefined;
  for (const radio of radios) {
    const cu = num(radio.cu_total);
    if (cu !== undefined && (util === undefined || cu > util)) {
      util = cu;
      channel = num(radio.channel);
    }
    const sta = num(radio.num_sta) ?? num(radio['user-num_sta']);
    if (sta !== undefined) clients = (clients ?? 0) + sta;
  }
  return { util, channel, clients };
}

export async function parseUnifiClients(path: string, pc: ParseContext): Promise<number> {
  const records = readJsonRecords(await readText(path), pc.file, ['data']);
  for (const [i, { value: r, line }] of records.entries()) {
    if (i % 5000 === 0) pc.progress(i, records.length);
    const ts = parseTimestamp(r.last_seen ?? r.time ?? r._polled_at, pc.timeZone);
    const isAp = r.type === 'uap' || Array.isArray(r.radio_table_stats);
    if (isAp) {
      const name = str(r.name) ?? str(r.mac);
      const mac = normaliseMac(str(r.mac));
      if (str(r.name) && mac) pc.sink.apAlias(str(r.name) as string, mac, 'same-record');
      if (!name) problem(pc, line, 'name', 'the access point has no name or MAC');
      else if (!ts) problem(pc, line, 'last_seen', 'has no readable time');
      else {
        const radio = firstRadio(r);
        pc.sink.apSample({
          ts,
          ap: name,
          apMac: mac,
          clientCount: num(r.num_sta) ?? radio.clients,
          channel: radio.channel,
          channelUtil: radio.util,
          uptimeS: num(r.uptime),
          state: r.state === undefined ? undefined : String(r.state),
        });
      }
      continue;
    }
    if (r.type !== undefined && r.type !== 'uap' && r.mac !== undefined && r.ap_mac === undefined) {
      pc.sink.ignore(`device ${String(r.type)}`);
      continue;
    }
    if (r.is_wired === true) {
      pc.sink.ignore('wired client');
      continue;
    }
    const mac = normaliseMac(str(r.mac));
    const ap = str(r.ap_name) ?? str(r.ap_mac);
    if (str(r.ap_name) && normaliseMac(str(r.ap_mac)))
      pc.sink.apAlias(str(r.ap_name) as string, normaliseMac(str(r.ap_mac)) as string, 'same-record');
    if (!mac) problem(pc, line, 'mac', `"${str(r.mac) ?? ''}" is not a MAC address`);
    else if (!ap) problem(pc, line, 'ap_mac', 'names no access point');
    else if (!ts) problem(pc, line, 'last_seen', 'has no readable time');
    else {
      const attempts = num(r.wifi_tx_attempts);
      const retries = num(r.tx_retries);
      const signal = num(r.rssi) !== undefined && (num(r.rssi) as number) > 0 ? num(r.signal) : (num(r.rssi) ?? num(r.signal));
      pc.sink.clientSample({
        ts,
        ap,
        clientMac: mac,
        identity: str(r['1x_identity']) ?? str(r.identity),
        ssid: str(r.essid),
        band: normaliseBand(r.radio),
        rssi: signal,
        snr:
          num(r.signal) !== undefined && num(r.noise) !== undefined
            ? (num(r.signal) as number) - (num(r.noise) as number)
            : undefined,
        txRate: num(r.tx_rate),
        rxRate: num(r.rx_rate),
        retryRate: attempts && retries !== undefined ? retries / attempts : undefined,
        satisfaction: num(r.satisfaction),
        device: str(r.dev_family) ?? str(r.os_name) ?? str(r.oui),
        hostname: str(r.hostname) ?? str(r.name),
      });
    }
  }
  return records.length;
}
