import { expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { signInAs, testApp } from '../../../lib/test-http.ts';
import { csvText, sheetTimestampGb, wallClock } from '../import/write-export.ts';

/**
 * Issue 13 item 11, end to end over HTTP: a Google Forms export with a 0-10 "how likely are you
 * to recommend" question (a linear scale 0-10: the file holds the bare numbers) is previewed, the
 * wizard suggests the 0-10 rating scale, the mapping is saved, the file is imported as a job, and
 * the results give 9-10 as favourable, 0-6 as unfavourable and the net score. Figures by hand.
 */

const RECOMMEND = 'How likely are you to recommend the IT help desk to a colleague?';
const SCHOOL = 'Which school do you mostly work in?';
const BOUNDARY = 'belfry-rating-boundary';
const HEADERS = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const multipart = (name: string, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`;

// 24 answers: 0, 2, 4, 5 ×2, 6 ×2 (7 detractors); 7 ×3, 8 ×4 (7 passives); 9 ×5, 10 ×5 (10 promoters).
const ANSWERS = [0, 2, 4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9, 9, 10, 10, 10, 10, 10];

describeEachDatabase('a 0-10 rating question imported from an export', (t) => {
  it('is suggested as the 0-10 scale, imported, and reported with 9-10 favourable and the net score', async () => {
    const app = await testApp(t.database(), fixedClock('2026-11-16T09:00:00Z'));
    const admin = await signInAs(app, t.database(), 'admin');
    const question = await admin.request({
      method: 'POST',
      url: '/api/surveys/questions',
      payload: {
        code: 'HELPDESK_RECOMMEND',
        construct: 'Help desk',
        wording: 'How likely are you to recommend the IT help desk to a colleague?',
        scaleId: 'rate11',
        audiences: ['staff'],
      },
    });
    expect(question.statusCode).toBe(201);
    const created = await admin.request({
      method: 'POST',
      url: '/api/surveys/instruments',
      payload: { audience: 'staff', year: 2026, source: 'google', eligible: { total: 40, segments: {} } },
    });
    expect(created.statusCode).toBe(201);
    const code = (created.json() as { code: string }).code;

    const rows = ANSWERS.map((v, i) => [
      sheetTimestampGb(wallClock(2026, 11, 10 + (i % 4), 9, i, i)),
      // Bare numbers, and an end point as some exports write it with its label.
      v === 10 && i % 2 === 0 ? '10 - Extremely likely' : String(v),
      i % 2 ? 'Prep school' : 'Senior school',
    ]);
    const csv = csvText(['Timestamp', RECOMMEND, SCHOOL], rows, { bom: true });

    const preview = await admin.request({
      method: 'POST',
      url: `/api/surveys/import/preview?instrument=${code}`,
      headers: HEADERS,
      payload: multipart('staff-2026.csv', csv),
    });
    expect(preview.statusCode).toBe(200);
    const columns = (preview.json() as { columns: { header: string; suggested: Record<string, unknown> }[] }).columns;
    const rating = columns.find((c) => c.header === RECOMMEND);
    // The wizard's guess: the 0-10 scale, on the question asked before with the same words.
    expect(rating?.suggested).toMatchObject({
      use: 'scale',
      scaleId: 'rate11',
      questionId: (question.json() as { id: string }).id,
      comparability: 'identical',
    });

    const saved = await admin.request({
      method: 'PUT',
      url: `/api/surveys/instruments/${code}/manifest`,
      payload: { columns: columns.map((c) => c.suggested) },
    });
    expect(saved.statusCode).toBe(200);

    const upload = await admin.request({
      method: 'POST',
      url: `/api/imports/survey-responses?mapping=${encodeURIComponent(JSON.stringify({ instrument: code }))}`,
      headers: HEADERS,
      payload: multipart('staff-2026.csv', csv),
    });
    expect(upload.statusCode).toBe(202);
    const id = (upload.json() as { job: { id: string } }).job.id;
    let job: { status: string; result: { created: number; rejected: number } | null; error?: string } = {
      status: 'running',
      result: null,
    };
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await admin.request({ method: 'GET', url: `/api/jobs/${id}` })).json();
    }
    expect([job.status, job.result?.created, job.result?.rejected]).toEqual(['succeeded', 24, 0]);

    const results = (await admin.request({ method: 'GET', url: '/api/surveys/results' })).json() as {
      questions: {
        question: { code: string };
        scaleName: string;
        audiences: {
          audience: string;
          series: {
            years: {
              year: number;
              total: {
                n: number;
                favourable: { count: number; pct: number } | null;
                netScore: number | null;
                mean: { value: number } | null;
              };
            }[];
          };
        }[];
      }[];
    };
    const q = results.questions.find((x) => x.question.code === 'HELPDESK_RECOMMEND');
    expect(q?.scaleName).toBe('Rating 0-10 (how likely to recommend)');
    const year = q?.audiences.find((a) => a.audience === 'staff')?.series.years.find((y) => y.year === 2026);
    expect(year?.total.n).toBe(24);
    // % favourable: 10 promoters (9 or 10) of 24 = 41.67%; unfavourable 7 of 24 = 29.17%; net +12.5.
    expect(year?.total.favourable?.count).toBe(10);
    expect(year?.total.favourable?.pct).toBeCloseTo(10 / 24, 10);
    expect(year?.total.netScore).toBeCloseTo(12.5, 6);
    // Mean of the 0-10 values: (0 + 2 + 4 + 10 + 12 + 21 + 32 + 45 + 50) / 24 = 176 / 24.
    expect(year?.total.mean?.value).toBeCloseTo(176 / 24, 10);
    await app.close();
  });
});
