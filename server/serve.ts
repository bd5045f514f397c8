import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { systemActor } from './lib/context.ts';
import type { Logger } from './lib/logger.ts';
import { countAccounts, generatePassword } from './modules/accounts/index.ts';
import { type DemoSignIn, loadDemoSchool } from './modules/demo/index.ts';
import { countPeople } from './modules/directory/index.ts';
import { sweepUploads } from './modules/jobs/index.ts';
import { buildRegistry, MODULES } from './modules.ts';
import { openRuntime } from './runtime.ts';
import { coreTasks, startScheduler } from './scheduler.ts';
import { BELFRY_VERSION, WEB_DIR } from './version.ts';

const DEMO_FILE = 'demo-sign-in.txt';

export type Server = { url: string; close: () => Promise<void> };

function demoText(signIns: DemoSignIn[]): string {
  const width = Math.max(...signIns.map((s) => s.email.length));
  return [
    'Demo school: Oakfield School. Every demo account has the same password.',
    `Password: ${signIns[0]?.password ?? ''}`,
    ...signIns.map((s) => `  ${s.email.padEnd(width)}  ${s.role.padEnd(6)} ${s.name}`),
  ].join('\n');
}

/**
 * What a start says about the demo sign-in. On a terminal (a person at the console) the file as it
 * is; anywhere else stdout is a log (a service, a container), which must never hold a password,
 * so the password line points at the file instead.
 */
export function demoBanner(fileText: string, toConsole: boolean, filePath: string): string {
  return toConsole ? fileText : fileText.replace(/^Password: .*$/m, `Password: in ${filePath} (not written to the log)`);
}

/** Loads the demo school into an empty database and records its sign-in in the data directory. */
export async function loadDemoIfEmpty(rt: Awaited<ReturnType<typeof openRuntime>>, say: (t: string) => void): Promise<void> {
  const base = rt.ctx(systemActor('demo loader'));
  // The steps are said as they go; the modules' own info lines would break up that list.
  const ctx = { ...base, log: { ...base.log, info: () => {} } };
  const file = path.join(rt.config.dataDir, DEMO_FILE);
  if ((await countAccounts(ctx)) === 0 && (await countPeople(ctx, { includeLeavers: true })) === 0) {
    say('The database is empty: loading the demo school, Oakfield School (under a minute)...');
    const started = Date.now();
    const result = await loadDemoSchool(ctx, { password: generatePassword(), progress: (step) => say(`  ${step}`) });
    say(`Demo school loaded in ${Math.round((Date.now() - started) / 1000)} s.`);
    writeFileSync(file, `${demoText(result.signIns)}\n`, { mode: 0o600 });
  }
}

export async function startServer(
  config: Config,
  log: Logger,
  options: { demoIfEmpty: boolean; say: (t: string) => void; onTerminal: boolean },
): Promise<Server> {
  let fatal: (err: Error) => void = () => {};
  const rt = await openRuntime(config, log, { onFatal: (err) => fatal(err) });
  try {
    // Uploads left by a server that stopped mid-import (kill -9, a power cut) belong to no one now.
    const swept = await sweepUploads(config.dataDir);
    if (swept.files) log.info(swept, 'removed uploads left from before the restart');
    if (options.demoIfEmpty) await loadDemoIfEmpty(rt, options.say);
    const app = await buildApp({
      database: rt.database,
      config,
      clock: rt.clock,
      mail: rt.mail,
      webDir: WEB_DIR,
      logRequests: true,
      prettyLogs: config.logFormat === 'pretty' || (config.logFormat === 'auto' && options.onTerminal),
      colourLogs: options.onTerminal,
      version: BELFRY_VERSION,
    });
    fatal = (err) => {
      app.log.fatal({ err }, 'the database stopped; Belfry is shutting down');
      void app.close();
    };
    await app.listen({ port: config.port, host: config.host });
    const registry = buildRegistry(MODULES);
    const stopScheduler = startScheduler(rt, [...coreTasks(rt), ...registry.scheduled]);
    const stopServices: (() => Promise<void>)[] = [];
    for (const service of registry.services) {
      const stop = await service.start(rt.ctx);
      if (stop) stopServices.push(stop);
    }
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
    options.say(
      `Belfry ${BELFRY_VERSION} is serving at ${config.baseUrl === `http://localhost:${config.port}` ? `http://localhost:${config.port}` : config.baseUrl} (${rt.database.description})`,
    );
    if (!existsSync(path.join(WEB_DIR, 'index.html')))
      options.say('Note: the web app is not built (dist/web); run `npm run build`. The API is up.');
    const demoFile = path.join(config.dataDir, DEMO_FILE);
    if (existsSync(demoFile)) options.say(`\n${demoBanner(readFileSync(demoFile, 'utf8'), options.onTerminal, demoFile)}`);
    else if ((await countAccounts(rt.ctx())) === 0) {
      options.say(
        'No accounts yet. Create the first admin with:\n  npx belfry user add --role admin --email you@school.example --name "Your Name"',
      );
    }
    return {
      url,
      close: async () => {
        stopScheduler();
        for (const stop of stopServices) await stop();
        await app.close();
        await rt.close();
      },
    };
  } catch (err) {
    await rt.close();
    throw err;
  }
}
