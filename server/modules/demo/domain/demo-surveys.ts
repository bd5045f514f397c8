import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../../../lib/context.ts';
import { type Rng, seededRng } from '../../../lib/random.ts';
import { localParts } from '../../../lib/zoned-time.ts';
import { setSetting } from '../../settings/index.ts';
import {
  audienceAddressesSetting,
  changeInstrument,
  countEligible,
  createInstrument,
  createQuestion,
  csvText,
  decideComment,
  draftComms,
  formsDownloadTimestamp,
  keyStaffSetting,
  listCommentsToReview,
  type ManifestColumnInput,
  msFormsWorkbook,
  SURVEY_SETTINGS,
  safeguardingReviewersSetting,
  saveManifest,
  setInstrumentItems,
  sheetTimestampGb,
  submitResponse,
  surveysModule,
  wallClock,
} from '../../surveys/index.ts';
import {
  type AskedQuestion,
  askedQuestions,
  COMMENT_THEMES,
  COMMENTS,
  DEMO_QUESTIONS,
  type DemoAudience,
  FAVOURABLE,
  FORMATS,
  RESPONDENTS,
  SEGMENT_HEADER,
  SEGMENT_LABELS,
} from './demo-survey-plan.ts';

/**
 * Five years of Oakfield's three surveys as the export files Microsoft Forms and Google Forms
 * write, loaded through the real importer with a saved mapping each, and this year's surveys run
 * in Belfry: open for a week, answers arriving through the same submit path as the response page.
 * Wi-Fi satisfaction rises after last summer's refresh; Year 8 are away, so only 7 have answered.
 */

const AUDIENCES: DemoAudience[] = ['staff', 'senior', 'prep'];
const COMMENT_HEADER = 'Is there anything else you would like to tell IT Services?';
const PRIZE_DRAW = 'Would you like to be entered into the prize draw?';

/** A code on a scale of `k` points with probability `fav` of a favourable answer. */
function answerCode(rng: Rng, k: number, fav: number): number {
  const r = rng.next();
  if (k === 3) return r < fav ? 3 : r < fav + (1 - fav) * 0.6 ? 2 : 1;
  if (r < fav * 0.38) return 5;
  if (r < fav) return 4;
  const u = (r - fav) / (1 - fav);
  return u < 0.45 ? 3 : u < 0.8 ? 2 : 1;
}

function allocate(n: number, shares: { code: string; share: number }[], fixed: Record<string, number> = {}): string[] {
  const free = n - Object.values(fixed).reduce((a, b) => a + b, 0);
  const open = shares.filter((s) => fixed[s.code] === undefined);
  const total = open.reduce((a, s) => a + s.share, 0);
  const out: string[] = [];
  for (const s of shares) {
    const k = fixed[s.code] ?? Math.round((free * s.share) / total);
    for (let i = 0; i < k; i++) out.push(s.code);
  }
  while (out.length < n) out.push((open[0] ?? shares[0])?.code ?? '');
  return out.slice(0, n);
}

type Respondent = { segment: string; codes: (number | null)[]; comment: string | null };

function respondents(
  rng: Rng,
  audience: DemoAudience,
  y: number,
  asked: AskedQuestion[],
  fixed?: Record<string, number>,
): Respondent[] {
  const segments = allocate(RESPONDENTS[audience][y] as number, SEGMENT_LABELS[audience], fixed);
  return segments.map((segment) => ({
    segment,
    codes: asked.map((q) =>
      q.allowNotUsed && rng.chance(0.06) ? null : answerCode(rng, q.labels.length, FAVOURABLE[audience][q.code]?.[y] ?? 0.6),
    ),
    comment: rng.chance(0.03) ? rng.pick(COMMENTS[audience]) : null,
  }));
}

async function writeHistoryFile(dir: string, audience: DemoAudience, year: number, y: number, rng: Rng, asked: AskedQuestion[]) {
  const format = FORMATS[audience][y] as (typeof FORMATS)['staff'][number];
  const people = respondents(rng, audience, y, asked);
  const labelOf = (code: string) => SEGMENT_LABELS[audience].find((s) => s.code === code)?.label ?? code;
  const prize = audience === 'staff' && y === 2;
  const questionHeaders = [
    SEGMENT_HEADER[audience],
    ...asked.map((q) => q.header),
    COMMENT_HEADER,
    ...(prize ? [PRIZE_DRAW] : []),
  ];
  const answers = (p: Respondent) => [
    labelOf(p.segment),
    ...asked.map((q, i) => {
      const c = p.codes[i];
      return c === null || c === undefined ? "I don't use this" : (q.labels[c - 1] as string);
    }),
    p.comment ?? '',
    ...(prize ? [rng.chance(0.5) ? 'Yes' : 'No'] : []),
  ];
  const when = (i: number) => wallClock(year, 11, 9 + (i % 10), 8 + (i % 8), (i * 7) % 60, (i * 13) % 60);
  const name = `${audience}-${year}`;
  if (format === 'msforms') {
    const headers = ['ID', 'Start time', 'Completion time', 'Email', 'Name', ...questionHeaders];
    const rows = people.map((p, i) => {
      const done = when(i);
      return [i + 1, new Date(done.getTime() - 240_000), done, 'anonymous', '', ...answers(p)];
    });
    const file = path.join(dir, `${name}.xlsx`);
    await writeFile(file, await msFormsWorkbook(headers, rows));
    return file;
  }
  const staffEmail = audience === 'staff' && format === 'google-sheet';
  const headers = ['Timestamp', ...(staffEmail ? ['Email address'] : []), ...questionHeaders];
  const rows = people.map((p, i) => [
    format === 'google-sheet' ? sheetTimestampGb(when(i)) : formsDownloadTimestamp(when(i), 0),
    ...(staffEmail ? [`respondent${i}@oakfield.example`] : []),
    ...answers(p),
  ]);
  const file = path.join(dir, `${name}.csv`);
  await writeFile(file, csvText(headers, rows, { bom: format === 'google-download' }));
  return file;
}

function manifestFor(
  audience: DemoAudience,
  y: number,
  asked: AskedQuestion[],
  questionIds: Map<string, string>,
): ManifestColumnInput[] {
  const segmentLabels = Object.fromEntries(SEGMENT_LABELS[audience].map((s) => [s.label, s.code]));
  return [
    { header: SEGMENT_HEADER[audience], use: 'segment', labels: segmentLabels },
    ...asked.map(
      (q): ManifestColumnInput => ({
        header: q.header,
        wording: q.wording,
        use: 'scale',
        scaleId: q.scaleId,
        allowNotUsed: q.allowNotUsed ?? false,
        questionId: questionIds.get(q.code),
        comparability: q.comparability,
        notes: q.comparability === 'not_comparable' ? 'Widened from laptops to laptops and iPads: a new series' : undefined,
      }),
    ),
    { header: COMMENT_HEADER, use: 'text' },
    ...(audience === 'staff' && y === 2 ? [{ header: PRIZE_DRAW, use: 'ignore' as const }] : []),
  ];
}

export async function loadDemoSurveys(ctx: Ctx, options: { seed: number; emailOf: (key: string) => string }): Promise<void> {
  const rng = seededRng((options.seed ^ 0x5eed) >>> 0);
  const set = (key: string, value: unknown) => setSetting(ctx, SURVEY_SETTINGS, key, { value });
  await set(safeguardingReviewersSetting.key, [options.emailOf('pastoral'), options.emailOf('head')]);
  await set(keyStaffSetting.key, ['head', 'deputy', 'pastoral', 'prephead', 'prepit', 'edtech'].map(options.emailOf));
  await set(audienceAddressesSetting.key, {
    staff: 'allstaff@oakfield.example',
    senior: 'senior-tutors@oakfield.example',
    prep: 'prep-teachers@oakfield.example',
  });
  const questionIds = new Map<string, string>();
  for (const q of DEMO_QUESTIONS) questionIds.set(q.code, (await createQuestion(ctx, { ...q, polarity: 1 })).id);
  const now = ctx.clock.now();
  const thisYear = localParts(now, ctx.config.timeZone).year;
  const importer = surveysModule.importers?.[0];
  if (!importer) throw new Error('demo: the survey importer is missing');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'belfry-demo-surveys-'));
  try {
    for (const audience of AUDIENCES) {
      const eligibleNow = await countEligible(ctx, audience);
      for (let y = 0; y < 5; y++) {
        const year = thisYear - 5 + y;
        const ms = FORMATS[audience][y] === 'msforms';
        const factor = 0.93 + 0.014 * y;
        const code = `${audience}-${year}`;
        await createInstrument(ctx, {
          audience,
          year,
          source: ms ? 'msforms' : 'google',
          eligible: {
            total: Math.round(eligibleNow.total * factor),
            segments: Object.fromEntries(Object.entries(eligibleNow.segments).map(([k, v]) => [k, Math.round(v * factor)])),
          },
        });
        const asked = askedQuestions(audience, y, ms);
        await saveManifest(ctx, code, {
          locale: 'en-GB',
          timezone: 'Europe/London',
          columns: manifestFor(audience, y, asked, questionIds),
        });
        const file = await writeHistoryFile(dir, audience, year, y, rng, asked);
        await importer.run(
          ctx,
          file,
          { dryRun: false, skipInvalid: false, fileName: path.basename(file), mapping: { instrument: code } },
          () => {},
        );
      }
      await runThisYear(ctx, audience, thisYear, rng, questionIds);
    }
    // Earlier years' comments were reviewed and themed; this year's pupils' comments await the DSL.
    for (const c of (await listCommentsToReview(ctx)).comments) {
      if (c.survey.endsWith(String(thisYear)) && c.review === 'pending') continue;
      const theme = COMMENT_THEMES[c.body] ?? 'Other';
      await decideComment(ctx, c.id, { decision: c.review === 'pending' ? 'cleared' : 'themed', theme });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runThisYear(ctx: Ctx, audience: DemoAudience, year: number, rng: Rng, questionIds: Map<string, string>) {
  const now = ctx.clock.now().getTime();
  const asked = askedQuestions(audience, 5, false);
  const inst = await createInstrument(ctx, { audience, year });
  const built = await setInstrumentItems(ctx, inst.id, {
    items: [
      ...asked.map((q) => ({
        kind: 'scale' as const,
        wording: q.header,
        scaleId: q.scaleId,
        allowNotUsed: q.allowNotUsed ?? false,
        questionId: questionIds.get(q.code),
        comparability: q.comparability,
      })),
      { kind: 'text' as const, wording: COMMENT_HEADER },
    ],
  });
  const opened = await changeInstrument(ctx, inst.id, {
    opensAt: new Date(now - 7 * 86400000).toISOString(),
    closesAt: new Date(now + 14 * 86400000).toISOString(),
    published: true,
  });
  await draftComms(ctx, inst.id);
  const people = respondents(rng, audience, 5, asked, audience === 'prep' ? { Y8: 7 } : {});
  const smiley = new Set(opened.smileyYears.map((yr) => `Y${yr}`));
  const token = opened.shareToken ?? '';
  // Sent all at once, as a year group answering in a lesson does: the shared link's queue stores
  // them a few hundred to a transaction, and the survey and its questions are read once for all.
  const submissions = people.map((p) => {
    const young = smiley.has(p.segment);
    return submitResponse(ctx, token, {
      key: randomUUID(),
      segment: p.segment,
      answers: [
        ...asked.map((_q, i) => {
          const c = p.codes[i];
          const itemId = built.items[i]?.id as string;
          if (c === null || c === undefined) return { itemId, notUsed: true as const };
          // Years 3-4 answer on the smiley faces: favourable stays favourable.
          const code = young ? (c >= 4 ? 3 : c === 3 ? 2 : 1) : c;
          return { itemId, code };
        }),
        ...(p.comment ? [{ itemId: built.items[asked.length]?.id as string, text: p.comment }] : []),
      ],
    });
  });
  await Promise.all(submissions);
}
