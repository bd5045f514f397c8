import { describe, expect, it } from 'vitest';
import { autoKindOf, cleanSubject, rawHeaders, referencedNumbers, stripQuoted } from './mail-classify.ts';
import { isThanksOnly } from './thanks-classify.ts';

const h = (lines: string[]) => rawHeaders(lines.map((line) => ({ key: line.slice(0, line.indexOf(':')), line })));

describe('reading inbound mail', () => {
  it('AT-9: cuts the quoted history and signature the five common clients add', () => {
    const fixtures: [string, string][] = [
      // Outlook desktop
      [
        'Yes, room M104.\r\n\r\nDaniel\r\n\r\n________________________________\r\nFrom: IT Services <itservices@oakfield.example>\r\nSent: 16 November 2026 09:02\r\nTo: Daniel Cooper\r\nSubject: [Ref #12] Projector',
        'Yes, room M104.\n\nDaniel',
      ],
      // Gmail
      [
        'Yes, room M104.\n\nOn Mon, 16 Nov 2026 at 09:02, IT Services <itservices@oakfield.example>\nwrote:\n\n> Which room?',
        'Yes, room M104.',
      ],
      // Apple Mail
      [
        'Yes, room M104.\n\n> On 16 Nov 2026, at 09:02, IT Services <itservices@oakfield.example> wrote:\n>\n> Which room?',
        'Yes, room M104.',
      ],
      // iOS Mail
      ['Yes, room M104.\n\nSent from my iPhone\n\n> On 16 Nov 2026, at 09:02, IT Services wrote:', 'Yes, room M104.'],
      // Outlook mobile
      ['Yes, room M104.\n\nGet Outlook for iOS\n________________________________\nFrom: IT Services', 'Yes, room M104.'],
    ];
    for (const [raw, kept] of fixtures) expect(stripQuoted(raw)).toBe(kept);
    // Nothing but a quote: keep it all rather than store an empty message.
    expect(stripQuoted('> only a quote')).toBe('> only a quote');
  });

  it('AT-10: knows automatic mail by its headers, and Auto-Submitted: no as a person', () => {
    expect(autoKindOf(h(['Auto-Submitted: auto-replied']), 'a@x', 'Hi')).toBe('auto_reply');
    expect(autoKindOf(h(['Auto-Submitted: no']), 'a@x', 'Hi')).toBe('none');
    expect(autoKindOf(h(['Precedence: list']), 'a@x', 'Hi')).toBe('bulk');
    expect(autoKindOf(h(['X-Auto-Response-Suppress: DR, RN, OOF, AutoReply']), 'a@x', 'Hi')).toBe('none');
    expect(autoKindOf(h(['X-Auto-Response-Suppress: All']), 'a@x', 'Hi')).toBe('auto_reply');
    expect(autoKindOf(h(['Content-Type: multipart/report; report-type=delivery-status; boundary="x"']), 'a@x', 'x')).toBe(
      'bounce',
    );
    expect(autoKindOf(h([]), '', 'Hi')).toBe('bounce');
    expect(autoKindOf(h([]), 'a@x', 'Automatic reply: Printer')).toBe('auto_reply');
    expect(autoKindOf(h([]), 'a@x', 'Out of Office: back Monday')).toBe('auto_reply');
    expect(autoKindOf(h([]), 'a@x', 'Printer out of toner')).toBe('none');
  });

  it('finds our references and tidies subjects', () => {
    expect(referencedNumbers('RE: [Ref #123] Printer')).toEqual([123]);
    expect(referencedNumbers('Room 123 printer #4')).toEqual([]);
    expect(cleanSubject('RE: Fwd: AW: [Ref #12] Printer')).toBe('Printer');
  });
});

describe('thanks or a new problem (AT-31)', () => {
  const labelled: [string, boolean][] = [
    ['Thank you so much!', true],
    ['Brilliant, sorted.', true],
    ['Thanks, works now', true],
    ['Cheers Tom', true],
    ['Perfect, thank you for the quick fix', true],
    ['Great stuff, much appreciated', true],
    ['Lovely, thanks again', true],
    ['That is working fine now, thanks', true],
    ['Thank you! All good.', true],
    ['Fantastic, the projector is fixed', true],
    ['Thanks but it is still not working', false],
    ['It has stopped working again', false],
    ['Thanks. Could you also look at the printer?', false],
    ['The same problem is back this morning', false],
    ['Still broken', false],
    ['Thank you, however the sound does not work', false],
    ['Can you help with my email too?', false],
    ['Now I get an error when I sign in', false],
    ['Thanks - another laptop in the room has the same issue', false],
    ['It is slow again at lunch', false],
  ];
  it('gets at least 18 of 20 labelled replies right', () => {
    const right = labelled.filter(([text, thanks]) => isThanksOnly(text) === thanks);
    expect(right.length).toBeGreaterThanOrEqual(18);
  });
});
