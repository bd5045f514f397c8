import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type CliEnv, runCli } from '../../../cli.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { COMMENTS, LIKERT, msFormsFile, SATISFIED, SCHOOL, SERVICES, WIFI } from '../domain/test-fixtures.ts';

/** `belfry surveys ...` and `belfry import survey-responses` in-process, on an embedded database under .tmp. */

const DIR = path.resolve('.tmp/surveys-cli-test', String(process.pid));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

async function belfry(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const cli: CliEnv = {
    env: {},
    cwd: process.cwd(),
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    readStdin: async () => '',
    stderrIsTty: false,
    stdoutIsTty: false,
    untilStopped: () => Promise.reject(new Error('not serving')),
  };
  const code = await runCli(['--data-dir', DIR, ...argv], cli);
  return { code, ...out };
}

it('creates a survey, saves its mapping, imports an export and prints the results as JSON', async () => {
  expect(
    (await belfry('surveys', 'create', '--audience', 'staff', '--year', '2025', '--source', 'msforms', '--eligible', '64'))
      .stdout,
  ).toContain('Created staff-2025');
  const manifest = writeTestFile(
    'staff-2025.json',
    JSON.stringify({
      locale: 'en-GB',
      columns: [
        { header: WIFI, use: 'scale', scaleId: 'satisfied5' },
        { header: SCHOOL, use: 'segment' },
        { header: SERVICES, use: 'ignore' },
        { header: LIKERT, use: 'ignore' },
      ],
    }),
  );
  expect((await belfry('surveys', 'mapping', 'staff-2025', manifest)).stdout).toContain('Saved version 1');
  const file = await msFormsFile(2025, SATISFIED);
  const refused = await belfry('import', 'survey-responses', file, '--map', 'instrument=staff-2025');
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(
    `staff-2025.xlsx:1 [${COMMENTS}]: the column "${COMMENTS}" is not in the import mapping of staff-2025`,
  );
  const fixed = writeTestFile(
    'staff-2025b.json',
    JSON.stringify({
      columns: [
        { header: WIFI, use: 'scale', scaleId: 'satisfied5' },
        { header: SCHOOL, use: 'segment' },
        { header: SERVICES, use: 'ignore' },
        { header: LIKERT, use: 'ignore' },
        { header: COMMENTS, use: 'ignore' },
      ],
    }),
  );
  await belfry('surveys', 'mapping', 'staff-2025', fixed);
  const ok = await belfry('import', 'survey-responses', file, '--map', 'instrument=staff-2025');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain('staff-2025.xlsx: 50 rows; 50 new');
  // Results come from canonical questions: map the Wi-Fi item to one, through the JSON CLI output.
  const list = JSON.parse((await belfry('--json', 'surveys', 'list')).stdout) as {
    code: string;
    responses: number;
    responseRate: number;
  }[];
  expect(list).toMatchObject([{ code: 'staff-2025', responses: 50 }]);
  expect(list[0]?.responseRate).toBeCloseTo(50 / 64, 10);
  const results = JSON.parse((await belfry('--json', 'surveys', 'results', '--audience', 'staff')).stdout) as {
    questions: unknown[];
    threshold: number;
  };
  expect(results).toMatchObject({ threshold: 10, questions: [] });
}, 120_000);
