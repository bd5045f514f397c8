import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let n = 0;

/** Writes `content` to a fresh file under .tmp/test-files and returns its path. */
export function writeTestFile(name: string, content: string | Uint8Array): string {
  const dir = path.resolve('.tmp/test-files', `${process.pid}-${++n}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
