import type { CatalogueFileInput } from './catalogue-schema.ts';
import { DFE_STANDARDS_2026_05 as S } from './dfe-dts-2026-05.ts';

/**
 * The same guidance as a school tracking it in March 2024 had it: ten standards, no "core" six
 * yet, no digital accessibility or IT support standard, and the cyber security standard in its
 * first form of thirteen requirements, before the May 2024 restructure (research §3.1-3.2). Kept
 * so a tracker started then upgrades to the current edition with its evidence and history.
 * The unchanged standards share the current wording (summarised, as in that file).
 */

const notCore = <T extends { core: boolean }>(s: T): T => ({ ...s, core: false });

const cyber2023 = {
  id: 'dfe.cyber',
  title: 'Cyber security',
  core: false,
  whenToMeet: 'You should already be meeting these standards.',
  requirements: [
    ['firewall', 'Protect every device on every network with a properly configured boundary or software firewall.', 'annual'],
    [
      'network-devices',
      'Network devices are known and recorded, with their security features enabled, correctly configured and kept up to date.',
      'annual',
    ],
    ['accounts', 'Accounts have only the access their role needs and are authenticated to reach data and services.', 'termly'],
    [
      'mfa',
      'Protect accounts with access to personal or sensitive operational data and functions by multi-factor authentication.',
      'termly',
    ],
    [
      'anti-malware',
      'Use anti-malware software to protect every device on the network, including cloud-based networks.',
      'annual',
    ],
    ['app-checks', 'An administrator checks the security of every application downloaded onto the network.', 'on_change'],
    [
      'licensing',
      'Every online device and piece of software is licensed for use and patched with the latest security updates.',
      'termly',
    ],
    [
      'backups',
      'Keep at least three backup copies of important data, on at least two separate devices, at least one off site.',
      'termly',
    ],
    [
      'contingency',
      'The business continuity and disaster recovery plan includes a regularly tested contingency plan for a cyber attack.',
      'annual',
    ],
    ['reporting', 'Report serious cyber attacks.', 'annual'],
    ['risk-assessment', 'Conduct a cyber risk assessment annually and review it every term.', 'termly'],
    ['awareness-plan', 'Create and implement a cyber awareness plan for pupils and staff.', 'annual'],
    [
      'training',
      'Train every member of staff with access to the school’s IT networks in the basics of cyber security.',
      'annual',
    ],
  ].map(([slug, text, cadence]) => ({
    id: `dfe.cyber.2023.${slug}`,
    text: text as string,
    level: 'must' as const,
    cadence: cadence as 'annual',
    evidenceHint: '',
  })),
};

export const DFE_DTS_2024_03: CatalogueFileInput = {
  key: 'dfe-dts',
  title: 'DfE digital and technology standards',
  version: '2024-03',
  publishedOn: '2024-03-01',
  sourceUrl: 'https://www.gov.uk/guidance/meeting-digital-and-technology-standards-in-schools-and-colleges',
  inReportByDefault: true,
  summary: 'Ten standards, before the May 2024 cyber security restructure and the November 2025 IT support standard.',
  standards: [
    S.broadband,
    S.switching,
    S.cabling,
    S.wireless,
    cyber2023,
    S.filtering,
    S.cloud,
    S.servers,
    S.devices,
    S.leadership,
  ].map(notCore),
};
