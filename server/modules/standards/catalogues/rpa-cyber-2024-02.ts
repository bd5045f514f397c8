import type { CatalogueFileInput } from './catalogue-schema.ts';

/**
 * The four conditions of the Risk Protection Arrangement's cyber cover (DfE, February 2024;
 * research §3.4). The RPA is for academies and maintained schools: an independent school cannot
 * join, so this is a benchmark, off the termly report unless the Director turns it on.
 */
export const RPA_CYBER_2024_02: CatalogueFileInput = {
  key: 'rpa-cyber',
  title: 'RPA cyber conditions',
  version: '2024-02',
  publishedOn: '2024-02-01',
  sourceUrl: 'https://www.gov.uk/guidance/risk-protection-arrangement-rpa-for-schools',
  label: 'benchmark – not applicable to independent schools',
  benchmark: true,
  inReportByDefault: false,
  summary: 'The four conditions a state-funded school meets for the RPA’s cyber cover, as a benchmark.',
  standards: [
    {
      id: 'rpa.cyber',
      title: 'RPA cyber cover conditions',
      whenToMeet: 'Before cover would apply.',
      requirements: [
        {
          id: 'rpa.offline-backups',
          text: 'Have offline backups, tested, that cover the key data.',
          level: 'must',
          cadence: 'annual',
          evidenceHint: 'The offline copy and the last restore test.',
        },
        {
          id: 'rpa.ncsc-training',
          text: 'Every employee and governor with access to the IT system completes the NCSC’s Cyber Security Training each year.',
          level: 'must',
          cadence: 'annual',
          evidenceHint: 'Completion certificates or the training log.',
        },
        {
          id: 'rpa.police-cyberalarm',
          text: 'Register with Police CyberAlarm.',
          level: 'must',
          cadence: 'once',
          evidenceHint: 'The registration confirmation.',
        },
        {
          id: 'rpa.response-plan',
          text: 'Have a cyber response plan.',
          level: 'must',
          cadence: 'annual',
          evidenceHint: 'The plan and the date it was last reviewed.',
        },
      ],
    },
  ],
};
