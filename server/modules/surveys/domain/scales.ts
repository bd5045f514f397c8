/**
 * The response scales, as data. A scale's `favourable` codes define "% favourable" (top-2-box on
 * five points, top-1 on the 3-point smiley scale: research §2.1). Labels are matched trimmed,
 * NFC-normalised and case-insensitively; `synonyms` cover how the same point was spelled in
 * earlier years' forms. Codes run 1..k from least to most favourable.
 */

/** `value`: the number the point stands for in a mean, when it is not its code (0-10 ratings). */
export type ScalePoint = { code: number; label: string; synonyms?: string[]; face?: string; value?: number };
export type Scale = {
  id: string;
  name: string;
  points: ScalePoint[];
  favourable: number[];
  unfavourable: number[];
  /** Rendered with faces (Years 3-4). */
  pictorial?: boolean;
  /** A 0-10 rating: also report the net score, % favourable minus % unfavourable (NPS-style). */
  netScore?: boolean;
};

/**
 * A 0-10 rating ("How likely are you to recommend ...?", Microsoft Forms' Net Promoter Score and
 * rating questions, Google Forms' linear scale 0-10): codes 1-11 stand for 0-10. Favourable is
 * 9-10 and unfavourable 0-6, as the Net Promoter Score counts promoters and detractors; 7-8 are
 * neither. So "% favourable" is the share of promoters, and the net score is promoters minus
 * detractors, in points from -100 to +100. The mean is of the 0-10 values.
 */
const RATE11: Scale = {
  id: 'rate11',
  name: 'Rating 0-10 (how likely to recommend)',
  points: Array.from({ length: 11 }, (_, v) => ({
    code: v + 1,
    value: v,
    label: String(v),
    synonyms:
      v === 0
        ? ['0 - Not at all likely', '0 (Not at all likely)', '0 = Not at all likely', 'Not at all likely']
        : v === 10
          ? ['10 - Extremely likely', '10 (Extremely likely)', '10 = Extremely likely', 'Extremely likely']
          : [],
  })),
  favourable: [10, 11],
  unfavourable: [1, 2, 3, 4, 5, 6, 7],
  netScore: true,
};

export const SCALES: readonly Scale[] = [
  {
    id: 'satisfied5',
    name: 'Satisfaction, 5 points',
    points: [
      { code: 1, label: 'Very dissatisfied' },
      { code: 2, label: 'Dissatisfied', synonyms: ['Fairly dissatisfied', 'Quite dissatisfied'] },
      { code: 3, label: 'Neither satisfied nor dissatisfied', synonyms: ['Neutral', 'Neither'] },
      { code: 4, label: 'Satisfied', synonyms: ['Fairly satisfied', 'Quite satisfied'] },
      { code: 5, label: 'Very satisfied' },
    ],
    favourable: [4, 5],
    unfavourable: [1, 2],
  },
  {
    id: 'agree5',
    name: 'Agreement, 5 points',
    points: [
      { code: 1, label: 'Strongly disagree' },
      { code: 2, label: 'Disagree' },
      { code: 3, label: 'Neither agree nor disagree', synonyms: ['Neutral', 'Not sure'] },
      { code: 4, label: 'Agree' },
      { code: 5, label: 'Strongly agree' },
    ],
    favourable: [4, 5],
    unfavourable: [1, 2],
  },
  {
    id: 'agree4',
    name: 'Agreement, 4 points (no midpoint)',
    points: [
      { code: 1, label: 'Strongly disagree' },
      { code: 2, label: 'Disagree' },
      { code: 3, label: 'Agree' },
      { code: 4, label: 'Strongly agree' },
    ],
    favourable: [3, 4],
    unfavourable: [1, 2],
  },
  {
    id: 'often5',
    name: 'How often, 5 words (pupils from Year 5)',
    points: [
      { code: 1, label: 'Never' },
      { code: 2, label: 'Hardly ever', synonyms: ['Rarely'] },
      { code: 3, label: 'Sometimes' },
      { code: 4, label: 'Most of the time', synonyms: ['Often', 'Usually'] },
      { code: 5, label: 'Always' },
    ],
    favourable: [4, 5],
    unfavourable: [1, 2],
  },
  {
    id: 'smiley3',
    name: 'Smiley faces, 3 points (Years 3-4)',
    points: [
      { code: 1, label: 'Not really', face: '🙁', synonyms: ['No', 'Sad'] },
      { code: 2, label: 'Sometimes', face: '😐', synonyms: ['A bit', 'OK'] },
      { code: 3, label: 'Yes, mostly', face: '😀', synonyms: ['Yes', 'Happy'] },
    ],
    favourable: [3],
    unfavourable: [1],
    pictorial: true,
  },
  {
    id: 'good5',
    name: 'Quality, 5 points',
    points: [
      { code: 1, label: 'Very poor' },
      { code: 2, label: 'Poor' },
      { code: 3, label: 'Fair', synonyms: ['OK', 'Average'] },
      { code: 4, label: 'Good' },
      { code: 5, label: 'Very good', synonyms: ['Excellent'] },
    ],
    favourable: [4, 5],
    unfavourable: [1, 2],
  },
  // Last: where a column's answers fit a five-point scale as well, the five-point scale is guessed.
  RATE11,
];

/** Answers that are not an opinion: excluded from every denominator (research §2.1). */
export const NON_SUBSTANTIVE = [
  "I don't use this",
  'I do not use this',
  'Not applicable',
  'N/A',
  'NA',
  "Don't know",
  'Do not know',
  'Prefer not to say',
];

export const NOT_USED_LABEL = "I don't use this";

export const normaliseLabel = (s: string): string =>
  s
    .normalize('NFC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

const NA_SET = new Set(NON_SUBSTANTIVE.map(normaliseLabel));
export const isNonSubstantive = (label: string): boolean => NA_SET.has(normaliseLabel(label));

export function getScale(id: string): Scale {
  const s = SCALES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown scale ${id}`);
  return s;
}

export const findScale = (id: string | null | undefined): Scale | undefined => SCALES.find((x) => x.id === id);

export type LabelValue = { code: number } | { na: true };

/**
 * A cell's text to a scale code: the manifest's own label map first, then the scale's labels and
 * synonyms, then a bare number in range; non-substantive words become `{ na: true }`.
 */
export function matchScaleLabel(
  scale: Scale,
  text: string,
  overrides: Record<string, number | 'na'> = {},
): LabelValue | undefined {
  const t = normaliseLabel(text);
  for (const [label, v] of Object.entries(overrides)) {
    if (normaliseLabel(label) === t) return v === 'na' ? { na: true } : { code: v };
  }
  for (const p of scale.points) {
    if (normaliseLabel(p.label) === t || (p.synonyms ?? []).some((s) => normaliseLabel(s) === t)) return { code: p.code };
  }
  // A bare number is a code, except on a scale whose points stand for other numbers (0-10: "10" is code 11).
  if (/^\d+$/.test(t) && !scale.points.some((p) => p.value !== undefined)) {
    const n = Number(t);
    if (scale.points.some((p) => p.code === n)) return { code: n };
  }
  if (isNonSubstantive(text)) return { na: true };
  return undefined;
}

/** The number a code stands for in a mean: its value when the scale gives one (0-10), else the code. */
export const pointValue = (scale: Scale, code: number): number => scale.points[code - 1]?.value ?? code;

/** Reverse-scores a code for a negatively worded question (polarity -1). */
export const orient = (scale: Scale, code: number, polarity: number): number =>
  polarity < 0 ? scale.points.length + 1 - code : code;
