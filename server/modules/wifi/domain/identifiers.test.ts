import { describe, expect, it } from 'vitest';
import { bssidRule, splitCalledStation } from './identifiers.ts';

describe('bssidRule: a BSSID against an AP base MAC, by the controllers documented rules', () => {
  it('follows UniFi: the U/L bit set and the top four bits of the first octet stepped', () => {
    // Ubiquiti's own example: radio 80:2a:a8:17:74:b5 with four SSIDs.
    expect(bssidRule('80:2a:a8:17:74:b5', '80:2a:a8:17:74:b5')).toBe('same');
    expect(['82', '92', 'a2'].map((o) => bssidRule(`${o}:2a:a8:17:74:b5`, '80:2a:a8:17:74:b5'))).toEqual([
      'first-octet',
      'first-octet',
      'first-octet',
    ]);
  });

  it('follows Meraki: the first octet varies per SSID, the third octet by band', () => {
    // MR16 of Meraki's article: physical 00:18:0a:31:0a:5e; 2.4 GHz third octet 0a, 5 GHz 1a.
    expect(bssidRule('02:18:0a:31:0a:5e', '00:18:0a:31:0a:5e')).toBe('first-octet');
    expect(bssidRule('06:18:1a:31:0a:5e', '00:18:0a:31:0a:5e')).toBe('first-octet');
    // Not locally administered: a different device, not a BSSID of this one.
    expect(bssidRule('04:18:0a:31:0a:5e', '00:18:0a:31:0a:5e')).toBeUndefined();
  });

  it('follows the block-of-addresses vendors: the last bits varied after the base', () => {
    expect(bssidRule('00:11:22:33:44:5f', '00:11:22:33:44:50')).toBe('last-bits');
    // Base + 3 across a nibble boundary (Juniper/Trapeze: the next BSSIDs are base + 2, + 3...).
    expect(bssidRule('00:11:22:33:44:51', '00:11:22:33:44:4e')).toBe('last-bits');
    expect(bssidRule('02:11:22:33:44:53', '00:11:22:33:44:50')).toBe('last-bits');
    expect(bssidRule('00:11:22:33:44:70', '00:11:22:33:44:50')).toBeUndefined();
    expect(bssidRule('00:11:22:33:45:50', '00:11:22:33:44:50')).toBeUndefined();
  });
});

describe('splitCalledStation', () => {
  it('reads a BSSID with its SSID, an AP name with its SSID, and a bare name', () => {
    expect(splitCalledStation('06-18-1A-31-0A-5E:Oakfield')).toEqual({ apMac: '06:18:1a:31:0a:5e', ssid: 'Oakfield' });
    expect(splitCalledStation('LIB-AP03:Oakfield Staff')).toEqual({ apName: 'LIB-AP03', ssid: 'Oakfield Staff' });
    expect(splitCalledStation('LIB-AP03')).toEqual({ apName: 'LIB-AP03' });
    expect(splitCalledStation('')).toEqual({});
  });
});
