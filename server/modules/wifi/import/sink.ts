import { readFile } from 'node:fs/promises';
import { decodeText } from '../../../lib/csv.ts';
import type { RowProblem } from '../../../lib/errors.ts';
import type {
  ApAlias,
  WifiApSample,
  WifiAttempt,
  WifiBatch,
  WifiClientSample,
  WifiInfraEvent,
  WifiRoam,
  WifiSession,
} from '../domain/records.ts';

/** Where a parser puts what it reads: a batch in memory (tests, small files) or staging files (imports). */
export type RecordSink = {
  attempt(a: WifiAttempt): void;
  session(s: WifiSession): void;
  clientSample(c: WifiClientSample): void;
  apSample(a: WifiApSample): void;
  roam(r: WifiRoam): void;
  infra(e: WifiInfraEvent): void;
  /** The file names one AP by two keys (see ApAlias). */
  apAlias(key: string, other: string, via: ApAlias['via']): void;
  ignore(what: string): void;
};

/** Remembers each alias once (a file of a million events names its 60 APs over and over). */
export function aliasCollector(): { add: RecordSink['apAlias']; list: () => ApAlias[] } {
  const seen = new Map<string, ApAlias>();
  return {
    add: (key, other, via) => {
      if (!key || !other || key === other) return;
      const id = `${via}\u0000${key}\u0000${other}`;
      if (!seen.has(id)) seen.set(id, { key, other, via });
    },
    list: () => [...seen.values()],
  };
}

export type ParseContext = {
  /** The name used in error messages. */
  file: string;
  timeZone: string;
  sink: RecordSink;
  problems: RowProblem[];
  progress: (done: number, total?: number) => void;
  /** What the file lacks for the analysis, for the import's notes. */
  notes?: string[];
};

/** Reads `path` and returns how many input records it held. */
export type WifiParser = (path: string, pc: ParseContext) => Promise<number>;

export function batchSink(batch: WifiBatch): RecordSink {
  const aliases = aliasCollector();
  return {
    apAlias: (key, other, via) => {
      aliases.add(key, other, via);
      batch.aliases = aliases.list();
    },
    attempt: (a) => batch.attempts.push(a),
    session: (s) => batch.sessions.push(s),
    clientSample: (c) => batch.clientSamples.push(c),
    apSample: (a) => batch.apSamples.push(a),
    roam: (r) => batch.roams.push(r),
    infra: (e) => batch.infra.push(e),
    ignore: (what) => {
      batch.ignored[what] = (batch.ignored[what] ?? 0) + 1;
    },
  };
}

export async function readText(path: string): Promise<string> {
  return decodeText(await readFile(path));
}

export function problem(pc: ParseContext, line: number, field: string | undefined, message: string): void {
  pc.problems.push({ file: pc.file, line, field, message });
}
