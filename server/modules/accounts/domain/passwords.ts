import { randomInt } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import common from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 30 ms here,
 * cheap enough for a school's sign-in peak, dear enough for an attacker with the hashes.
 */
const OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verified when no account matches, so a missing account takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('belfry-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

// No look-alike characters (0/O, 1/l/I), so a password read aloud or printed is typed right.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of four groups of five, e.g. `h7Kqp-2xMva-...`: about 116 bits. */
export function generatePassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

let strength: ZxcvbnFactory | undefined;
const checker = (): ZxcvbnFactory =>
  (strength ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

/** The parts of a person's name and address a password must not be built from (3 letters or more). */
function ownWords(who: { name?: string; email?: string }): string[] {
  const [local = '', domain = ''] = (who.email ?? '').toLowerCase().split('@');
  const words = [
    ...(who.name ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u),
    local.replace(/[^\p{L}\p{N}]+/gu, ''),
    ...local.split(/[^\p{L}\p{N}]+/u),
    domain.split('.')[0] ?? '',
  ];
  const name = (who.name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return [...new Set([...words, name])].filter((w) => w.length >= 3).sort((a, b) => b.length - a.length);
}

/**
 * Why a password will not do, or undefined. At least 12 characters; not one of the commonest
 * passwords or a near variant of one (zxcvbn-ts over its common-password lists, score 3 of 4
 * needed); and not built from the person's own name or address ("SamHarding2026!").
 */
export function passwordProblem(password: string, who: { name?: string; email?: string } = {}): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return 'Use at most 256 characters';
  const own = ownWords(who);
  let rest = password.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const usedOwn = own.some((w) => rest.includes(w));
  for (const w of own) rest = rest.split(w).join('');
  if (usedOwn && rest.replace(/\p{N}+/gu, '').length < 6)
    return 'Do not build it from your own name or email address: add words of your own';
  const result = checker().check(password.slice(0, 100), own);
  if (result.score < 3)
    return result.feedback.warning === 'userInputs'
      ? 'Do not build it from your own name or email address: add words of your own'
      : 'That is one of the commonest passwords, or close to one: choose another (three or four unrelated words work well)';
  return undefined;
}
