import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../lib/context.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { setSetting } from '../../settings/index.ts';
import { setInstrumentItems } from './builder.ts';
import { submitResponse } from './collect.ts';
import { decideComment, listCommentsToReview, listCommentThemes } from './comments.ts';
import { draftComms, sendDueMessages } from './comms.ts';
import { resultsCsv, summaryDocx } from './exports.ts';
import { importSurveyResponses } from './import-responses.ts';
import { changeInstrument, createInstrument } from './instruments.ts';
import { saveManifest } from './manifest.ts';
import { createQuestion } from './question-bank.ts';
import { buildResults } from './results.ts';
import { summarise } from './summary.ts';
import { SURVEY_SETTINGS } from './survey-settings.ts';
import { COMMENTS, LIKERT, msFormsFile, SATISFIED, SCHOOL, SERVICES, WIFI } from './test-fixtures.ts';

const run = { dryRun: false, skipInvalid: false };
const none = () => {};
const user = (
  role: Actor extends infer A ? (A extends { kind: 'user'; role: infer R } ? R : never) : never,
  email: string,
): Actor => ({
  kind: 'user',
  id: randomUUID(),
  email,
  name: email,
  role,
});

describeEachDatabase('survey results, summary, comments and comms', (t) => {
  let prepToken = '';
  let prepItems: { id: string }[] = [];
  beforeAll(async () => {
    const ctx = t.ctx();
    const q = await createQuestion(ctx, {
      code: 'WIFI_SATISFACTION',
      construct: 'Wi-Fi',
      wording: 'Overall, how satisfied are you with the school Wi-Fi?',
      scaleId: 'satisfied5',
      audiences: ['staff', 'prep'],
    });
    const denominators: Record<number, number> = { 2021: 60, 2022: 60, 2023: 62, 2024: 61, 2025: 64 };
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      await createInstrument(ctx, {
        audience: 'staff',
        year,
        source: 'msforms',
        eligible: { total: denominators[year] as number, segments: {} },
      });
      await saveManifest(ctx, `staff-${year}`, {
        columns: [
          { header: WIFI, use: 'scale', scaleId: 'satisfied5', questionId: q.id, comparability: 'identical' },
          { header: SCHOOL, use: 'ignore' },
          { header: SERVICES, use: 'ignore' },
          { header: LIKERT, use: 'ignore' },
          { header: COMMENTS, use: 'ignore' },
        ],
      });
      await importSurveyResponses(
        ctx,
        await msFormsFile(year, SATISFIED),
        { ...run, mapping: { instrument: `staff-${year}` } },
        none,
      );
    }
    // This year's prep survey in Belfry: Year 3 has only 4 respondents so far.
    const prep = await createInstrument(ctx, { audience: 'prep', year: 2026 });
    prepToken = prep.shareToken ?? '';
    prepItems = (
      await setInstrumentItems(ctx, prep.id, {
        items: [
          {
            kind: 'scale',
            wording: 'Does the Wi-Fi work when you need it?',
            scaleId: 'often5',
            questionId: q.id,
            comparability: 'minor_wording',
          },
          { kind: 'text', wording: 'Anything else?' },
        ],
      })
    ).items;
    await changeInstrument(ctx, prep.id, { opensAt: '2026-11-09T08:00:00Z', closesAt: '2026-11-27T16:00:00Z', published: true });
    const answer = (segment: string, code: number, text?: string) =>
      submitResponse(ctx, prepToken, {
        key: randomUUID(),
        segment,
        answers: [{ itemId: prepItems[0]?.id as string, code }, ...(text ? [{ itemId: prepItems[1]?.id as string, text }] : [])],
      });
    for (let i = 0; i < 4; i++) await answer('Y3', 3);
    for (let i = 0; i < 30; i++) await answer('Y5', i % 5 === 0 ? 2 : 4, i < 6 ? 'The Wi-Fi in the hall drops' : undefined);
    for (let i = 0; i < 30; i++) await answer('Y6', i % 3 === 0 ? 3 : 5);
  });

  it('reproduces the hand-computed figures, response rates and the one flag from imported files', async () => {
    const r = await buildResults(t.ctx());
    const staff = r.questions[0]?.audiences.find((a) => a.audience === 'staff')?.series;
    expect(staff?.years.map((y) => y.total.n)).toEqual([38, 44, 41, 40, 50]);
    expect(staff?.years.map((y) => Number(y.total.mean?.value.toFixed(4)))).toEqual([3.2895, 3.3636, 3.1951, 3.3, 3.88]);
    expect(staff?.years.map((y) => Number(y.total.favourable?.pct.toFixed(4)))).toEqual([0.4737, 0.5, 0.4634, 0.5, 0.72]);
    expect(r.responseRates.filter((x) => x.audience === 'staff').map((x) => Number(((x.rate ?? 0) * 100).toFixed(1)))).toEqual([
      63.3, 73.3, 66.1, 65.6, 78.1,
    ]);
    expect(staff?.years.map((y) => y.change?.flag ?? null)).toEqual([
      null,
      'no clear change',
      'no clear change',
      'no clear change',
      'improved',
    ]);
  });

  it('lists exactly the flagged change in the SLT summary, the same every time', async () => {
    const a = summarise(await buildResults(t.ctx()));
    const b = summarise(await buildResults(t.ctx()));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.changes.map((c) => [c.questionCode, c.audience, c.flag, Number(c.delta.toFixed(2)), c.after.n])).toEqual([
      ['WIFI_SATISFACTION', 'staff', 'improved', 0.22, 50],
    ]);
    expect(a.changes[0]?.interval.lower).toBeCloseTo(0.0186, 4);
  });

  it('never lets a group of 4 out, in the API view or the CSV export', async () => {
    const r = await buildResults(t.ctx());
    const prep = r.questions[0]?.audiences.find((a) => a.audience === 'prep')?.series.years[0];
    expect(prep?.total).toMatchObject({ n: 64, mixedScales: true, mean: null, distribution: null });
    const y3 = prep?.segments.find((s) => s.segment === 'Y3');
    expect(y3).toMatchObject({
      suppressed: true,
      n: null,
      favourable: null,
      respondents: null,
      suppressedReason: 'fewer than 10 responses',
    });
    const shown = prep?.segments.filter((s) => !s.suppressed) ?? [];
    expect(shown.length).toBe(1);
    const csv = resultsCsv(r).split('\r\n');
    const y3Row = csv.find((l) => l.startsWith('WIFI_SATISFACTION,Wi-Fi,prep,2026,Year 3,')) ?? '';
    expect(y3Row).toContain('fewer than 10 responses');
    const cells = y3Row.split(',');
    // n, respondents, response rate, % favourable and its interval, mean and its interval: all empty.
    expect([9, 10, 12, 13, 14, 15, 16, 17, 18].map((i) => cells[i]).join('')).toBe('');
    // Subtracting the shown group from the total gives the two hidden groups together, never Year 3.
    const rate = r.responseRates.find((x) => x.audience === 'prep');
    const hidden = (rate?.respondents ?? 0) - (rate?.segments.reduce((s, g) => s + (g.respondents ?? 0), 0) ?? 0);
    expect(hidden).toBe(34);
  });

  it("sends pupils' comments to the safeguarding reviewer first; themes under 5 are not counted out", async () => {
    const ctx = t.ctx();
    const head = user('slt', 'dsl@test.example');
    await expect(listCommentsToReview(t.ctx(head))).rejects.toThrow('Only the safeguarding reviewers');
    await setSetting(ctx, SURVEY_SETTINGS, 'surveys.safeguardingReviewers', { value: ['dsl@test.example'] });
    const pending = await listCommentsToReview(t.ctx(head));
    expect(pending.comments.map((c) => c.body)).toEqual(Array(6).fill('The Wi-Fi in the hall drops'));
    for (const [i, c] of pending.comments.entries())
      await decideComment(t.ctx(head), c.id, { decision: i === 0 ? 'escalated' : 'cleared', theme: 'Wi-Fi in the hall' });
    expect((await listCommentsToReview(t.ctx(head))).comments).toEqual([]);
    expect((await listCommentThemes(ctx)).themes).toMatchObject([{ theme: 'Wi-Fi in the hall', count: 5 }]);
  });

  it('plans the comms in school days, moves them with the launch and sends each email once', async () => {
    const ctx = { ...t.ctx(undefined, '2026-11-01T09:00:00Z'), mail: captureMailer() };
    await setSetting(ctx, SURVEY_SETTINGS, 'surveys.keyStaff', { value: ['head@test.example'] });
    await setSetting(ctx, SURVEY_SETTINGS, 'surveys.audienceAddresses', { value: { staff: 'allstaff@test.example' } });
    const s = await createInstrument(ctx, { audience: 'staff', year: 2027 });
    await setInstrumentItems(ctx, s.id, { items: [{ kind: 'scale', wording: 'Wi-Fi?', scaleId: 'satisfied5' }] });
    // Opens Monday 16 November 2026; no term dates here, so weekdays are school days.
    await changeInstrument(ctx, s.id, { opensAt: '2026-11-16T08:00:00Z', closesAt: '2026-11-27T16:00:00Z', published: true });
    const first = await draftComms(ctx, s.id);
    expect(first.plan.map((p) => [p.kind, p.dueOn])).toEqual([
      ['briefing', '2026-11-09'],
      ['announcement', '2026-11-16'],
      ['reminder-1', '2026-11-21'],
      ['reminder-2', '2026-11-25'],
      ['close', '2026-11-27'],
      ['results', '2026-12-11'],
      ['publish', '2026-12-25'],
    ]);
    await changeInstrument(ctx, s.id, { opensAt: '2026-11-23T08:00:00Z', closesAt: '2026-12-04T16:00:00Z' });
    const moved = await draftComms(ctx, s.id);
    expect(moved.plan.find((p) => p.kind === 'briefing')?.dueOn).toBe('2026-11-16');
    expect(moved.messages.map((m) => m.kind).sort()).toEqual(['announcement', 'briefing', 'reminder-1', 'reminder-2']);
    const at = (iso: string) => ({ ...ctx, clock: { now: () => new Date(iso) } });
    expect(await sendDueMessages(at('2026-11-16T10:00:00Z'))).toBe(1);
    expect(await sendDueMessages(at('2026-11-16T11:00:00Z'))).toBe(0);
    expect(ctx.mail.sent.map((m) => [m.to, m.subject])).toEqual([
      [['head@test.example'], 'Briefing: the Staff: IT survey 2027 opens on Monday 23 November'],
    ]);
    expect(await sendDueMessages(at('2026-11-23T10:00:00Z'))).toBe(1);
    expect(ctx.mail.sent[1]?.to).toEqual(['allstaff@test.example']);
    // The first reminder (28 November) is not sent days late, and nothing goes without a mail relay.
    expect(await sendDueMessages(at('2026-12-02T10:00:00Z'))).toBe(1);
    expect(ctx.mail.sent[2]?.subject).toContain('Reminder');
    expect(ctx.mail.sent[2]?.subject).toBe('Reminder: the Staff: IT survey 2027 closes on Friday 4 December');
    expect(ctx.mail.sent).toHaveLength(3);
    expect(await sendDueMessages({ ...at('2026-12-02T10:00:00Z'), mail: { ...ctx.mail, isConfigured: false } })).toBe(0);
  });

  it('writes the SLT summary as a Word document with the trend chart (SVG, PNG fallback)', async () => {
    const r = await buildResults(t.ctx());
    const zip = await JSZip.loadAsync(await summaryDocx(summarise(r), r, 'Test School'));
    const doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(doc).toContain('Wi-Fi, Staff: improved');
    expect(doc).toContain('n = 50');
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media.some((f) => f.endsWith('.svg'))).toBe(true);
    expect(media.some((f) => f.endsWith('.png'))).toBe(true);
    const svg = (await zip.file(media.find((f) => f.endsWith('.svg')) as string)?.async('string')) ?? '';
    expect(svg).toContain('<svg');
  });

  it('will not let the reporting threshold go below 5', async () => {
    await expect(setSetting(t.ctx(), SURVEY_SETTINGS, 'surveys.groupThreshold', { value: 4 })).rejects.toThrow();
    await setSetting(t.ctx(), SURVEY_SETTINGS, 'surveys.groupThreshold', { value: 5 });
    const r = await buildResults(t.ctx());
    // With a threshold of 5 the prep Year 3 group of 4 is still hidden.
    const prep = r.questions[0]?.audiences.find((a) => a.audience === 'prep')?.series.years[0];
    expect(prep?.segments.find((s) => s.segment === 'Y3')?.suppressed).toBe(true);
    await setSetting(t.ctx(), SURVEY_SETTINGS, 'surveys.groupThreshold', { value: 10 });
  });
});
