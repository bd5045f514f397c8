import { readFile } from 'node:fs/promises';
import { decodeText } from '../../../lib/csv.ts';
import type { RowProblem } from '../../../lib/errors.ts';
import type {
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
  ignore(what: string): void;
};

export type ParseContext = {
  /** The name used in error messages. */
  file: string;
  timeZone: string;
  sink: RecordSink;
  problems: RowProblem[];
  progress: (done: number, total?: number) => void;
};

/** Reads `path` and returns how many input records it held. */
export type WifiParser = (path: string, pc: ParseContext) => Promise<number>;

export function batchSink(batch: WifiBatch): RecordSink {
  return {
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
