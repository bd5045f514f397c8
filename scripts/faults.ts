/**
 * `npm run faults [-- --quick]`: Belfry under the faults that lose a school's data or service,
 * on real processes (bin/belfry.mjs serve, on PGlite, in a fresh data directory under .tmp/):
 *
 *  1. kill -9 during a people import: after the restart nothing of it is visible (all or
 *     nothing), its job says it was interrupted, its upload is swept;
 *  1b. kill -9 while a Wi-Fi import stores its slices: nothing of it is visible after the restart,
 *     and the same file then imports whole;
 *  2. kill -9 during a burst of ticket creation: every ticket the server acknowledged (201) is
 *     there after the restart;
 *  3. every restart is as PID 1 (`unshare --pid --fork --mount-proc`, as in a container), over the
 *     stale lock the killed PID 1 left; without unshare, a fake lock naming pid 1 from an earlier start;
 *  4. the last automatic backup (written and verified by the scheduler) restored with
 *     `belfry restore` into a new data directory, served, and compared.
 *
 * Prints what survived and exits 1 if anything was lost. --quick (CI): smaller import and burst.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const QUICK = process.argv.includes('--quick');
const PEOPLE = QUICK ? 20_000 : 100_000;
const BURST = QUICK ? 120 : 600;
const WIFI_ROWS = QUICK ? 60_000 : 300_000;
const ROOT = path.resolve('.tmp/faults', String(process.pid));
const BIN = path.resolve('bin/belfry.mjs');
const PASSWORD = 'faults-password-2026-long';
const started = Date.now();

const env = (dataDir: string, port: number, schedulerDelay = 3600) => {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL') e[k] = v;
  return {
    ...e,
    BELFRY_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BELFRY_BASE_URL: `http://127.0.0.1:${port}`,
    BELFRY_LOG_LEVEL: 'warn',
    BELFRY_LOG_FORMAT: 'json',
    BELFRY_SCHEDULER_DELAY_SECONDS: String(schedulerDelay),
  };
};

const UNSHARE = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;
const results: { check: string; ok: boolean; detail: string }[] = [];
const report = (check: string, ok: boolean, detail: string) => {
  results.push({ check, ok, detail });
  console.log(`${ok ? 'ok  ' : 'LOST'} ${check}: ${detail}`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function cli(dataDir: string, args: string[], input?: string): string {
  return execFileSync('node', [BIN, ...args], { env: env(dataDir, 1), input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

type Server = { child: ChildProcess; port: number; dataDir: string; log: string[] };

/** Starts `belfry serve` in its own process group: as PID 1 of a new pid namespace when it can. */
async function startServer(dataDir: string, port: number, schedulerDelay?: number): Promise<Server> {
  const cmd = UNSHARE ? 'unshare' : 'node';
  const args = UNSHARE ? ['--pid', '--fork', '--mount-proc', 'node', BIN, 'serve'] : [BIN, 'serve'];
  const child = spawn(cmd, args, { env: env(dataDir, port, schedulerDelay), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stdout?.on('data', (b) => log.push(String(b)));
  child.stderr?.on('data', (b) => log.push(String(b)));
  const t0 = Date.now();
  while (Date.now() - t0 < 120_000) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log.join('').slice(-2000)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, port, dataDir, log };
    await sleep(200);
  }
  throw new Error(`the server did not answer in 120 s:\n${log.join('').slice(-2000)}`);
}

/** kill -9 of the whole process group (unshare and the server inside it). */
async function kill9(s: Server): Promise<void> {
  try {
    process.kill(-(s.child.pid as number), 'SIGKILL');
  } catch {}
  if (s.child.exitCode === null && s.child.signalCode === null) await new Promise((r) => s.child.once('exit', r));
}

async function stop(s: Server): Promise<void> {
  try {
    process.kill(-(s.child.pid as number), 'SIGTERM');
  } catch {}
  const t0 = Date.now();
  while (s.child.exitCode === null && s.child.signalCode === null && Date.now() - t0 < 20_000) await sleep(100);
  if (s.child.exitCode === null && s.child.signalCode === null) await kill9(s);
}

type Session = { cookie: string; csrf: string; port: number };

async function signIn(port: number, email: string): Promise<Session> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken, port };
}

function call(s: Session, method: string, url: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: `http://127.0.0.1:${s.port}` };
  let payload: FormData | string | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return fetch(`http://127.0.0.1:${s.port}${url}`, { method, headers, body: payload });
}

const json = async <T>(r: Promise<Response>): Promise<T> => (await (await r).json()) as T;
async function countTickets(s: Session): Promise<number> {
  let n = 0;
  for (let offset = 0; ; offset += 200) {
    const page = await json<{ tickets: unknown[]; hasMore: boolean }>(
      call(s, 'GET', `/api/helpdesk/queue?view=all&limit=200&offset=${offset}`),
    );
    n += page.tickets.length;
    if (!page.hasMore) return n;
  }
}
const countPeople = async (s: Session) => (await json<{ total: number }>(call(s, 'GET', '/api/people?limit=1'))).total;

function lockHolder(dataDir: string): string {
  const file = path.join(dataDir, 'pglite', 'belfry.lock');
  return existsSync(file) ? readFileSync(file, 'utf8') : '(none)';
}

function peopleCsv(n: number): string {
  const lines = ['Admission No,Forename,Surname,Type,NC Year,Email'];
  for (let i = 0; i < n; i++)
    lines.push(`F${String(i).padStart(6, '0')},Pupil${i},Faultson,Pupil,${7 + (i % 7)},f${i}@faults.example`);
  return `${lines.join('\n')}\n`;
}

/** Connection attempts in the generic Wi-Fi CSV: 500 devices on 20 APs, one every 30 s each. */
function wifiCsv(n: number): string {
  const lines = ['ts,ap,client_mac,identity,ssid,band,stage,ok,rssi'];
  const start = Date.parse('2026-11-17T08:00:00Z');
  for (let i = 0; i < n; i++) {
    const d = i % 500;
    const ts = new Date(start + Math.floor(i / 500) * 30_000 + d * 50).toISOString();
    const ok = i % 9 !== 0;
    lines.push(
      `${ts},FAULT-AP-${d % 20},3c:22:fb:01:${(d >> 8).toString(16).padStart(2, '0')}:${(d & 255).toString(16).padStart(2, '0')},,Faults,5,${ok ? 'connected' : 'dhcp'},${ok},-${50 + (i % 30)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  const dataDir = path.join(ROOT, 'school');
  const port = 43_000 + (process.pid % 1000);
  console.log(
    `Faults (${QUICK ? 'quick' : 'full'}): ${PEOPLE.toLocaleString('en-GB')}-person import, ${BURST} tickets; ` +
      `servers run ${UNSHARE ? 'as PID 1 (unshare --pid)' : 'with a fake PID-1 lock (no unshare here)'}; data in ${dataDir}`,
  );
  cli(
    dataDir,
    ['user', 'add', '--email', 'admin@faults.example', '--name', 'Faults Admin', '--role', 'admin', '--password-stdin'],
    PASSWORD,
  );
  cli(
    dataDir,
    ['user', 'add', '--email', 'staff@faults.example', '--name', 'Faults Staff', '--role', 'staff', '--password-stdin'],
    PASSWORD,
  );

  const restart = async (why: string, schedulerDelay?: number): Promise<Server> => {
    const holder = lockHolder(dataDir);
    if (!UNSHARE) {
      // What a restarted container's PID 1 finds: a lock naming pid 1 from an earlier start.
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      execFileSync('sh', [
        '-c',
        `printf '%s' '${JSON.stringify({ pid: 1, start: '1', boot })}' > "${path.join(dataDir, 'pglite', 'belfry.lock')}"`,
      ]);
    }
    const t0 = Date.now();
    const s = await startServer(dataDir, port, schedulerDelay);
    const pid1 = UNSHARE ? JSON.parse(holder || '{}').pid === 1 : true;
    report(
      `restart as PID 1 ${why}`,
      pid1,
      `healthy in ${seconds(t0)}; the stale lock it took over named ${UNSHARE ? holder : 'pid 1 (fake)'}`,
    );
    return s;
  };

  // 1. kill -9 during an import.
  let server = await startServer(dataDir, port);
  let admin = await signIn(port, 'admin@faults.example');
  const form = new FormData();
  form.append('file', new Blob([peopleCsv(PEOPLE)], { type: 'text/csv' }), 'faults-people.csv');
  const before = await countPeople(admin);
  const up = await call(admin, 'POST', '/api/imports/people', form);
  if (up.status !== 202) throw new Error(`the import was not accepted: ${up.status} ${await up.text()}`);
  const jobId = ((await up.json()) as { job: { id: string } }).job.id;
  // The import runs as a job: killed a moment after it was accepted, while it reads and writes.
  await sleep(QUICK ? 300 : 1000);
  const job0 = await json<{ status: string; done?: number }>(call(admin, 'GET', `/api/jobs/${jobId}`));
  const progress = `${job0.status}${job0.done ? `, ${job0.done.toLocaleString('en-GB')} rows done` : ''}`;
  await kill9(server);
  const uploadsLeft = readdirSync(path.join(dataDir, 'uploads')).length;
  server = await restart('after kill -9 during the import');
  admin = await signIn(port, 'admin@faults.example');
  const after = await countPeople(admin);
  const job = await json<{ status: string; error?: string }>(call(admin, 'GET', `/api/jobs/${jobId}`));
  const swept = readdirSync(path.join(dataDir, 'uploads')).length;
  report(
    'kill -9 during an import',
    after === before || after === before + PEOPLE,
    `killed while ${progress}; people before ${before}, after the restart ${after.toLocaleString('en-GB')} ` +
      `(${after === before ? 'none of the import: rolled back' : after === before + PEOPLE ? 'all of it: it had committed' : 'PART OF IT'}); ` +
      `job ${job.status}${after !== before && job.status !== 'succeeded' ? ' (NOTE: its rows committed before its status was written)' : ''}; uploads ${uploadsLeft} at the kill, ${swept} after the restart`,
  );
  if (swept !== 0) report('upload swept on start', false, `${swept} files left in uploads/`);

  // 1b. kill -9 while a Wi-Fi import is storing its slices: nothing of it visible after the
  // restart, and the same file then imports whole (the dead import's rows were discarded first).
  {
    const wifiForm = () => {
      const f = new FormData();
      f.append('file', new Blob([wifiCsv(WIFI_ROWS)], { type: 'text/csv' }), 'faults-wifi.csv');
      return f;
    };
    const wup = await call(admin, 'POST', '/api/imports/wifi-csv', wifiForm());
    if (wup.status !== 202) throw new Error(`the Wi-Fi import was not accepted: ${wup.status} ${await wup.text()}`);
    const wjob = ((await wup.json()) as { job: { id: string } }).job.id;
    let state = { status: 'queued', done: 0, message: '' as string | null };
    const w0 = Date.now();
    while (Date.now() - w0 < 120_000) {
      state = await json<typeof state>(call(admin, 'GET', `/api/jobs/${wjob}`));
      if (state.status !== 'running' && state.status !== 'queued') break;
      if (state.message === 'Saving' && state.done >= WIFI_ROWS / 5) break;
      await sleep(50);
    }
    const at = `${state.status}, ${state.message ?? ''} ${state.done.toLocaleString('en-GB')} of ${WIFI_ROWS.toLocaleString('en-GB')} rows`;
    await kill9(server);
    server = await restart('after kill -9 during a Wi-Fi import');
    admin = await signIn(port, 'admin@faults.example');
    const overview = await json<{ imports: unknown[]; daysWithData: string[] }>(call(admin, 'GET', '/api/wifi/overview'));
    const again = await call(admin, 'POST', '/api/imports/wifi-csv', wifiForm());
    const againJob = ((await again.json()) as { job: { id: string } }).job.id;
    let done: { status: string; result?: { created?: number }; error?: string | null } = { status: 'running' };
    const a0 = Date.now();
    while (Date.now() - a0 < 300_000 && (done.status === 'running' || done.status === 'queued')) {
      await sleep(250);
      done = await json<typeof done>(call(admin, 'GET', `/api/jobs/${againJob}`));
    }
    const created = done.result?.created ?? 0;
    report(
      'kill -9 during a Wi-Fi import',
      state.status === 'running' && overview.imports.length === 0 && overview.daysWithData.length === 0 && created === WIFI_ROWS,
      `killed while ${at}; after the restart ${overview.imports.length} imports and ${overview.daysWithData.length} days of data visible; ` +
        `the same file again: job ${done.status}, ${created.toLocaleString('en-GB')} of ${WIFI_ROWS.toLocaleString('en-GB')} rows new${done.error ? ` (${done.error})` : ''}`,
    );
  }

  // 2. kill -9 during a burst of ticket creation.
  const staff = await signIn(port, 'staff@faults.example');
  const acknowledged: string[] = [];
  let unanswered = 0;
  let refused = 0;
  let killed = false;
  const one = async (i: number) => {
    try {
      const r = await call(staff, 'POST', '/api/helpdesk/tickets', {
        subject: `Fault burst ticket ${i}`,
        description: `Raised during the kill -9 burst, number ${i}.`,
        category: 'Hardware',
      });
      if (r.status === 201) acknowledged.push(((await r.json()) as { id: string }).id);
      else refused++;
    } catch {
      unanswered++;
    }
  };
  const burst = (async () => {
    const queue = Array.from({ length: BURST }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) await one(i);
      }),
    );
  })();
  while (acknowledged.length < BURST / 3 && !killed) await sleep(20);
  const ackAtKill = acknowledged.length;
  await kill9(server);
  killed = true;
  await burst;
  // This server's scheduler starts at once: its daily backup holds what survived the faults.
  server = await restart('after kill -9 during the ticket burst', 1);
  admin = await signIn(port, 'admin@faults.example');
  let present = 0;
  for (const id of acknowledged) if ((await call(admin, 'GET', `/api/helpdesk/tickets/${id}`)).status === 200) present++;
  report(
    'kill -9 during a burst of ticket creation',
    present === acknowledged.length,
    `${acknowledged.length} acknowledged (201) before the kill (${ackAtKill} when it was sent), ${present} of them there after the restart; ` +
      `${unanswered} requests got no answer, ${refused} were refused`,
  );

  // 3. The last automatic backup: the scheduler writes and verifies it a few seconds after start.
  const status = path.join(dataDir, 'backups', 'status.json');
  const t0 = Date.now();
  while (!existsSync(status) && Date.now() - t0 < 180_000) await sleep(500);
  const st = existsSync(status)
    ? (JSON.parse(readFileSync(status, 'utf8')) as {
        lastVerified?: { file: string; rows: number };
        lastFailure?: { message: string };
      })
    : {};
  if (!st.lastVerified) {
    report('automatic backup', false, st.lastFailure ? `failed: ${st.lastFailure.message}` : 'none written in 180 s');
  } else {
    const people = await countPeople(admin);
    const tickets = await countTickets(admin);
    await stop(server);
    const file = path.join(dataDir, 'backups', st.lastVerified.file);
    const restored = path.join(ROOT, 'restored');
    const r0 = Date.now();
    cli(restored, ['restore', file]);
    const took = seconds(r0);
    const copy = await startServer(restored, port + 1);
    const cAdmin = await signIn(port + 1, 'admin@faults.example');
    const cPeople = await countPeople(cAdmin);
    let cPresent = 0;
    for (const id of acknowledged) if ((await call(cAdmin, 'GET', `/api/helpdesk/tickets/${id}`)).status === 200) cPresent++;
    const cTickets = await countTickets(cAdmin);
    await stop(copy);
    report(
      'restore of the last automatic backup',
      cPeople === people && cPresent === acknowledged.length && cTickets === tickets,
      `${st.lastVerified.file} (${st.lastVerified.rows.toLocaleString('en-GB')} rows, verified by the scheduler) restored in ${took}; ` +
        `people ${cPeople}/${people}, acknowledged tickets ${cPresent}/${acknowledged.length}, tickets ${cTickets}/${tickets}`,
    );
  }
  if (server.child.exitCode === null && server.child.signalCode === null) await stop(server);
  const lost = results.filter((r) => !r.ok);
  console.log(
    `\n${lost.length ? `${lost.length} check(s) LOST data or service` : 'Everything survived'} (${results.length} checks, ${seconds(started)}).`,
  );
  if (!lost.length) rmSync(ROOT, { recursive: true, force: true });
  process.exitCode = lost.length ? 1 : 0;
}

main().catch((err) => {
  console.error(`faults: ${(err as Error).message}`);
  process.exitCode = 1;
});
