import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { copyDemoTemplateFiles, demoSignInFile, findDemoTemplate, loadDemoIfEmpty } from './demo-template.ts';
import type { Logger } from './lib/logger.ts';
import { countAccounts } from './modules/accounts/index.ts';
import { sweepUploads } from './modules/jobs/index.ts';
import { buildRegistry, MODULES } from './modules.ts';
import { openRuntime } from './runtime.ts';
import { coreTasks, startScheduler } from './scheduler.ts';
import { BELFRY_VERSION, WEB_DIR } from './version.ts';

export type Server = { url: string; close: () => Promise<void> };

/**
 * What a start says about the demo sign-in. On a terminal (a person at the console) the file as it
 * is; anywhere else stdout is a log (a service, a container), which must never hold a password,
 * so the password line points at the file instead.
 */
export function demoBanner(fileText: string, toConsole: boolean, filePath: string): string {
  return toConsole ? fileText : fileText.replace(/^Password: .*$/m, `Password: in ${filePath} (not written to the log)`);
}

export async function startServer(
  config: Config,
  log: Logger,
  options: { demoIfEmpty: boolean; say: (t: string) => void; onTerminal: boolean },
): Promise<Server> {
  let fatal: (err: Error) => void = () => {};
  // A first start with the demo: today's demo template, when `npm install` made one, is copied
  // instead of loading the demo (demo-template.ts); its other files go first.
  let template = options.demoIfEmpty ? findDemoTemplate(config) : undefined;
  if (template && !copyDemoTemplateFiles(template, config.dataDir)) template = undefined;
  const rt = await openRuntime(config, log, {
    onFatal: (err) => fatal(err),
    newDirCopyOf: template && path.join(template, 'pglite'),
  });
  try {
    if (rt.database.copiedFrom)
      options.say("The database is empty: copied today's demo school, Oakfield School, from the template npm install made.");
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
    const demoFile = demoSignInFile(config.dataDir);
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
