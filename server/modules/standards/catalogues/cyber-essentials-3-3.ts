import type { CatalogueFileInput } from './catalogue-schema.ts';

/**
 * NCSC Cyber Essentials, Requirements for IT Infrastructure v3.3 ("Danzell"), for assessments
 * started on or after 27 April 2026 (research §3.3): the five technical controls, with the
 * conditions that fail an assessment outright. The certificate's expiry and the next assessment
 * are kept on the catalogue.
 */
export const CYBER_ESSENTIALS_3_3: CatalogueFileInput = {
  key: 'cyber-essentials',
  title: 'Cyber Essentials',
  version: '3.3',
  publishedOn: '2026-04-27',
  sourceUrl: 'https://www.ncsc.gov.uk/cyberessentials/overview',
  inReportByDefault: true,
  summary: 'The five technical controls of the NCSC’s baseline certification, question set v3.3 (Danzell).',
  standards: [
    {
      id: 'ce.firewalls',
      title: 'Firewalls',
      whenToMeet: 'At every annual assessment.',
      requirements: [
        {
          id: 'ce.firewalls.boundary',
          text: 'Every device in scope is protected by a correctly configured firewall, at the boundary or on the device.',
          level: 'must',
          cadence: 'annual',
          evidenceHint: 'The firewall inventory and configuration review.',
        },
        {
          id: 'ce.firewalls.admin-interface',
          text: 'Firewall administration interfaces are not reachable from the internet, or are protected by MFA or an IP allow-list; default passwords are changed.',
          level: 'must',
          cadence: 'annual',
          evidenceHint: 'The management access settings.',
        },
        {
          id: 'ce.firewalls.inbound-rules',
          text: 'Inbound rules are documented, approved by an authorised person and removed when no longer needed.',
          level: 'must',
          cadence: 'termly',
          evidenceHint: 'The rule review with dates and approvers.',
        },
      ],
    },
    {
      id: 'ce.secure-configuration',
      title: 'Secure configuration',
      whenToMeet: 'At every annual assessment.',
      requirements: [
        {
          id: 'ce.configuration.unused',
          text: 'Unnecessary software and accounts are removed or disabled, and default passwords changed.',
          level: 'must',
          cadence: 'annual',
          evidenceHint: 'Device build standards and the account review.',
        },
        {
          id: 'ce.configuration.locking',
          text: 'Auto-run is disabled and devices lock with a PIN, password or biometric.',
          level: 'must',
          cadence: 'annual',
          evidenceHint: 'The device management configuration profiles.',
        },
      ],
    },
    {
      id: 'ce.security-updates',
      title: 'Security update management',
      whenToMeet: 'Continuously; checked at every assessment.',
      requirements: [
        {
          id: 'ce.updates.supported',
          text: 'All software in scope is licensed and supported by its vendor, and unsupported software is removed.',
          level: 'must',
          cadence: 'termly',
          evidenceHint: 'The software inventory with support dates.',
        },
        {
          id: 'ce.updates.os-firmware',
          text: 'High-risk and critical updates to operating systems and firewall or router firmware are applied within 14 days of release (A6.4).',
          level: 'must',
          cadence: 'termly',
          autoFail: 'An update not applied within 14 days fails the assessment.',
          evidenceHint: 'The patch compliance report.',
        },
        {
          id: 'ce.updates.applications',
          text: 'High-risk and critical updates to applications are applied within 14 days of release (A6.5).',
          level: 'must',
          cadence: 'termly',
          autoFail: 'An update not applied within 14 days fails the assessment.',
          evidenceHint: 'The application patch report.',
        },
      ],
    },
    {
      id: 'ce.user-access',
      title: 'User access control',
      whenToMeet: 'At every annual assessment.',
      requirements: [
        {
          id: 'ce.access.mfa-cloud',
          text: 'Multi-factor authentication is on for every user of every cloud service that offers it, whether free, bundled or paid.',
          level: 'must',
          cadence: 'termly',
          autoFail: 'Any user of an MFA-capable cloud service without MFA fails the assessment.',
          evidenceHint: 'The identity provider’s MFA registration report.',
        },
        {
          id: 'ce.access.accounts',
          text: 'Accounts are created and removed through an approved process; administrator accounts are used only for administration.',
          level: 'must',
          cadence: 'termly',
          evidenceHint: 'The joiners and leavers process and the admin account list.',
        },
        {
          id: 'ce.access.cloud-scope',
          text: 'Cloud services are included in the scope of the assessment.',
          level: 'must',
          cadence: 'annual',
          autoFail: 'Cloud services cannot be excluded from scope.',
          evidenceHint: 'The scope statement.',
        },
      ],
    },
    {
      id: 'ce.malware-protection',
      title: 'Malware protection',
      whenToMeet: 'Continuously; checked at every assessment.',
      requirements: [
        {
          id: 'ce.malware.protection',
          text: 'Anti-malware software, or application allow-listing, is active and up to date on every device in scope.',
          level: 'must',
          cadence: 'termly',
          evidenceHint: 'The anti-malware console’s coverage report.',
        },
      ],
    },
  ],
};
