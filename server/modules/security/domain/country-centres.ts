import { createRequire } from 'node:module';

/**
 * Where a country is, roughly, for impossible travel when a sign-in has a country but no
 * coordinates (the Entra portal's CSV download: "Woking, Surrey, GB"). Each country is a circle
 * around its centre (from the `world-countries` package) whose radius is 1.5 times that of a
 * disc of the country's area, plus 100 km; the shortest distance between two countries is taken
 * as the distance between their centres less both radii. That errs towards silence: GB then SG is
 * "at least 10,000 km", while GB then FR or US then CA is no distance at all.
 */

export const COUNTRY_CENTRES_ATTRIBUTION =
  'Country centres and areas: world-countries by Mohammed Le Doze, Open Database License (ODbL 1.0)';

type Centre = { lat: number; lon: number; radiusKm: number };

let centres: Map<string, Centre> | undefined;

function load(): Map<string, Centre> {
  const require = createRequire(import.meta.url);
  const list = require('world-countries/countries.json') as { cca2: string; latlng: [number, number]; area: number }[];
  return new Map(
    list.map((c) => [
      c.cca2.toUpperCase(),
      { lat: c.latlng[0], lon: c.latlng[1], radiusKm: 1.5 * Math.sqrt(Math.max(0, c.area) / Math.PI) + 100 },
    ]),
  );
}

/** Great-circle distance in km (mean Earth radius 6,371.0088 km), as the SQL for coordinates. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

/** The least distance in km between two countries (ISO 3166-1 alpha-2), or null if either is unknown. */
export function leastDistanceKm(a: string, b: string): number | null {
  centres ??= load();
  const x = centres.get(a.toUpperCase());
  const y = centres.get(b.toUpperCase());
  if (!x || !y) return null;
  if (a.toUpperCase() === b.toUpperCase()) return 0;
  return Math.max(0, haversineKm(x.lat, x.lon, y.lat, y.lon) - x.radiusKm - y.radiusKm);
}
