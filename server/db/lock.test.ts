import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentProcessIdentity, lockDataDir } from './connect.ts';

const TMP = path.resolve('.tmp/lock-test', String(process.pid));
let n = 0;
const freshDir = () => {
  const dir = path.join(TMP, String(++n));
  mkdirSync(dir, { recursive: true });
  return dir;
};
const lockOf = (dir: string) => path.join(dir, 'belfry.lock');
const IN_USE = /is in use by a Belfry process/;

describe('the data directory lock', () => {
  afterAll(() => rmSync(TMP, { recursive: true, force: true }));
  const me = currentProcessIdentity();

  it('records the pid with the process start time and boot (Linux)', () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    const held = JSON.parse(readFileSync(lockOf(dir), 'utf8'));
    expect(held.pid).toBe(process.pid);
    expect(held.start).toMatch(/^\d+$/);
    expect(held.boot).toMatch(/^[0-9a-f-]{36}$/);
    release();
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  it('takes over a lock naming its own pid from an earlier start (a container restarted as PID 1 after a crash)', () => {
    const dir = freshDir();
    writeFileSync(lockOf(dir), JSON.stringify({ pid: process.pid, start: String(Number(me.start) - 1000), boot: me.boot }));
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockOf(dir), 'utf8')).start).toBe(me.start);
    release();
  });

  it('takes over a lock from before the last reboot, whatever its pid', () => {
    const dir = freshDir();
    writeFileSync(lockOf(dir), JSON.stringify({ pid: process.ppid, start: '1', boot: '00000000-0000-0000-0000-000000000000' }));
    lockDataDir(dir)();
  });

  it('refuses while this very process holds it', () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(IN_USE);
    release();
  });

  it('refuses while another running process holds it, and takes over once it has gone (kill -9)', async () => {
    const dir = freshDir();
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    const pid = child.pid as number;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    writeFileSync(lockOf(dir), JSON.stringify({ pid, start, boot: me.boot }));
    expect(() => lockDataDir(dir)).toThrow(`The database in ${dir} is in use by a Belfry process (pid ${pid})`);
    // The same pid with another start time is some other program that reused the number.
    writeFileSync(lockOf(dir), JSON.stringify({ pid, start: String(Number(start) + 7), boot: me.boot }));
    lockDataDir(dir)();
    writeFileSync(lockOf(dir), JSON.stringify({ pid, start, boot: me.boot }));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    lockDataDir(dir)();
  });

  it('reads a lock in the old form (the pid alone)', () => {
    const dir = freshDir();
    writeFileSync(lockOf(dir), String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(IN_USE);
    writeFileSync(lockOf(dir), '999999999');
    lockDataDir(dir)();
  });
});
