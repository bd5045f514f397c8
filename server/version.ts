import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const BELFRY_VERSION: string = pkg.version;

/** The built web app, served by the same process. */
export const WEB_DIR = fileURLToPath(new URL('../dist/web/', import.meta.url));
