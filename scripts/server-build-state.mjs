// Whether dist/server/main.js is up to date with the server sources (shared by the build script
// and bin/belfry.mjs, which runs the sources through tsx when the bundle is missing or stale).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_FILE = path.join(ROOT, 'dist', 'server', 'main.js');
const SERVER = path.join(ROOT, 'server');

/** The newest modification time of a server source (.ts/.js; tests and data do not count). */
export function newestSourceMtime(dir = SERVER) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'migrations' && entry.name !== 'rules') newest = Math.max(newest, newestSourceMtime(p));
    } else if (/\.(ts|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

export function bundleIsFresh() {
  try {
    return statSync(OUT_FILE).mtimeMs >= newestSourceMtime();
  } catch {
    return false;
  }
}
