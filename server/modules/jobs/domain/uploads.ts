import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type Ctx, requireActor } from '../../../lib/context.ts';
import { TooManyRequests } from '../../../lib/errors.ts';
import { defineSetting, getSetting } from '../../settings/index.ts';

/**
 * Uploaded files wait in `<data dir>/uploads` only while they are turned into an import (or a
 * preview); every other upload is removed at once: refused, aborted, interrupted, oversized. A
 * file's name starts with its uploader's account id, so the space each person holds there is
 * read from the directory itself. On start the server sweeps the folder (no import survives a
 * restart: the jobs are marked interrupted).
 */

/** One file: @fastify/multipart's limit (app.ts). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const MB = 1024 * 1024;

export const uploadsPerUserSetting = defineSetting({
  key: 'uploads.perUserMb',
  label: 'Upload space per person',
  ui: { unit: 'MB' },
  description: 'Megabytes of uploads one person may have waiting to be imported at a time',
  schema: z.number().int().min(1).max(1_000_000),
  defaultValue: 2048,
});

export const uploadsTotalSetting = defineSetting({
  key: 'uploads.totalMb',
  label: 'Upload space in all',
  ui: { unit: 'MB' },
  description: 'Megabytes of uploads everyone together may have waiting to be imported at a time',
  schema: z.number().int().min(1).max(10_000_000),
  defaultValue: 8192,
});

export const uploadsDir = (ctx: Ctx) => path.join(ctx.config.dataDir, 'uploads');

async function filesIn(dir: string): Promise<{ name: string; bytes: number }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: { name: string; bytes: number }[] = [];
  for (const name of names) {
    const st = await lstat(path.join(dir, name)).catch(() => undefined);
    if (st?.isFile()) out.push({ name, bytes: st.size });
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / MB).toLocaleString('en-GB', { maximumFractionDigits: 0 })} MB`;

/**
 * How many bytes this person may upload now: the per-file limit, less what they and everyone
 * already hold in the folder. Refuses (429) when nothing is left, before a byte is accepted.
 */
export async function uploadAllowance(ctx: Ctx): Promise<{ dir: string; prefix: string; bytes: number }> {
  const actor = requireActor(ctx);
  const dir = uploadsDir(ctx);
  const prefix = `${actor.kind === 'user' ? actor.id : 'system'}.`;
  const files = await filesIn(dir);
  const total = files.reduce((n, f) => n + f.bytes, 0);
  const mine = files.filter((f) => f.name.startsWith(prefix)).reduce((n, f) => n + f.bytes, 0);
  const perUser = (await getSetting(ctx, uploadsPerUserSetting)) * MB;
  const all = (await getSetting(ctx, uploadsTotalSetting)) * MB;
  if (mine >= perUser)
    throw new TooManyRequests(
      `Your uploads waiting to be imported already use ${mb(mine)}, your limit (Settings: uploads.perUserMb); try again when they have finished`,
      60,
    );
  if (total >= all)
    throw new TooManyRequests(
      `Uploads waiting to be imported already use ${mb(total)}, the limit for everyone (Settings: uploads.totalMb); try again when they have finished`,
      60,
    );
  return { dir, prefix, bytes: Math.min(MAX_UPLOAD_BYTES, perUser - mine, all - total) };
}

/** Removes every file left in the uploads folder (at start: nothing is importing yet). */
export async function sweepUploads(dataDir: string): Promise<{ files: number; bytes: number }> {
  const dir = path.join(dataDir, 'uploads');
  const files = await filesIn(dir);
  for (const f of files) await rm(path.join(dir, f.name), { force: true });
  return { files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}
