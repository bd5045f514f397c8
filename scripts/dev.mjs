// Development: the API server on :3000 and Vite's dev server (with hot reload) on :5173.
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['bin/belfry.mjs', 'serve', '--demo-if-empty'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: '3000' },
  }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', '5173'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
