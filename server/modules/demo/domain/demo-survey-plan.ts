/**
 * Oakfield's IT perception survey, as the Director ran it: the canonical questions, what each
 * audience was asked each year (the wording as asked, the answer labels the form used) and how
 * favourable the answers were. Six years: five of history from Microsoft Forms and Google Forms
 * exports, and this year's, run in Belfry, after last summer's Wi-Fi refresh.
 *
 * Along the way: in year 3 of the history the staff devices question was widened from laptops to
 * "laptop or iPad" (not comparable: a new series), and in year 4 the prep survey moved from the
 * three-point "Yes, mostly / Sometimes / Not really" scale to five words (scale changed).
 */

export type DemoAudience = 'staff' | 'senior' | 'prep';

export type DemoQuestion = {
  code: string;
  construct: string;
  wording: string;
  scaleId: string;
  audiences: DemoAudience[];
};

export const DEMO_QUESTIONS: DemoQuestion[] = [
  {
    code: 'WIFI_SATISFACTION',
    construct: 'Wi-Fi',
    wording: 'How satisfied are you with the Wi-Fi in school?',
    scaleId: 'satisfied5',
    audiences: ['staff', 'senior', 'prep'],
  },
  {
    code: 'DEVICE_RELIABILITY',
    construct: 'Devices',
    wording: 'My school device works when I need it.',
    scaleId: 'agree5',
    audiences: ['staff', 'senior', 'prep'],
  },
  {
    code: 'IT_SUPPORT',
    construct: 'IT support',
    wording: 'How satisfied are you with the help you get from IT Services?',
    scaleId: 'satisfied5',
    audiences: ['staff', 'senior'],
  },
  {
    code: 'PRINTING',
    construct: 'Printing',
    wording: 'Printing works when I need it.',
    scaleId: 'agree5',
    audiences: ['staff', 'senior'],
  },
  {
    code: 'SIGN_IN',
    construct: 'Signing in',
    wording: 'I can sign in to the systems I need without trouble.',
    scaleId: 'agree5',
    audiences: ['staff', 'senior'],
  },
  {
    code: 'ONLINE_SAFETY',
    construct: 'Online safety',
    wording: 'I know who to tell if something online worries me.',
    scaleId: 'agree5',
    audiences: ['senior', 'prep'],
  },
];

/** One question as asked in one year's form. */
export type AskedQuestion = {
  code: string;
  header: string;
  /** The question as people read it (a Microsoft Forms Likert header also carries its title). */
  wording?: string;
  scaleId: string;
  /** The labels the form used, codes 1..k. */
  labels: string[];
  comparability: 'identical' | 'minor_wording' | 'scale_changed' | 'not_comparable';
  allowNotUsed?: boolean;
};

const SATISFIED = ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'];
const AGREE = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
const OFTEN = ['Never', 'Hardly ever', 'Sometimes', 'Most of the time', 'Always'];
const YES_MOSTLY = ['Not really', 'Sometimes', 'Yes, mostly'];
const STAFF_LIKERT = 'Please tell us how much you agree with each statement.';

/** `y` is 0..5: five years of history, then this year. `ms` says whether the form was Microsoft's. */
export function askedQuestions(audience: DemoAudience, y: number, ms: boolean): AskedQuestion[] {
  const likert = (statement: string) => (ms && audience === 'staff' ? `${STAFF_LIKERT}.${statement}` : statement);
  if (audience === 'prep') {
    const words = y >= 3;
    const scale = words ? { scaleId: 'often5', labels: OFTEN } : { scaleId: 'smiley3', labels: YES_MOSTLY };
    const comparability = words && y === 3 ? 'scale_changed' : 'minor_wording';
    return [
      { code: 'WIFI_SATISFACTION', header: 'Does the Wi-Fi work when you need it?', ...scale, comparability },
      { code: 'DEVICE_RELIABILITY', header: 'When you use an iPad in class, does it work?', ...scale, comparability },
      {
        code: 'ONLINE_SAFETY',
        header: 'Do you know who to tell if something online worries you?',
        ...scale,
        comparability: words && y === 3 ? 'scale_changed' : 'minor_wording',
      },
    ];
  }
  const device =
    audience === 'staff' && y < 2
      ? { header: likert('My laptop works when I need it.'), comparability: 'minor_wording' as const }
      : {
          header: likert(
            audience === 'staff'
              ? 'My school device (laptop or iPad) works when I need it.'
              : 'My school device works when I need it.',
          ),
          comparability: audience === 'staff' && y === 2 ? ('not_comparable' as const) : ('identical' as const),
        };
  const list: AskedQuestion[] = [
    {
      code: 'WIFI_SATISFACTION',
      header: 'How satisfied are you with the Wi-Fi in school?',
      scaleId: 'satisfied5',
      labels: SATISFIED,
      comparability: 'identical',
    },
    { code: 'DEVICE_RELIABILITY', scaleId: 'agree5', labels: AGREE, ...device },
    {
      code: 'IT_SUPPORT',
      header: 'How satisfied are you with the help you get from IT Services?',
      scaleId: 'satisfied5',
      labels: SATISFIED,
      comparability: 'identical',
      allowNotUsed: true,
    },
    {
      code: 'PRINTING',
      header: likert('Printing works when I need it.'),
      scaleId: 'agree5',
      labels: AGREE,
      comparability: 'identical',
      allowNotUsed: true,
    },
    {
      code: 'SIGN_IN',
      header: likert('I can sign in to the systems I need without trouble.'),
      scaleId: 'agree5',
      labels: AGREE,
      comparability: 'identical',
    },
  ];
  if (audience === 'senior')
    list.push({
      code: 'ONLINE_SAFETY',
      header: 'I know who to tell if something online worries me.',
      scaleId: 'agree5',
      labels: AGREE,
      comparability: 'identical',
    });
  // A later change in the senior survey: the sign-in question says "school accounts" (minor).
  for (const q of list) if (q.header.startsWith(`${STAFF_LIKERT}.`)) q.wording = q.header.slice(STAFF_LIKERT.length + 1);
  if (audience === 'senior' && y >= 4) {
    const s = list.find((q) => q.code === 'SIGN_IN') as AskedQuestion;
    s.header = 'I can sign in to my school accounts without trouble.';
    s.comparability = 'minor_wording';
  }
  return list;
}

/** Share favourable by audience, question and year (0..5). Wi-Fi jumps after the refresh. */
export const FAVOURABLE: Record<DemoAudience, Record<string, number[]>> = {
  staff: {
    WIFI_SATISFACTION: [0.5, 0.48, 0.47, 0.45, 0.46, 0.76],
    DEVICE_RELIABILITY: [0.74, 0.73, 0.63, 0.65, 0.66, 0.67],
    IT_SUPPORT: [0.78, 0.8, 0.79, 0.81, 0.8, 0.82],
    PRINTING: [0.6, 0.58, 0.62, 0.61, 0.63, 0.62],
    SIGN_IN: [0.8, 0.81, 0.82, 0.8, 0.83, 0.84],
  },
  senior: {
    WIFI_SATISFACTION: [0.42, 0.4, 0.41, 0.38, 0.39, 0.7],
    DEVICE_RELIABILITY: [0.62, 0.64, 0.63, 0.65, 0.64, 0.66],
    IT_SUPPORT: [0.7, 0.71, 0.7, 0.72, 0.71, 0.73],
    PRINTING: [0.5, 0.52, 0.49, 0.51, 0.5, 0.52],
    SIGN_IN: [0.75, 0.76, 0.77, 0.76, 0.78, 0.79],
    ONLINE_SAFETY: [0.82, 0.83, 0.84, 0.85, 0.84, 0.86],
  },
  prep: {
    WIFI_SATISFACTION: [0.55, 0.53, 0.52, 0.5, 0.5, 0.8],
    DEVICE_RELIABILITY: [0.7, 0.71, 0.72, 0.7, 0.71, 0.72],
    ONLINE_SAFETY: [0.86, 0.87, 0.86, 0.88, 0.87, 0.88],
  },
};

/** Respondents per year (history, then this year's so far) and the export format of each history year. */
export const RESPONDENTS: Record<DemoAudience, number[]> = {
  staff: [176, 190, 184, 198, 205, 182],
  senior: [520, 560, 540, 585, 600, 470],
  prep: [150, 158, 162, 170, 168, 124],
};

export const FORMATS: Record<DemoAudience, ('msforms' | 'google-sheet' | 'google-download')[]> = {
  staff: ['msforms', 'msforms', 'msforms', 'google-sheet', 'google-download'],
  senior: ['google-sheet', 'google-sheet', 'google-download', 'msforms', 'msforms'],
  prep: ['google-download', 'google-download', 'google-sheet', 'google-sheet', 'msforms'],
};

export const SEGMENT_HEADER: Record<DemoAudience, string> = {
  staff: 'Which school do you mostly work in?',
  senior: 'Which year are you in?',
  prep: 'Which year are you in?',
};

/** How a form spelled each group, and the share of respondents in it. */
export const SEGMENT_LABELS: Record<DemoAudience, { label: string; code: string; share: number }[]> = {
  staff: [
    { label: 'Prep school', code: 'prep', share: 0.28 },
    { label: 'Senior school', code: 'senior', share: 0.72 },
  ],
  senior: [
    { label: 'Year 9', code: 'Y9', share: 0.22 },
    { label: 'Year 10', code: 'Y10', share: 0.21 },
    { label: 'Year 11', code: 'Y11', share: 0.2 },
    { label: 'Lower Sixth', code: 'Y12', share: 0.19 },
    { label: 'Upper Sixth', code: 'Y13', share: 0.18 },
  ],
  prep: [
    { label: 'Year 3', code: 'Y3', share: 0.17 },
    { label: 'Year 4', code: 'Y4', share: 0.17 },
    { label: 'Year 5', code: 'Y5', share: 0.17 },
    { label: 'Year 6', code: 'Y6', share: 0.17 },
    { label: 'Year 7', code: 'Y7', share: 0.16 },
    { label: 'Year 8', code: 'Y8', share: 0.16 },
  ],
};

export const COMMENTS: Record<DemoAudience, string[]> = {
  staff: [
    'The Wi-Fi in the Science Centre drops out during lessons.',
    'Printing in the staff room is often jammed on Monday mornings.',
    'The help desk is quick and friendly, thank you.',
    'Please could we have more training on the new displays?',
  ],
  senior: [
    'The Wi-Fi in the boarding house is slow in the evening.',
    'I wish we could print from our phones.',
    'Logging in to the library computers takes ages.',
  ],
  prep: [
    'I like using the iPads in maths.',
    'Sometimes the iPad will not connect in the hall.',
    'The computers in the library are slow.',
  ],
};

/** The theme the Director (staff) or the DSL (pupils) gave each demo comment when reviewing it. */
export const COMMENT_THEMES: Record<string, string> = {
  'The Wi-Fi in the Science Centre drops out during lessons.': 'Wi-Fi coverage',
  'Printing in the staff room is often jammed on Monday mornings.': 'Printing',
  'The help desk is quick and friendly, thank you.': 'Praise for IT support',
  'Please could we have more training on the new displays?': 'Training',
  'The Wi-Fi in the boarding house is slow in the evening.': 'Wi-Fi coverage',
  'I wish we could print from our phones.': 'Printing',
  'Logging in to the library computers takes ages.': 'Slow sign-in',
  'I like using the iPads in maths.': 'Devices in lessons',
  'Sometimes the iPad will not connect in the hall.': 'Wi-Fi coverage',
  'The computers in the library are slow.': 'Slow computers',
};
