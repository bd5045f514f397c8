import { addDays } from '../../../lib/zoned-time.ts';
import type { ProjectInput } from '../../projects/index.ts';
import type { DemoTimeline, StaffKey } from './demo-timeline.ts';

/** Oakfield's strategy objectives and a dozen projects in various states, with their changes over time. */

/** Pounds to pence, for readability below. */
const gbp = (pounds: number) => Math.round(pounds * 100);

export type DemoProject = {
  key: string;
  on: string;
  owner: StaffKey | string;
  initiative: string;
  input: Omit<ProjectInput, 'initiativeId' | 'ownerId' | 'ownerName'>;
  milestones: { title: string; dueOn: string; doneOn?: string }[];
  /** Later changes: [date, patch]. */
  changes: [string, Partial<ProjectInput> & { note?: string }][];
};

export const OBJECTIVES: { code: string; title: string; summary: string; initiatives: [string, string, string][] }[] = [
  {
    code: 'O1',
    title: 'Reliable connections everywhere',
    summary:
      'Wi-Fi and internet that simply work in every classroom, boarding house and office, so lessons never wait for a connection.',
    initiatives: [
      ['network', 'A modern network', 'Replace the Wi-Fi and the switches that carry it, and keep them up to date.'],
      [
        'resilience',
        'No single point of failure',
        'A second internet line and backup power, so one fault does not stop the school.',
      ],
    ],
  },
  {
    code: 'O2',
    title: 'Safe and secure by design',
    summary: 'Protect pupils’ and staff data from cyber attacks, and help everyone spot a scam before it does harm.',
    initiatives: [
      ['accounts', 'Secure sign-in', 'Two-step sign-in for everyone and a firewall that keeps attackers out.'],
      ['recovery', 'Ready to recover', 'Backups that cannot be tampered with, and training so everyone knows what to do.'],
    ],
  },
  {
    code: 'O3',
    title: 'The right device for every learner and teacher',
    summary: 'Every teacher with a reliable laptop, and pupils with devices that suit their age and their lessons.',
    initiatives: [
      ['staff-devices', 'Staff devices', 'A four-year refresh cycle for staff laptops.'],
      ['pupil-devices', 'Pupil devices and classrooms', 'Chromebooks for Years 5 to 9 and working displays in every classroom.'],
    ],
  },
];

export function demoProjects(tl: DemoTimeline): DemoProject[] {
  const s = tl.lastSummer;
  const d = tl.day;
  return [
    {
      key: 'wifi',
      on: addDays(s, -280),
      owner: 'network',
      initiative: 'network',
      input: {
        name: 'Wi-Fi refresh',
        summary: 'Replace 180 Wi-Fi 5 access points with Wi-Fi 6E across both sites; heat-mapped survey first.',
        staffSummary: 'New Wi-Fi in every building, installed over the summer holiday.',
        status: 'active',
        capitalBudget: gbp(85_000),
        capitalCommitted: gbp(81_400),
      },
      milestones: [
        { title: 'Site survey and heat maps', dueOn: addDays(s, -240), doneOn: addDays(s, -236) },
        { title: 'Order placed', dueOn: addDays(s, -150), doneOn: addDays(s, -150) },
        { title: 'Installation over the summer', dueOn: addDays(s, -5), doneOn: addDays(s, -3) },
      ],
      changes: [
        [
          addDays(s, -120),
          { capitalCommitted: gbp(40_000), capitalSpent: gbp(41_400), note: 'Half the access points delivered and paid' },
        ],
        [
          s,
          {
            status: 'completed',
            capitalCommitted: 0,
            capitalSpent: gbp(83_200),
            note: 'All access points live; £1,800 under budget',
          },
        ],
      ],
    },
    {
      key: 'mfa',
      on: d(-200),
      owner: 'director',
      initiative: 'accounts',
      input: {
        name: 'Multi-factor sign-in roll-out',
        summary: 'Microsoft Authenticator for all staff, hardware keys for those without phones; pupils Year 7 up.',
        staffSummary: 'Signing in with a second step (an app or a key) so a stolen password is not enough.',
        status: 'active',
        revenueBudget: gbp(6_000),
        revenueCommitted: gbp(2_400),
      },
      milestones: [
        { title: 'IT Services and SLT enrolled', dueOn: d(-150), doneOn: d(-152) },
        { title: 'All teaching staff enrolled', dueOn: d(-60), doneOn: d(-55) },
        { title: 'Pupils Year 7 and up enrolled', dueOn: d(-10), doneOn: d(-8) },
      ],
      changes: [
        [d(-70), { revenueCommitted: 0, revenueSpent: gbp(4_200), note: 'Hardware keys invoiced' }],
        [d(-8), { status: 'completed', note: 'Every staff account and Year 7+ pupil now signs in with MFA' }],
      ],
    },
    {
      key: 'firewall',
      on: d(-160),
      owner: 'director',
      initiative: 'accounts',
      input: {
        name: 'Firewall replacement',
        summary: 'The current firewalls reach end of support in the spring; replace with a high-availability pair.',
        staffSummary: 'New firewalls to keep the school network protected.',
        status: 'active',
        capitalBudget: gbp(24_000),
        revenueBudget: gbp(4_500),
      },
      milestones: [
        { title: 'Quotes from three suppliers', dueOn: d(-120), doneOn: d(-118) },
        { title: 'Rules migrated and tested', dueOn: d(-4) },
        { title: 'Cut-over at half-term', dueOn: d(20) },
      ],
      changes: [
        [d(-100), { capitalCommitted: gbp(21_500), note: 'Order placed with the preferred supplier' }],
        [d(-35), { rag: 'amber', ragReason: 'Supplier has slipped delivery by three weeks' }],
        [d(-10), { rag: 'red', ragReason: 'Hardware still not shipped; cut-over at risk before end of support' }],
      ],
    },
    {
      key: 'laptops',
      on: d(-140),
      owner: 'servicedesk',
      initiative: 'staff-devices',
      input: {
        name: 'Staff laptop refresh',
        summary: '95 staff laptops over four years old replaced; old ones wiped to NCSC guidance and recycled.',
        staffSummary: 'New laptops for teachers whose laptops are more than four years old.',
        status: 'active',
        capitalBudget: gbp(120_000),
        capitalCommitted: gbp(114_000),
      },
      milestones: [
        { title: 'Laptops delivered', dueOn: d(-40), doneOn: d(-42) },
        { title: 'Half handed out', dueOn: d(-12), doneOn: d(-14) },
        { title: 'All handed out', dueOn: d(12) },
      ],
      changes: [
        [d(-38), { rag: 'amber', ragReason: 'Prices up 5% on the quote; absorbed by fewer spares' }],
        [d(-20), { capitalCommitted: gbp(57_000), capitalSpent: gbp(57_000), note: 'First invoice paid' }],
      ],
    },
    {
      key: 'chromebooks',
      on: d(-90),
      owner: 'Harriet Pemberton (Director of EdTech)',
      initiative: 'pupil-devices',
      input: {
        name: 'Pupil Chromebook refresh',
        summary: 'Replace the Year 5-9 Chromebook trolleys (180 devices) before their auto-update expiry.',
        staffSummary: 'New Chromebooks for Years 5 to 9 next summer.',
        status: 'planned',
        capitalBudget: gbp(60_000),
        targetOn: addDays(s, 365),
      },
      milestones: [{ title: 'Pilot class set in Year 6', dueOn: d(40) }],
      changes: [],
    },
    {
      key: 'switches',
      on: d(-130),
      owner: 'network',
      initiative: 'network',
      input: {
        name: 'Core switch replacement',
        summary: 'Replace the two core switches and 14 edge stacks (end of life), with 10 Gb uplinks to each building.',
        staffSummary: 'Faster, more reliable links between the school buildings.',
        status: 'active',
        capitalBudget: gbp(40_000),
      },
      milestones: [
        { title: 'Design signed off', dueOn: d(-80), doneOn: d(-81) },
        { title: 'Switches delivered', dueOn: d(6) },
        { title: 'Weekend cut-over', dueOn: d(33) },
      ],
      changes: [
        [d(-60), { capitalCommitted: gbp(38_500), note: 'Order placed' }],
        [d(-15), { rag: 'amber', ragReason: 'Extra PoE licences needed: £3,500 over budget', capitalCommitted: gbp(43_500) }],
      ],
    },
    {
      key: 'line',
      on: d(-110),
      owner: 'network',
      initiative: 'resilience',
      input: {
        name: 'Second internet line',
        summary: 'A 1 Gbps leased line from a second provider by a different route, with automatic failover.',
        staffSummary: 'A second internet connection so the internet stays up if one line fails.',
        status: 'active',
        revenueBudget: gbp(4_800),
      },
      milestones: [
        { title: 'Wayleave agreed', dueOn: d(-40), doneOn: d(-30) },
        { title: 'Line installed', dueOn: d(25) },
      ],
      changes: [[d(-45), { revenueSpent: gbp(400), note: 'Survey fee' }]],
    },
    {
      key: 'backups',
      on: d(-180),
      owner: 'network',
      initiative: 'recovery',
      input: {
        name: 'Immutable off-site backups',
        summary: '3-2-1 backups with an immutable cloud copy; restore tested every term.',
        staffSummary: 'A copy of the school’s data that ransomware cannot touch.',
        status: 'active',
        revenueBudget: gbp(9_000),
        revenueCommitted: gbp(9_000),
      },
      milestones: [
        { title: 'Cloud copy running', dueOn: d(-120), doneOn: d(-125) },
        { title: 'First full restore test', dueOn: d(-30), doneOn: d(-28) },
      ],
      changes: [[d(-90), { revenueCommitted: 0, revenueSpent: gbp(9_000), note: 'Annual subscription paid' }]],
    },
    {
      key: 'training',
      on: d(-170),
      owner: 'director',
      initiative: 'recovery',
      input: {
        name: 'Cyber awareness training',
        summary: 'NCSC training for all staff and governors, and termly phishing simulations.',
        staffSummary: 'Short training for every member of staff on spotting scams and keeping data safe.',
        status: 'active',
        revenueBudget: gbp(3_000),
      },
      milestones: [
        { title: 'Staff training at the INSET day', dueOn: d(-25), doneOn: d(-25) },
        { title: 'Governors trained', dueOn: d(30) },
      ],
      changes: [[d(-26), { revenueSpent: gbp(1_200), note: 'Simulation platform licence' }]],
    },
    {
      key: 'displays',
      on: d(-150),
      owner: 'tech1',
      initiative: 'pupil-devices',
      input: {
        name: 'Classroom display replacement',
        summary: 'Replace 30 projectors with interactive flat panels, three departments a year.',
        staffSummary: 'Interactive screens instead of projectors, a few departments at a time.',
        status: 'active',
        capitalBudget: gbp(45_000),
      },
      milestones: [{ title: 'Science labs fitted', dueOn: d(60) }],
      changes: [[d(-75), { status: 'on_hold', note: 'Paused until the capital budget review in the spring' }]],
    },
    {
      key: 'ups',
      on: d(-60),
      owner: 'network',
      initiative: 'resilience',
      input: {
        name: 'Comms room UPS and cooling',
        summary: 'New UPS batteries in both comms rooms and air conditioning in the senior school one.',
        staffSummary: 'Backup power for the network so a power cut does not take the internet down.',
        status: 'planned',
        capitalBudget: gbp(12_000),
      },
      milestones: [{ title: 'Quotes in', dueOn: d(10) }],
      changes: [],
    },
    {
      key: 'archive',
      on: d(-210),
      owner: 'servicedesk',
      initiative: 'accounts',
      input: {
        name: 'On-premises email archive upgrade',
        summary: 'Upgrade the on-premises mail archive server.',
        status: 'active',
        capitalBudget: gbp(6_000),
        capitalSpent: gbp(1_500),
      },
      milestones: [],
      changes: [[d(-150), { status: 'cancelled', note: 'Retention moved to Microsoft 365 instead; server retired' }]],
    },
    {
      key: 'doors',
      on: d(-5),
      owner: 'director',
      initiative: 'accounts',
      input: {
        name: 'Door access control integration',
        summary: 'Provision door fobs from the MIS so leavers lose access on their last day.',
        status: 'proposed',
        capitalBudget: gbp(18_000),
      },
      milestones: [],
      changes: [],
    },
  ];
}
