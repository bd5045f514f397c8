import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../../../lib/context.ts';

/**
 * The phishing key: encrypts stored SMTP passwords and webhook secrets (AES-256-GCM) and keys the
 * hash of each tracked request's address. From BELFRY_PHISHING_KEY, else a file the data
 * directory keeps (mode 0600), made on first use. A backup of the database alone cannot decrypt.
 */

const KEY_FILE = 'phishing.key';
const cache = new Map<string, Buffer>();

export function phishingKey(ctx: Pick<Ctx, 'config'>): Buffer {
  const given = ctx.config.phishing?.key;
  const id = given ? `env:${given}` : `file:${ctx.config.dataDir}`;
  const hit = cache.get(id);
  if (hit) return hit;
  let key: Buffer;
  if (given) key = createHash('sha256').update(given).digest();
  else {
    const file = path.join(ctx.config.dataDir, KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(ctx.config.dataDir, { recursive: true });
      try {
        writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
  cache.set(id, key);
  return key;
}

export function encryptSecret(ctx: Pick<Ctx, 'config'>, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', phishingKey(ctx), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function decryptSecret(ctx: Pick<Ctx, 'config'>, stored: string): string {
  const bytes = Buffer.from(stored.replace(/^v1:/, ''), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', phishingKey(ctx), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

/** A keyed hash of an address: the same address matches itself, and nothing gives it back. */
export function hashIp(key: Buffer, ip: string): string {
  return createHmac('sha256', key).update(ip).digest('base64url').slice(0, 22);
}
