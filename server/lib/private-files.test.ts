import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePrivate } from './private-files.ts';

const TMP = path.resolve('.tmp/private-files-test', String(process.pid));

/** Every path under `dir` with its mode, e.g. ['pglite/base 700', 'session-secret 600']. */
function modes(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = lstatSync(p);
    out.push(`${path.relative(dir, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  return out;
}

describe('the data directory is private', () => {
  afterAll(() => rmSync(TMP, { recursive: true, force: true }));

  it('makes an existing tree 0700 directories and 0600 files', () => {
    const dir = path.join(TMP, 'old');
    mkdirSync(path.join(dir, 'uploads'), { recursive: true });
    writeFileSync(path.join(dir, 'uploads', 'a.upload'), 'pupils');
    writeFileSync(path.join(dir, 'backup.tar.gz'), 'x');
    chmodSync(path.join(dir, 'uploads', 'a.upload'), 0o666);
    chmodSync(path.join(dir, 'backup.tar.gz'), 0o644);
    chmodSync(path.join(dir, 'uploads'), 0o777);
    chmodSync(dir, 0o755);
    expect(makePrivate(dir)).toBe(4);
    expect(modes(dir)).toEqual(['. 700', 'backup.tar.gz 600', 'uploads 700', 'uploads/a.upload 600']);
    expect(makePrivate(dir)).toBe(0);
  });

  it('a real start under umask 000 leaves every file of the database 0600 in 0700 directories', () => {
    const dir = path.join(TMP, 'fresh');
    execFileSync('sh', ['-c', `umask 000 && exec node bin/belfry.mjs --data-dir "${dir}" user list`], {
      // biome-ignore lint/style/noProcessEnv: the child runs Belfry on PGlite whatever this shell's DATABASE_URL
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL')),
      stdio: 'pipe',
    });
    const all = modes(dir);
    expect(all.length).toBeGreaterThan(100);
    const wrong = all.filter((line) => {
      const [p, mode] = line.split(' ');
      const isDir = lstatSync(path.join(dir, p as string)).isDirectory();
      return mode !== (isDir ? '700' : '600');
    });
    expect(wrong).toEqual([]);
  }, 120_000);
});
