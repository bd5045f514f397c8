import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { dateOrderSetting, setSetting } from '../../settings/index.ts';
import { selectItems } from '../db/survey-queries.ts';
import { sniffFormat } from '../import/formats.ts';
import { readSheet } from '../import/read-sheet.ts';
import { csvText, formsDownloadTimestamp, wallClock } from '../import/write-export.ts';
import { importSurveyResponses } from './import-responses.ts';
import { planColumns, readResponses } from './import-rows.ts';
import { createInstrument, loadInstrumentRow } from './instruments.ts';
import { type ManifestColumnInput, readStoredManifest, saveManifest } from './manifest.ts';
import { createQuestion } from './question-bank.ts';
import {
  COMMENTS,
  googleSheetCsv,
  LIKERT,
  MS_META,
  msFormsFile,
  SATISFIED,
  SCHOOL,
  SERVICES,
  WIFI,
  WIFI_COUNTS,
  wifiCodes,
  writeTestFile,
} from './test-fixtures.ts';

const run = { dryRun: false, skipInvalid: false };
const none = () => {};

describeEachDatabase('survey history import', (t) => {
  let wifiQuestion = '';
  const msColumns = (): ManifestColumnInput[] => [
    { header: WIFI, use: 'scale', scaleId: 'satisfied5', questionId: wifiQuestion, comparability: 'identical' },
    { header: SCHOOL, use: 'segment' },
    {
      header: SERVICES,
      use: 'multi',
      options: [
        { code: 'WIFI', label: 'Wi-Fi' },
        { code: 'PRINT', label: 'Printing' },
      ],
    },
    { header: LIKERT, use: 'scale', scaleId: 'satisfied5' },
    { header: COMMENTS, use: 'text' },
  ];
  const counts = async (code: string, header = WIFI) =>
    (
      await queryRows<{ code: number | null; n: number }>(
        t.database().db,
        sql`SELECT a.code, count(*)::int AS n FROM surveys_answers a JOIN surveys_items i ON i.id = a.item_id
            JOIN surveys_instruments s ON s.id = i.instrument_id
            WHERE s.code = ${code} AND i.source_header = ${header} GROUP BY 1 ORDER BY 1 NULLS LAST`,
      )
    ).map((r) => [r.code, r.n]);

  beforeAll(async () => {
    const ctx = t.ctx();
    wifiQuestion = (
      await createQuestion(ctx, {
        code: 'WIFI_SATISFACTION',
        construct: 'Wi-Fi',
        wording: 'Overall, how satisfied are you with the school Wi-Fi?',
        scaleId: 'satisfied5',
        audiences: ['staff'],
      })
    ).id;
    for (const [year, source] of [
      [2021, 'msforms'],
      [2022, 'msforms'],
      [2023, 'google'],
      [2024, 'google'],
      [2025, 'msforms'],
    ] as const) {
      await createInstrument(ctx, { audience: 'staff', year, source });
    }
    await saveManifest(ctx, 'staff-2021', { columns: msColumns() });
    await saveManifest(ctx, 'staff-2022', { columns: msColumns() });
    await saveManifest(ctx, 'staff-2025', { columns: msColumns() });
    await saveManifest(ctx, 'staff-2023', {
      locale: 'en-GB',
      columns: [
        {
          header: WIFI,
          use: 'scale',
          scaleId: 'satisfied5',
          questionId: wifiQuestion,
          comparability: 'identical',
          labels: { '1 - Very unhappy': 1, '5 - Very happy': 5 },
        },
        { header: SCHOOL, use: 'segment' },
        {
          header: 'Which services do you use?',
          use: 'multi',
          options: [
            { code: 'WIFI_CLASS', label: 'Wi-Fi, in classrooms' },
            { code: 'PRINT', label: 'Printing' },
          ],
        },
      ],
    });
  });

  it('imports Microsoft Forms workbooks with the hand-counted answers, dropping names and emails', async () => {
    const ctx = t.ctx();
    const s = await importSurveyResponses(
      ctx,
      await msFormsFile(2021, SATISFIED),
      { ...run, mapping: { instrument: 'staff-2021' } },
      none,
    );
    expect(s).toMatchObject({ rowsIn: 38, created: 38, unchanged: 0, rejected: 0 });
    expect(s.notes).toContain('Not stored (identity): Email, Name');
    expect(await counts('staff-2021')).toEqual([
      [1, 3],
      [2, 7],
      [3, 10],
      [4, 12],
      [5, 6],
    ]);
    // A Likert statement whose text has a "." maps on the whole header; multi-select splits on ";".
    expect(await counts('staff-2021', LIKERT)).toEqual([
      [4, 28],
      [5, 10],
    ]);
    const multi = await queryRows<{ options: string[]; n: number }>(
      t.database().db,
      sql`SELECT a.options, count(*)::int AS n FROM surveys_answers a JOIN surveys_items i ON i.id = a.item_id
          WHERE i.source_header = ${SERVICES} GROUP BY 1 ORDER BY 2, jsonb_array_length(a.options)`,
    );
    expect(multi).toEqual([
      { options: ['PRINT'], n: 19 },
      { options: ['WIFI', 'PRINT'], n: 19 },
    ]);
    const segments = await queryRows<{ segment: string; n: number }>(
      t.database().db,
      sql`SELECT segment, count(*)::int AS n FROM surveys_responses r JOIN surveys_instruments s ON s.id = r.instrument_id
          WHERE s.code = 'staff-2021' GROUP BY 1 ORDER BY 1`,
    );
    expect(segments).toEqual([
      { segment: 'prep', n: 13 },
      { segment: 'senior', n: 25 },
    ]);
    // Pupils' comments wait for review; staff comments need none. Either way no response id.
    const comments = await queryRows<{ body: string; review: string }>(
      t.database().db,
      sql`SELECT body, review FROM surveys_comments`,
    );
    expect(comments).toEqual([{ body: 'Please fix the Wi-Fi in the library', review: 'not_required' }]);
  });

  it('gives the same normalised answers when the columns come out of order', async () => {
    const inst = await loadInstrumentRow(t.ctx(), 'staff-2022');
    const items = await selectItems(t.database().db, inst.id);
    const manifest = readStoredManifest(inst.manifest);
    if (!manifest) throw new Error('no manifest');
    const longTable = async (file: string) => {
      const sheet = await readSheet(file, 'staff-2022.xlsx');
      const sniffed = sniffFormat(sheet.headers);
      if (!sniffed) throw new Error('not sniffed');
      const plan = planColumns(sheet, sniffed.meta, manifest, items);
      const read = readResponses(sheet, plan, { format: sniffed.format, audience: 'staff', manifest });
      const lines = read.responses.flatMap((r) =>
        r.answers.map((a) => `${r.sourceKey}|${r.segment}|${a.itemId}|${a.code}|${(a.options ?? []).join(';')}`),
      );
      return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
    };
    const labels = ['Very dissatisfied', 'Fairly dissatisfied', 'Neutral', 'Fairly satisfied', 'Very satisfied'];
    const inOrder = await longTable(await msFormsFile(2022, labels, { lastModified: true }));
    const shuffled = await msFormsFile(2022, labels, { lastModified: true, order: [3, 0, 4, 2, 1] });
    expect(await longTable(shuffled)).toBe(inOrder);
    const s = await importSurveyResponses(t.ctx(), shuffled, { ...run, mapping: { instrument: 'staff-2022' } }, none);
    expect(s).toMatchObject({ created: 44, rejected: 0 });
    expect(await counts('staff-2022')).toEqual([
      [1, 4],
      [2, 6],
      [3, 12],
      [4, 14],
      [5, 8],
    ]);
  });

  it('reads a Google Sheet CSV with a BOM; "Not applicable" and blanks stay out of the denominators', async () => {
    const labels = ['1 - Very unhappy', '2', '3', '4', '5 - Very happy'];
    const stamp = '14/11/2023 10:00:00';
    const file = googleSheetCsv(2023, labels, [
      [stamp, 'na1@fixture.example', 'Not applicable', 'Senior', ''],
      [stamp, 'na2@fixture.example', 'Not applicable', 'Senior', 'Printing'],
      [stamp, 'na3@fixture.example', 'Not applicable', 'Prep', ''],
      [stamp, 'blank@fixture.example', '', 'Prep', 'Printing'],
    ]);
    const s = await importSurveyResponses(t.ctx(), file, run, none);
    expect(s).toMatchObject({ rowsIn: 45, created: 44 - 0 + 1, rejected: 0 });
    expect(s.notes).toContain(`${WIFI}: 3 not applicable, 1 blank (left out of its figures)`);
    expect(await counts('staff-2023')).toEqual([
      [1, 5],
      [2, 7],
      [3, 10],
      [4, 13],
      [5, 6],
      [null, 3],
    ]);
    // Google checkboxes: "Wi-Fi, in classrooms" is one option (longest match), not two.
    const multi = await queryRows<{ options: string[]; n: number }>(
      t.database().db,
      sql`SELECT a.options, count(*)::int AS n FROM surveys_answers a JOIN surveys_items i ON i.id = a.item_id
          WHERE i.source_header = 'Which services do you use?' GROUP BY 1 ORDER BY 2`,
    );
    expect(multi).toEqual([
      { options: ['WIFI_CLASS', 'PRINT'], n: 20 },
      { options: ['PRINT'], n: 23 },
    ]);
  });

  it("settles a linked Sheet's timestamps from the whole column, and refuses one that cannot say without a choice", async () => {
    // The same survey's Sheet opened with a US spreadsheet locale: 11/14/2023 10:00:00 can only be month first.
    const headers = ['Timestamp', 'Email address', WIFI, SCHOOL, 'Which services do you use?'];
    const labels = ['1 - Very unhappy', '2', '3', '4', '5 - Very happy'];
    const rows = [
      ['11/3/2023 9:05:00', 'us1@fixture.example', '4', 'Senior', 'Printing'],
      ['11/14/2023 10:00:00', 'us2@fixture.example', labels[4] as string, 'Prep', 'Printing'],
    ];
    const at = { ...run, dryRun: true, mapping: { instrument: 'staff-2023' } };
    const file = writeTestFile('staff-2023-us.csv', csvText(headers, rows, { bom: true }));
    const s = await importSurveyResponses(t.ctx(), file, at, none);
    expect(s).toMatchObject({ created: 2, rejected: 0 });
    expect(s.notes).toContain('Dates read as month/day/year (line 3: "11/14/2023 10:00:00" can only be read that way).');
    // Every timestamp reads either way (11/3 is 11 March or 3 November) and the mapping's en-GB
    // locale is only its default: refused, naming the file and how to choose.
    const vague = writeTestFile('staff-2023-vague.csv', csvText(headers, [rows[0] as string[]], { bom: true }));
    const refused = await importSurveyResponses(t.ctx(), vague, at, none).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportRejected);
    const problems = (refused as ImportRejected).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'staff-2023-vague.csv', line: 1 });
    expect(problems[0]?.message).toContain(
      'the date order cannot be settled from the file: its one date has a day and month of 12 or less',
    );
    expect(problems[0]?.message).toContain('`--date-order dmy`');
    expect(problems[0]?.message).toContain('`belfry settings set imports.dateOrder dmy`');
    // Chosen for this file: 11/3/2023 09:05 read month first is 3 November (GMT, so 09:05Z).
    const chosen = await importSurveyResponses(t.ctx(), vague, { ...at, dryRun: false, dateOrder: 'mdy' }, none);
    expect(chosen).toMatchObject({ created: 1, rejected: 0 });
    expect(chosen.notes).toContain('Dates read as month/day/year, as chosen for this file (no date in it settles the order).');
    const stored = await queryRows<{ at: string }>(
      t.database().db,
      sql`SELECT to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at FROM surveys_responses r
          JOIN surveys_instruments s ON s.id = r.instrument_id WHERE s.code = 'staff-2023'
          AND to_char(r.submitted_at AT TIME ZONE 'UTC', 'MM-DD HH24:MI') IN ('11-03 09:05', '03-11 09:05')`,
    );
    expect(stored).toEqual([{ at: '2023-11-03 09:05' }]);
    // The school's setting says the order once for every file: day first, 11 March.
    await setSetting(t.ctx(), [dateOrderSetting], 'imports.dateOrder', { text: 'dmy' });
    try {
      const school = await importSurveyResponses(t.ctx(), vague, at, none);
      expect(school.notes).toContain(
        "Dates read as day/month/year, the school's setting (imports.dateOrder): no date in the file settles the order.",
      );
    } finally {
      await setSetting(t.ctx(), [dateOrderSetting], 'imports.dateOrder', { text: 'ask' });
    }
  });

  it('reads a Windows-1252 Google Forms download with grid rows and offset timestamps', async () => {
    const ctx = t.ctx();
    const grid = ['Rate these [Wi-Fi]', 'Rate these [Printing]'];
    await saveManifest(ctx, 'staff-2024', {
      columns: [
        { header: WIFI, use: 'scale', scaleId: 'satisfied5', questionId: wifiQuestion, comparability: 'identical' },
        {
          header: 'Where do you use the Wi-Fi most?',
          use: 'choice',
          options: [
            { code: 'CLASS', label: 'Classroom' },
            { code: 'CAFE', label: 'Café' },
          ],
        },
        { header: grid[0] as string, use: 'scale', scaleId: 'good5' },
        { header: grid[1] as string, use: 'scale', scaleId: 'good5' },
        { header: 'Ideas for the £ IT budget?', use: 'text' },
      ],
    });
    const rows = wifiCodes(2024).map((code, i) => [
      i === 0 ? '2024/04/03 9:15:00 AM GMT+1' : formsDownloadTimestamp(wallClock(2024, 11, 12, 14, i), 0),
      `g${i}@fixture.example`,
      String(code),
      i % 4 === 0 ? 'Café' : 'Classroom',
      'Good',
      i % 2 ? 'Poor' : 'Very good',
      i === 1 ? 'Spend £ on the café access points' : '',
    ]);
    const text = csvText(
      ['Timestamp', 'Email Address', WIFI, 'Where do you use the Wi-Fi most?', ...grid, 'Ideas for the £ IT budget?'],
      rows,
    );
    const file = writeTestFile(
      'staff-2024.csv', // Windows-1252 and Latin-1 agree on £ (0xA3) and é (0xE9).
      Buffer.from(text, 'latin1'),
    );
    const s = await importSurveyResponses(ctx, file, { ...run, mapping: { instrument: 'staff-2024' } }, none);
    expect(s).toMatchObject({ rowsIn: 40, created: 40, rejected: 0 });
    expect(await counts('staff-2024')).toEqual([
      [1, 4],
      [2, 6],
      [3, 10],
      [4, 14],
      [5, 6],
    ]);
    expect(await counts('staff-2024', 'Rate these [Printing]')).toEqual([
      [2, 20],
      [5, 20],
    ]);
    const cafe = await queryRows<{ n: number }>(
      t.database().db,
      sql`SELECT count(*)::int AS n FROM surveys_answers WHERE options = '["CAFE"]'::jsonb`,
    );
    expect(cafe[0]?.n).toBe(10);
    const comment = await queryRows<{ body: string }>(
      t.database().db,
      sql`SELECT body FROM surveys_comments WHERE body LIKE 'Spend%'`,
    );
    expect(comment[0]?.body).toBe('Spend £ on the café access points');
    const first = await queryRows<{ at: Date }>(
      t.database().db,
      sql`SELECT min(submitted_at) AS at FROM surveys_responses r JOIN surveys_instruments s ON s.id = r.instrument_id WHERE s.code = 'staff-2024'`,
    );
    expect(new Date(first[0]?.at as Date).toISOString()).toBe('2024-04-03T08:15:00.000Z');
  });

  it('recognises localised Microsoft Forms headers and finds the survey by its columns and year', async () => {
    const arabic = ['المعرف', 'وقت البدء', 'وقت الانتهاء', 'البريد الإلكتروني', 'الاسم'];
    expect(sniffFormat([...arabic, WIFI])?.format).toBe('msforms');
    const file = await msFormsFile(2025, SATISFIED, { meta: arabic });
    const s = await importSurveyResponses(t.ctx(), file, run, none);
    expect(s.notes?.[0]).toContain('into the staff-2025 survey');
    expect(await counts('staff-2025')).toEqual([
      [1, 2],
      [2, 4],
      [3, 8],
      [4, 20],
      [5, 16],
    ]);
    expect(Object.values(WIFI_COUNTS).map((c) => c.reduce((a, b) => a + b, 0))).toEqual([38, 44, 41, 40, 50]);
  });

  it('refuses a file with a column the mapping does not account for, naming it; "ignore" lets it through', async () => {
    const ctx = t.ctx();
    await createInstrument(ctx, { audience: 'staff', year: 2020, source: 'msforms' });
    await saveManifest(ctx, 'staff-2020', { columns: msColumns() });
    const file = await msFormsFile(2021, SATISFIED, { extra: 'Favourite biscuit' });
    const err = await importSurveyResponses(ctx, file, { ...run, mapping: { instrument: 'staff-2020' } }, none).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems).toEqual([
      {
        file: 'staff-2021.xlsx',
        line: 1,
        field: 'Favourite biscuit',
        message:
          'the column "Favourite biscuit" is not in the import mapping of staff-2020: map it to a question or mark it ignore',
      },
    ]);
    expect(await counts('staff-2020')).toEqual([]);
    await saveManifest(ctx, 'staff-2020', { columns: [...msColumns(), { header: 'Favourite biscuit', use: 'ignore' }] });
    const ok = await importSurveyResponses(ctx, file, { ...run, mapping: { instrument: 'staff-2020' } }, none);
    expect(ok).toMatchObject({ created: 38, rejected: 0 });
  });

  it('refuses an unknown label with its line and column, and re-importing a file changes nothing', async () => {
    const ctx = t.ctx();
    const bad = await msFormsFile(2021, ['Very dissatisfied', 'Meh', 'Neutral', 'Satisfied', 'Very satisfied']);
    const err = await importSurveyResponses(ctx, bad, { ...run, mapping: { instrument: 'staff-2021' } }, none).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems[0]).toMatchObject({ file: 'staff-2021.xlsx', field: WIFI });
    expect(err.problems[0].message).toContain('"Meh" is not a point of the scale');
    const again = await importSurveyResponses(
      ctx,
      await msFormsFile(2021, SATISFIED),
      { ...run, mapping: { instrument: 'staff-2021' } },
      none,
    );
    expect(again).toMatchObject({ created: 0, unchanged: 38 });
    const provenance = await queryRows<{ file_sha256: string; rows_in: number; created: number; manifest_version: number }>(
      t.database().db,
      sql`SELECT i.file_sha256, i.rows_in, i.created, i.manifest_version FROM surveys_imports i
          JOIN surveys_instruments s ON s.id = i.instrument_id WHERE s.code = 'staff-2021' ORDER BY i.at, i.created DESC`,
    );
    expect(provenance.map((p) => [p.rows_in, p.created, p.manifest_version])).toEqual([
      [38, 38, 1],
      [38, 0, 1],
    ]);
    expect(provenance[0]?.file_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps no name or email address anywhere', async () => {
    const tables = [
      'surveys_responses',
      'surveys_answers',
      'surveys_comments',
      'surveys_imports',
      'surveys_items',
      'surveys_instruments',
    ];
    for (const table of tables) {
      const rows = await queryRows<{ n: number }>(
        t.database().db,
        sql.raw(
          `SELECT count(*)::int AS n FROM ${table} x WHERE x::text ILIKE '%fixture.example%' OR x::text LIKE '%Staff Member%'`,
        ),
      );
      expect(rows[0]?.n, table).toBe(0);
    }
    expect(MS_META).toContain('Email');
  });
});
