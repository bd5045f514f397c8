import { isIP } from 'node:net';

/**
 * IPv4 and IPv6 addresses and CIDR networks, for the trusted-egress and relay lists:
 * `198.51.100.0/24`, `2001:db8::/32`, or a single address.
 */

export type Network = { version: 4 | 6; base: bigint; bits: number; text: string };

function v4ToBig(ip: string): bigint {
  return ip.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function v6ToBig(ip: string): bigint {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = v4ToBig(v4[1] as string);
    text = `${text.slice(0, -(v4[1] as string).length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g || '0', 16)), 0n);
}

/** An address as a number with its version, or undefined when it is not an IP address. */
export function parseIp(ip: string): { version: 4 | 6; value: bigint } | undefined {
  const text = ip.trim();
  const v = isIP(text);
  if (v === 4) return { version: 4, value: v4ToBig(text) };
  if (v === 6) {
    const value = v6ToBig(text);
    // IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address.
    if (value >> 32n === 0xffffn) return { version: 4, value: value & 0xffffffffn };
    return { version: 6, value };
  }
  return undefined;
}

export function parseNetwork(text: string): Network {
  const [addr, bitsText] = text.trim().split('/') as [string, string | undefined];
  const ip = parseIp(addr);
  if (!ip) throw new Error(`"${text}" is not an IP address or CIDR network`);
  const max = ip.version === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new Error(`"${text}": the prefix length must be 0-${max}`);
  const shift = BigInt(max - bits);
  return { version: ip.version, base: (ip.value >> shift) << shift, bits, text: text.trim() };
}

export function inNetwork(ip: string | null, net: Network): boolean {
  if (!ip) return false;
  const p = parseIp(ip);
  if (!p || p.version !== net.version) return false;
  const shift = BigInt((net.version === 4 ? 32 : 128) - net.bits);
  return (p.value >> shift) << shift === net.base;
}

/** A matcher over a list of networks, remembering answers (the same few IPs recur a lot). */
export function networkMatcher(list: readonly string[]): (ip: string | null) => Network | undefined {
  const nets = list.map(parseNetwork);
  const cache = new Map<string, Network | undefined>();
  return (ip) => {
    if (!ip || nets.length === 0) return undefined;
    if (cache.has(ip)) return cache.get(ip);
    const hit = nets.find((n) => inNetwork(ip, n));
    cache.set(ip, hit);
    return hit;
  };
}

/** Checks a CIDR list for a setting. */
export function isNetworkText(text: string): boolean {
  try {
    parseNetwork(text);
    return true;
  } catch {
    return false;
  }
}
