import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { defineSetting, listFromText } from '../../settings/index.ts';

export const lockoutAttemptsSetting = defineSetting({
  key: 'auth.lockoutAttempts',
  label: 'Failed sign-ins before an address is locked out of an account',
  ui: { unit: 'attempts' },
  description:
    'Failed password sign-ins to one account from one address, within the lock-out window, before that address is locked out of that account (others still sign in)',
  schema: z.number().int().min(3).max(50),
  defaultValue: 5,
});

export const lockoutMinutesSetting = defineSetting({
  key: 'auth.lockoutMinutes',
  label: 'How long a lock-out lasts',
  ui: { unit: 'minutes' },
  description: 'Length of the lock-out window, and of the lock-out itself, in minutes',
  schema: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  defaultValue: 15,
});

export const ipAttemptsSetting = defineSetting({
  key: 'auth.ipAttempts',
  label: 'Failed sign-ins allowed from one address',
  ui: { unit: 'attempts' },
  description:
    'Failed password sign-ins from one address within the window before it is refused (set high: a school shares one address)',
  schema: z.number().int().min(10).max(10000),
  defaultValue: 200,
});

export const trustedNetworksSetting = defineSetting({
  key: 'auth.trustedNetworks',
  label: 'Trusted networks for sign-in',
  description:
    "The school's own addresses or ranges (e.g. 203.0.113.10, 10.0.0.0/8): many failures from there never lock the address as a whole (a whole school shares it); each account is still locked per address",
  schema: z.array(
    z
      .string()
      .trim()
      .refine((v) => isNetwork(v), 'must be an IP address or CIDR range, e.g. 203.0.113.10 or 10.0.0.0/8'),
  ),
  defaultValue: [],
  fromText: listFromText,
});

function isNetwork(v: string): boolean {
  const [ip, bits] = v.split('/');
  const kind = isIP(ip ?? '');
  if (!kind) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128));
}

/** Whether `ip` is inside one of `networks`. */
export function inNetworks(ip: string | undefined, networks: readonly string[]): boolean {
  const kind = isIP(ip ?? '');
  if (!ip || !kind || networks.length === 0) return false;
  const list = new BlockList();
  for (const n of networks) {
    const [addr, bits] = n.split('/');
    const family = isIP(addr ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr as string, family);
    else list.addSubnet(addr as string, Number(bits), family);
  }
  return list.check(ip, kind === 6 ? 'ipv6' : 'ipv4');
}
