import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { Invalid } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { uploadAllowance } from '../domain/uploads.ts';

class OverLimit extends Error {}

const megabytes = (n: number) => `${Math.floor(n / (1024 * 1024)).toLocaleString('en-GB')} MB`;

/**
 * Streams the request's one file into the uploads folder, after `authorise` (the use case's
 * role check) has passed and within what this person may still upload. The file is private
 * (0600) and removed again if anything goes wrong (too large, the client went away, a broken
 * body): the caller owns it only once this returns, and must remove it when done.
 */
export async function receiveUpload(
  req: FastifyRequest,
  options: { authorise?: () => unknown; missing?: string } = {},
): Promise<{ file: string; fileName: string }> {
  options.authorise?.();
  const allowance = await uploadAllowance(req.ctx);
  const part = await req.file();
  if (!part) throw new Invalid(options.missing ?? 'Attach the file to import');
  const fileName = path.basename(part.filename || 'upload');
  await mkdir(allowance.dir, { recursive: true, mode: 0o700 });
  const file = path.join(allowance.dir, `${allowance.prefix}${newId()}.upload`);
  let seen = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > allowance.bytes) done(new OverLimit());
      else done(null, chunk);
    },
  });
  try {
    await pipeline(part.file, meter, createWriteStream(file, { mode: 0o600 }));
    if (part.file.truncated) throw new OverLimit();
  } catch (err) {
    await rm(file, { force: true });
    if (err instanceof OverLimit)
      throw new Invalid(`${fileName} is larger than the ${megabytes(allowance.bytes)} you may upload now`);
    throw err;
  }
  return { file, fileName };
}
