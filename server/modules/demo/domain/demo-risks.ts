import { createRisk, type RiskInput, reviewRisk, updateRisk } from '../../projects/index.ts';
import type { DemoEvent, DemoStaff, DemoTimeline, StaffKey } from './demo-timeline.ts';

/** Oakfield's risk register: cyber and infrastructure risks, reviewed over the months. */

const RISKS: (RiskInput & { key: string; on: number; owner: StaffKey; reviews: [number, number, number, string][] })[] = [
  {
    key: 'ransomware',
    on: -200,
    owner: 'director',
    title: 'Ransomware encrypts school systems',
    description: 'An attacker encrypts file servers and cloud files, stopping teaching and administration for days.',
    category: 'cyber',
    likelihood: 3,
    impact: 5,
    mitigations: [
      { text: 'Immutable off-site backups, restore tested termly', inPlace: true },
      { text: 'MFA on every account', inPlace: true },
      { text: 'EDR on every server and laptop', inPlace: false },
    ],
    reviewEveryDays: 90,
    reviews: [[-100, 3, 5, 'No change; backups project under way']],
  },
  {
    key: 'phishing',
    on: -200,
    owner: 'director',
    title: 'A phished account is used to steal data or send fraud',
    description: 'Staff credentials are phished and used to read mail, change bank details or phish parents.',
    category: 'cyber',
    likelihood: 4,
    impact: 4,
    mitigations: [
      { text: 'MFA for all staff', inPlace: true },
      { text: 'Termly phishing simulations', inPlace: true },
    ],
    reviewEveryDays: 90,
    reviews: [[-12, 2, 4, 'MFA complete for all staff: likelihood down']],
  },
  {
    key: 'internet',
    on: -190,
    owner: 'network',
    title: 'The single internet line fails',
    description: 'One leased line carries both sites: a cut cable stops cloud services, phones and card payments.',
    category: 'infrastructure',
    likelihood: 2,
    impact: 4,
    mitigations: [{ text: 'Second line from another provider', inPlace: false }],
    reviewEveryDays: 90,
    reviews: [[-40, 3, 4, 'Two outages this half-term']],
  },
  {
    key: 'firewall',
    on: -160,
    owner: 'director',
    title: 'Firewalls run past end of support',
    description: 'No security updates for the firewalls after the spring if the replacement slips.',
    category: 'cyber',
    likelihood: 3,
    impact: 4,
    mitigations: [{ text: 'Replacement project under way', inPlace: false }],
    reviewEveryDays: 60,
    reviews: [[-9, 4, 4, 'Supplier delay: likelihood up']],
  },
  {
    key: 'switches',
    on: -130,
    owner: 'network',
    title: 'Core switch failure takes down a site',
    description: 'The core switches are end of life with no spare; a failure would need a week to replace.',
    category: 'infrastructure',
    likelihood: 3,
    impact: 3,
    mitigations: [{ text: 'Cold spare borrowed from the supplier', inPlace: true }],
    reviewEveryDays: 90,
    reviews: [],
  },
  {
    key: 'ups',
    on: -150,
    owner: 'network',
    title: 'Comms room UPS batteries past their life',
    description: 'A short power cut would drop the network and phones; batteries are five years old.',
    category: 'infrastructure',
    likelihood: 2,
    impact: 3,
    mitigations: [],
    reviewEveryDays: 120,
    reviews: [],
  },
  {
    key: 'mis',
    on: -180,
    owner: 'servicedesk',
    title: 'MIS provider outage on a census or reports day',
    description: 'The cloud MIS is unavailable when reports or the census are due.',
    category: 'supplier',
    likelihood: 2,
    impact: 3,
    mitigations: [{ text: 'Deadlines planned a day early', inPlace: true }],
    reviewEveryDays: 180,
    reviews: [],
  },
  {
    key: 'misdirected',
    on: -170,
    owner: 'director',
    title: 'Personal data emailed to the wrong person',
    description: 'Autocomplete sends pupil data to the wrong parent or an outside address.',
    category: 'data',
    likelihood: 3,
    impact: 3,
    mitigations: [{ text: 'Outlook delay-send and external recipient warning', inPlace: true }],
    reviewEveryDays: 90,
    reviews: [],
  },
];

const REVIEW_DUE: Record<string, number> = { ransomware: 1, ups: -3, switches: 40, mis: 90, misdirected: 5, internet: 60 };

/** Each risk's creation, its reviews, and the review dates that make some due this week. */
export function riskEvents(tl: DemoTimeline, staff: DemoStaff): DemoEvent[] {
  const id = (key: string) => tl.ids.get(key) as string;
  const events: DemoEvent[] = [];
  for (const r of RISKS) {
    const { key, on, owner, reviews, ...input } = r;
    events.push({
      at: tl.at(tl.day(on), '09:30'),
      run: async (ctx) => {
        const projectId =
          key === 'firewall' || key === 'internet' || key === 'switches'
            ? tl.ids.get(`project:${key === 'internet' ? 'line' : key}`)
            : undefined;
        tl.ids.set(`risk:${key}`, (await createRisk(ctx, { ...input, ownerId: staff[owner].id, projectId })).id);
      },
    });
    for (const [days, likelihood, impact, note] of reviews)
      events.push({
        at: tl.at(tl.day(days), '14:00'),
        run: (ctx) => reviewRisk(ctx, id(`risk:${key}`), { likelihood, impact, note }),
      });
    const due = REVIEW_DUE[key];
    if (due !== undefined)
      events.push({
        at: tl.at(tl.day(-2), '17:00'),
        run: (ctx) => updateRisk(ctx, id(`risk:${key}`), { reviewOn: tl.day(due) }),
      });
  }
  return events;
}
