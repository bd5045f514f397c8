import { createRequire } from 'node:module';
import path from 'node:path';
import type { Reader, Response } from 'maxmind';

/**
 * Offline country lookup from the `@ip-location-db/geo-whois-asn-country-mmdb` package
 * (GeoFeed + WHOIS + ASN country data; WHOIS/ASN sources CC BY 4.0 by the NRO). It is
 * country-level only and carries no ASN: ASNs come from the vendor's own data (Entra's
 * "Autonomous system number") or are shown as unknown. Every geolocated alert records the
 * database's build date, because accuracy changes from one build to the next.
 */

export const GEOIP_ATTRIBUTION =
  'Country data: ip-location-db geo-whois-asn-country (GeoFeed, WHOIS and ASN data from the five RIRs, CC BY 4.0 by the NRO)';

export type GeoIp = {
  country: (ip: string) => string | null;
  databaseDate: string;
  attribution: string;
};

let opened: Promise<GeoIp> | undefined;

async function open(): Promise<GeoIp> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json');
  const { default: maxmind } = await import('maxmind');
  const reader: Reader<Response> = await maxmind.open(path.join(path.dirname(pkg), 'geo-whois-asn-country.mmdb'));
  const built = reader.metadata.buildEpoch;
  return {
    country: (ip) => {
      try {
        const hit = reader.get(ip) as { country_code?: string } | null;
        return hit?.country_code ?? null;
      } catch {
        return null;
      }
    },
    databaseDate: built.toISOString().slice(0, 10),
    attribution: GEOIP_ATTRIBUTION,
  };
}

/** The shared reader (opened once, about 10 MB). */
export function geoIp(): Promise<GeoIp> {
  opened ??= open();
  return opened;
}
