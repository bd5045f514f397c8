// `npm start` and the browser tests build the web app only when its sources are newer than
// the last build, so a second start is instant.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const built = 'dist/web/index.html';
const sources = ['web', 'vite.config.ts', 'postcss.config.cjs', 'package-lock.json'];

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

if (
  !existsSync(built) ||
  newest(sources[0]) > statSync(built).mtimeMs ||
  sources.slice(1).some((s) => newest(s) > statSync(built).mtimeMs)
) {
  console.log('Building the web app (about 15 seconds, only when it has changed)...');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
