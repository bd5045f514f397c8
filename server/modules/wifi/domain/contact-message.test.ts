import { describe, expect, it } from 'vitest';
import { daysPhrase, draftContactMessage } from './contact-message.ts';

describe('the drafted contact message', () => {
  it('says what happened to this pupil, where and against whom', () => {
    const { subject, body } = draftContactMessage({
      firstName: 'Sienna',
      model: 'iPad (9th generation)',
      failures: 14,
      attempts: 40,
      failureDays: ['2026-11-17'],
      buildings: ['Library', 'Main School', 'Science Centre'],
      peerSuccess: 0.978,
      randomised: true,
      weakByDb: null,
      stage: 'auth',
    });
    expect(subject).toBe('Your device and the school Wi-Fi');
    expect(body).toContain('Hello Sienna,');
    expect(body).toContain(
      'Your device (iPad (9th generation)) failed to connect 14 times on Tuesday in three buildings (Library, Main School and Science Centre), where other devices connected normally (98% of their attempts succeeded).',
    );
    expect(body).toContain('saved password or certificate');
    expect(body).toContain('Private Wi-Fi address');
  });

  it('speaks of a weak radio when that is the evidence', () => {
    const { body } = draftContactMessage({
      firstName: null,
      model: null,
      failures: 0,
      attempts: 30,
      failureDays: [],
      buildings: [],
      peerSuccess: null,
      randomised: false,
      weakByDb: 24.6,
      stage: null,
    });
    expect(body.startsWith('Hello,\n')).toBe(true);
    expect(body).toContain('about 25 dB weaker than other devices');
    expect(body).not.toContain('failed to connect');
  });

  it('names up to three weekdays in a week, else counts the school days', () => {
    expect(daysPhrase(['2026-11-17', '2026-11-16'])).toBe('on Monday and Tuesday');
    expect(daysPhrase(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'])).toBe('on four school days');
  });
});
