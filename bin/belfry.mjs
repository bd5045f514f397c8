#!/usr/bin/env node
// The `belfry` command. It runs the built server (dist/server/main.js, made by
// scripts/build-server.mjs in `npm install` and before `npm start`) with source maps on, so stack
// traces name the TypeScript sources. When the build is missing or older than a source (a
// developer editing server/), it runs the sources through tsx instead, and says so.
import { pathToFileURL } from 'node:url';
import { bundleIsFresh, OUT_FILE } from '../scripts/server-build-state.mjs';

if (bundleIsFresh()) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(OUT_FILE).href);
} else {
  process.stderr.write('note: running the server sources through tsx (the build is missing or older; `npm run build:server` makes it)\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/main.ts');
}
