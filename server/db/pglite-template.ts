import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Ready-made PGlite data directories, so a new data directory is a file copy instead of a run of
 * PGlite's initdb (most of the 18 s an empty directory took to migrate: initdb in WebAssembly
 * writes and syncs every catalogue file through Emscripten's file system) and of the migrations.
 *
 * Two templates live in node_modules/.cache/belfry, made the first time one is needed and kept:
 * - pristine: what initdb leaves, keyed by the PGlite version (initdb's output depends only on it);
 * - migrated: pristine plus every migration, keyed also by the migration files' hash. Only callers
 *   that migrate straight after opening ask for it (a restore rebuilds an older schema itself).
 * Each is built in a scratch folder and renamed into place, so two processes racing both end
 * with a whole template. Without a writable cache, a directory is initialised in place as before.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'belfry');
const MIGRATIONS = path.join(ROOT, 'server', 'db', 'migrations');

export type TemplateKind = 'pristine' | 'migrated';

/** The folder the templates live in (node_modules/.cache/belfry). */
export const TEMPLATE_CACHE = CACHE;

export function pgliteVersion(): string {
  const pkg = path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** A hash of the migration files (SQL and journal): a new or edited migration makes a new template. */
export function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS, { recursive: true }).map(String).sort()) {
    if (f.endsWith('.sql') || f.endsWith('.json')) h.update(f).update(readFileSync(path.join(MIGRATIONS, f)));
  }
  return h.digest('hex').slice(0, 12);
}

/**
 * A hash of what running Belfry's code can put in a database: every server file but the tests
 * (sources, catalogues, bundled data) and the locked dependency versions. For templates made by
 * running the code (the demo school's): a change to any of them makes a new one.
 */
export function serverSourcesHash(): string {
  const h = createHash('sha256');
  const server = path.join(ROOT, 'server');
  for (const f of readdirSync(server, { recursive: true }).map(String).sort()) {
    if (f.endsWith('.test.ts')) continue;
    const full = path.join(server, f);
    if (!statSync(full).isFile()) continue;
    h.update(f).update(readFileSync(full));
  }
  const lock = path.join(ROOT, 'package-lock.json');
  if (existsSync(lock)) h.update(readFileSync(lock));
  return h.digest('hex').slice(0, 12);
}

export function templateDir(kind: TemplateKind): string {
  const version = pgliteVersion();
  return path.join(CACHE, kind === 'pristine' ? `pglite-pristine-${version}` : `pglite-migrated-${version}-${migrationsHash()}`);
}

/** A data directory PGlite has not initialised yet (absent, or holding only Belfry's lock file). */
export function isUninitialised(dir: string): boolean {
  return !existsSync(path.join(dir, 'PG_VERSION'));
}

type Builder = (scratchDir: string) => Promise<void>;

async function ensure(kind: TemplateKind, build: Builder): Promise<string> {
  const dir = templateDir(kind);
  if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  mkdirSync(CACHE, { recursive: true });
  const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await build(scratch);
    try {
      renameSync(scratch, dir);
    } catch (err) {
      // Another process finished first: keep its template.
      if (!existsSync(path.join(dir, 'PG_VERSION'))) throw err;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Fills the empty directory `dir` from a template of `kind`, making the template first if needed.
 * `open` opens a PGlite directory and returns its close; `migrate` brings an open one up to date.
 * Returns false (and leaves `dir` alone) when no template could be made.
 */
export async function fillFromTemplate(
  dir: string,
  kind: TemplateKind,
  hooks: { initialise: (scratchDir: string) => Promise<void>; migrate: (scratchDir: string) => Promise<void> },
): Promise<boolean> {
  try {
    const pristine = await ensure('pristine', hooks.initialise);
    const source =
      kind === 'pristine'
        ? pristine
        : await ensure('migrated', async (scratch) => {
            cpSync(pristine, scratch, { recursive: true });
            await hooks.migrate(scratch);
          });
    copyDataDir(source, dir);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the closed PGlite data directory `source` into `dir` (made if absent; Belfry's lock file
 * there is kept, the source's is not copied). On a failure what was copied is removed again.
 */
export function copyDataDir(source: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const entries = readdirSync(source).filter((e) => e !== 'belfry.lock');
  try {
    for (const entry of entries) cpSync(path.join(source, entry), path.join(dir, entry), { recursive: true });
  } catch (err) {
    for (const entry of entries) rmSync(path.join(dir, entry), { recursive: true, force: true });
    throw err;
  }
}
