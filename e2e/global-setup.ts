import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMailSink } from './mail-sink.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoPassword: string;
    demoAccounts: { email: string; role: string; name: string }[];
    dataDir: string;
    phishingUrl: string;
    /** Where the loopback SMTP sink writes the mail Belfry sends (one .eml per message). */
    mailDir: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

let server: ChildProcess | undefined;

/** Starts Belfry once for every flow: a fresh data directory, the demo school loaded. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const dataDir = path.resolve(`.tmp/e2e-data-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const baseUrl = `http://127.0.0.1:${port}`;
  const mailDir = path.join(dataDir, '..', `e2e-mail-${process.pid}`);
  rmSync(mailDir, { recursive: true, force: true });
  const sink = await startMailSink(mailDir);
  const mail = {
    BELFRY_MAIL_HOST: '127.0.0.1',
    BELFRY_MAIL_PORT: String(sink.port),
    BELFRY_MAIL_FROM: 'Belfry <belfry@oakfield.example>',
  };
  const phishingPort = await freePort();
  const phishingUrl = `http://127.0.0.1:${phishingPort}`;
  let output = '';
  server = spawn(process.execPath, ['bin/belfry.mjs', '--data-dir', dataDir, 'serve', '--demo-if-empty'], {
    env: {
      ...process.env,
      PORT: String(port),
      BELFRY_BASE_URL: baseUrl,
      BELFRY_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      BELFRY_PHISHING_PORT: String(phishingPort),
      BELFRY_PHISHING_BASE_URL: phishingUrl,
      // The flows stand in for a reverse proxy: each visitor's address comes in X-Forwarded-For.
      BELFRY_PHISHING_TRUSTED_PROXIES: '127.0.0.1',
      ...mail,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d) => (output += d));
  server.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 400_000; // the demo school loads slowly on a busy machine
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Belfry exited during start-up:\n${output}`);
    const ok = await fetch(`${baseUrl}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`Belfry did not start within 400 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const demo = readFileSync(path.join(dataDir, 'demo-sign-in.txt'), 'utf8');
  const password = /Password: (\S+)/.exec(demo)?.[1] ?? '';
  const accounts = [...demo.matchAll(/^ {2}(\S+@\S+)\s+(\w+)\s+(.+)$/gm)].map((m) => ({
    email: m[1] as string,
    role: m[2] as string,
    name: (m[3] as string).trim(),
  }));
  project.provide('baseUrl', baseUrl);
  project.provide('demoPassword', password);
  project.provide('demoAccounts', accounts);
  project.provide('dataDir', dataDir);
  project.provide('phishingUrl', phishingUrl);
  project.provide('mailDir', mailDir);
  return async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    if (server && server.exitCode === null) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    await sink.close();
    rmSync(mailDir, { recursive: true, force: true });
  };
}
