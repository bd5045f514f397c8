// Builds the server into dist/server/main.js: an ES module bundle of server/ (npm packages stay
// external, loaded from node_modules), with a source map so stack traces name the .ts sources
// (bin/belfry.mjs turns source maps on). `npm start`'s prestart and `npm install`'s prepare run
// it; it does nothing when the bundle is newer than every server source.
//
// Files under server/ find their data beside them (migrations, rules, the PGlite worker, the
// bundled bank holidays) through import.meta.url. In the bundle import.meta.url is the bundle's
// own address, so each source file's import.meta.url is rewritten to that file's real address,
// relative to the bundle: the sources ship with Belfry, and their data stays where it is.
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundleIsFresh, OUT_FILE, ROOT } from './server-build-state.mjs';

const force = process.argv.includes('--force');
if (!force && bundleIsFresh()) process.exit(0);

const started = Date.now();
const esbuild = await import('esbuild');
rmSync(path.dirname(OUT_FILE), { recursive: true, force: true });
const outDir = path.dirname(OUT_FILE);

const sourceUrls = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/].*\.(ts|js)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = path.relative(outDir, args.path).split(path.sep).join('/');
      const contents = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['server/main.ts'],
  outdir: outDir,
  // Code split at each dynamic import (the web server for `serve`, ...), so a command loads only
  // what it runs. Chunks sit beside main.js: the import.meta.url rewrite assumes one folder.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [sourceUrls],
});
const kb = Math.round(statSync(OUT_FILE).size / 1024);
process.stderr.write(
  `Built the server into ${path.relative(ROOT, OUT_FILE)} (${kb} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
