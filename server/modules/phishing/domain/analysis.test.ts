import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { seededRng } from '../../../lib/random.ts';
import { allocateLures } from './allocation.ts';
import { checkWindow, type GuardCalendars } from './calendar-guard.ts';
import { classify } from './classify.ts';
import { analyseTags, rateText } from './lure-analysis.ts';
import { checkLureTemplates, deriveDifficulty } from './lure-rules.ts';
import { type LureCell, rateOf } from './results.ts';
import { STARTER_LURES, starterHtml, starterText } from './starter-lures.ts';

const cell = (technique: LureCell['technique'], n: number, clicked: number): LureCell => ({
  lureId: technique,
  name: technique,
  technique,
  theme: 'it_account',
  difficulty: 'moderate',
  groupName: 'All staff',
  n,
  clicked,
  reported: 0,
  recognised: 0,
});

describe('Wilson intervals as the report writes them (hand-computed, research §7.4)', () => {
  it.each([
    [3, 10, '30% (95% CI 11–60%)'],
    [0, 10, '0% (95% CI 0–28%)'],
    [9, 30, '30% (95% CI 17–48%)'],
    [30, 100, '30% (95% CI 22–40%)'],
    [4, 10, '40% (95% CI 17–69%)'],
  ])('%i of %i is %s', (k, n, text) => {
    expect(rateText(rateOf(k, n))).toBe(text);
  });
  it('has no rate for nobody', () => {
    expect(rateOf(0, 0)).toEqual({ k: 0, n: 0, rate: null, low: null, high: null });
  });
});

describe('PH-20: lure types compared honestly', () => {
  it('8/20 against 2/20 is not conclusive (Fisher exact p = 0.065), and nothing is called the most effective', () => {
    const a = analyseTags([cell('link', 20, 8), cell('credential_page', 20, 2)], 'technique', 5);
    expect(a.rows.map((r) => rateText(r.humanClicked))).toEqual(['10% (95% CI 3–30%)', '40% (95% CI 22–61%)']);
    expect(a.statement).toContain('not conclusive (Fisher exact p = 0.065)');
    expect(a.statement).toContain('Suggestive, not conclusive');
    expect(a.statement.toLowerCase()).not.toContain('most effective');
    expect(a.comparisons[0]?.significant).toBe(false);
  });
  it('12/20 against 1/20 is stated as significant', () => {
    const a = analyseTags([cell('link', 20, 12), cell('qr', 20, 1)], 'technique', 5);
    expect(a.comparisons[0]).toMatchObject({ higher: 'Link', lower: 'QR code', significant: true });
    expect(a.statement).toContain('The difference is significant (Fisher exact p < 0.001)');
  });
  it('leaves out tags seen by fewer people than the threshold', () => {
    const a = analyseTags([cell('link', 20, 12), cell('qr', 3, 1)], 'technique', 5);
    expect(a.rows.map((r) => r.tag)).toEqual(['link']);
    expect(a.suppressed).toBe(1);
  });
  it('deals lures within one of each other in every group', () => {
    const people = [
      ...Array.from({ length: 11 }, (_, i) => ({ key: `a${i}`, group: 'A' })),
      ...Array.from({ length: 7 }, (_, i) => ({ key: `b${i}`, group: 'B' })),
    ];
    const out = allocateLures(people, ['x', 'y', 'z'], seededRng(3));
    for (const g of ['A', 'B']) {
      const counts = ['x', 'y', 'z'].map((l) => people.filter((p) => p.group === g && out.get(p.key) === l).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(allocateLures(people, ['x', 'y', 'z'], seededRng(3))).toEqual(out);
  });
});

describe('PH-04: the send window and the calendar guard', () => {
  const cal: GuardCalendars = {
    timeZone: 'Europe/London',
    blocked: [{ from: '2026-11-19', to: '2026-11-19', reason: 'Year 11 mock exams' }],
    calendars: [
      {
        timeZone: 'Europe/London',
        terms: [{ name: 'Autumn term', academicYear: '2026-27', startsOn: '2026-09-02', endsOn: '2026-12-16' }],
        closures: [{ kind: 'inset', name: 'INSET day', startsOn: '2026-11-20', endsOn: '2026-11-20' }],
        bankHolidays: new Map(),
        hours: {
          1: { opens: '08:00', closes: '17:00' },
          2: { opens: '08:00', closes: '17:00' },
          3: { opens: '08:00', closes: '17:00' },
          4: { opens: '08:00', closes: '17:00' },
          5: { opens: '08:00', closes: '17:00' },
        },
      },
    ],
  };
  const now = new Date('2026-11-16T09:00:00Z');
  const w = (start: string, end: string, sendFrom = '09:00', sendUntil = '15:30') => ({
    windowStart: new Date(start),
    windowEnd: new Date(end),
    sendFrom,
    sendUntil,
  });
  it('refuses a window ending in 30 minutes, naming the rule', () => {
    expect(() => checkWindow(cal, w('2026-11-16T09:00:00Z', '2026-11-16T09:30:00Z'), now)).toThrow(/rule: window too short/);
  });
  it('refuses a window in the past', () => {
    expect(() => checkWindow(cal, w('2026-11-13T09:00:00Z', '2026-11-13T15:00:00Z'), now)).toThrow(/rule: window in the past/);
  });
  it('refuses a window outside working hours', () => {
    expect(() => checkWindow(cal, w('2026-11-16T18:00:00Z', '2026-11-16T22:00:00Z', '18:00', '22:00'), now)).toThrow(
      /rule: outside working hours/,
    );
  });
  it('refuses a blocked date and an INSET day, saying which', () => {
    expect(() => checkWindow(cal, w('2026-11-19T08:00:00Z', '2026-11-19T16:00:00Z'), now)).toThrow(
      /rule: blocked date.*Thu 19 Nov 2026 is blocked by the Director \(Year 11 mock exams\)/,
    );
    expect(() => checkWindow(cal, w('2026-11-20T08:00:00Z', '2026-11-20T16:00:00Z'), now)).toThrow(/rule: inset.*an INSET day/);
    expect(() => checkWindow(cal, w('2026-12-21T08:00:00Z', '2026-12-21T16:00:00Z'), now)).toThrow(/school holiday/);
  });
  it('keeps the school days of a longer window, within the send hours, and lists the days left out', () => {
    const r = checkWindow(cal, w('2026-11-18T08:00:00Z', '2026-11-23T17:00:00Z'), now);
    expect(r.slots.map((s) => [s.date, s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2026-11-18', '2026-11-18T09:00:00.000Z', '2026-11-18T15:30:00.000Z'],
      ['2026-11-23', '2026-11-23T09:00:00.000Z', '2026-11-23T15:30:00.000Z'],
    ]);
    expect(r.skipped.map((s) => s.rule)).toEqual(['blocked_date', 'inset', 'weekend', 'weekend']);
  });
  it('follows British Summer Time: 09:00 in June is 08:00 UTC', () => {
    const summer = {
      ...cal,
      calendars: [
        {
          ...(cal.calendars[0] as GuardCalendars['calendars'][number]),
          terms: [{ name: 'Summer', academicYear: '2026-27', startsOn: '2027-04-19', endsOn: '2027-07-09' }],
        },
      ],
    };
    const r = checkWindow(summer, w('2027-06-08T06:00:00Z', '2027-06-08T18:00:00Z'), now);
    expect(r.slots[0]?.start.toISOString()).toBe('2027-06-08T08:00:00.000Z');
  });
});

describe('classification rules', () => {
  const base = {
    kind: 'click' as const,
    method: 'GET',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
    secondsAfterDelivery: 900,
    scannerIp: false,
    trustedEgress: false,
    fanout: false,
    honeypot: false,
    secondsAfterReport: null,
    source: 'http' as const,
    now: fixedClock('2026-11-16T09:00:00Z').now(),
  };
  it('a current browser long after delivery is probably a person', () => {
    expect(classify(base)).toEqual({ classification: 'likely_human', evidence: ['browser'] });
  });
  it('a Chrome build from years ago (a sandbox) is uncertain, and with a scanner address a machine', () => {
    const old = {
      ...base,
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36',
    };
    expect(classify(old)).toEqual({ classification: 'uncertain', evidence: ['stale_browser'] });
    expect(classify({ ...old, scannerIp: true }).classification).toBe('automated');
  });
  it('within a minute of delivery is uncertain, within two seconds a machine', () => {
    expect(classify({ ...base, secondsAfterDelivery: 30 }).evidence).toEqual(['soon_after_delivery']);
    expect(classify({ ...base, secondsAfterDelivery: 1 }).classification).toBe('automated');
  });
  it("Gmail's image proxy and Outlook's link preview are machines", () => {
    expect(
      classify({
        ...base,
        kind: 'open',
        userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
      }).evidence,
    ).toContain('image_proxy');
    expect(classify({ ...base, userAgent: 'Microsoft Office Existence Discovery' }).evidence).toContain('bot_user_agent');
  });
  it('a beacon needs a real pointer, touch or key press to confirm a person', () => {
    expect(classify({ ...base, kind: 'beacon', beaconInteraction: 'pointer' }).classification).toBe('human_confirmed');
    expect(classify({ ...base, kind: 'beacon', beaconInteraction: 'none' }).classification).toBe('uncertain');
  });
});

describe('lures', () => {
  it('the starter library has at least 12 lures across the themes, every one valid', () => {
    expect(STARTER_LURES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(STARTER_LURES.map((l) => l.theme)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(STARTER_LURES.map((l) => l.technique)).size).toBe(5);
    for (const l of STARTER_LURES) {
      expect(() =>
        checkLureTemplates({
          name: l.name,
          subject: l.subject,
          html: starterHtml(l),
          text: starterText(l),
          technique: l.technique,
        }),
      ).not.toThrow();
      expect(l.teachable.length).toBeGreaterThan(0);
    }
  });
  it('a broken merge field is named with its part and line', () => {
    const lure = {
      name: 'Payslip',
      subject: 'Hi',
      html: '<p>Hello</p>\n<p>{{frist_name}}</p> {{link}}',
      text: '{{link}}',
      technique: 'link' as const,
    };
    expect(() => checkLureTemplates(lure)).toThrow('Lure "Payslip", the HTML body, line 2: unknown merge field {{frist_name}}');
    expect(() => checkLureTemplates({ ...lure, html: '<p>{{first_name}</p> {{link}}' })).toThrow(
      /line 1: a merge field is not closed/,
    );
    expect(() => checkLureTemplates({ ...lure, html: '<p>no link</p>' })).toThrow(/needs \{\{link\}\}/);
  });
  it('difficulty follows the NIST Phish Scale table', () => {
    expect(deriveDifficulty(4, 'high')).toBe('very');
    expect(deriveDifficulty(10, 'medium')).toBe('moderate');
    expect(deriveDifficulty(16, 'medium')).toBe('least');
    expect(deriveDifficulty(4, 'low')).toBe('moderate');
    expect(deriveDifficulty(20, 'high')).toBe('moderate');
  });
});

describe('group names', () => {
  it('turns a bare group code into words and keeps a real name', async () => {
    const { groupLabel } = await import('./group-label.ts');
    expect(groupLabel('staff-support')).toBe('Staff support');
    expect(groupLabel('it-services')).toBe('IT services');
    expect(groupLabel('slt')).toBe('SLT');
    expect(groupLabel('Geography department')).toBe('Geography department');
  });
});

describe('the calendar guard switched off (phishing.calendarGuard = off, for demos and tests)', () => {
  it('keeps the window and its send hours but not the school days', () => {
    const g: GuardCalendars = { timeZone: 'Europe/London', blocked: [], calendars: [], enforced: false };
    const saturday = {
      windowStart: new Date('2026-11-21T10:00:00Z'),
      windowEnd: new Date('2026-11-21T22:00:00Z'),
      sendFrom: '00:00',
      sendUntil: '23:59',
    };
    const r = checkWindow(g, saturday, new Date('2026-11-21T09:00:00Z'));
    expect(r.slots.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2026-11-21T10:00:00.000Z', '2026-11-21T22:00:00.000Z'],
    ]);
    expect(() => checkWindow({ ...g, enforced: true }, saturday, new Date('2026-11-21T09:00:00Z'))).toThrow(/rule: weekend/);
  });
});
