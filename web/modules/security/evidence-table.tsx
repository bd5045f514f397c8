import { Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { fieldLabel, formatFullDateTime } from '../../lib/format.ts';

/** What each evidence key means, in words; others fall back to their key as words. */
const LABELS: Record<string, string> = {
  ip: 'Address',
  asn: 'Network (AS number)',
  distinctUsers: 'Accounts that failed',
  failures: 'Failed sign-ins',
  medianFailuresPerUser: 'Median failures per account',
  succeedingUsers: 'Accounts that also signed in',
  peakWindow: 'Busiest window',
  threshold: 'Threshold crossed',
  minUsers: 'at least (accounts)',
  minFailures: 'at least (failures)',
  windowMinutes: 'within (minutes)',
  maxMedianFailures: 'at most (median failures per account)',
  guard: 'and',
  trustedNetwork: "School's own network",
  possibleCompromise: 'Possibly compromised accounts',
  successes: 'Successful sign-ins from it',
  failuresInWindow: 'Failures in the window',
  lockouts: 'Lock-outs',
  distributed: 'Spread over many addresses',
  successAfter: 'Then signed in successfully',
  bruteForcedUsers: 'Accounts brute-forced',
  denials: 'MFA prompts denied',
  fraudReports: 'Reported as fraud',
  minDenials: 'at least (denials)',
  successWithinMinutes: 'success within (minutes)',
  distanceKm: 'Distance (km)',
  distanceFrom: 'Distance measured from',
  speedKmh: 'Speed needed (km/h)',
  minutes: 'Minutes between',
  minSpeedKmh: 'at least (km/h)',
  minDistanceKm: 'at least (km)',
  marginKm: 'margin (km)',
  relay: 'Relay or VPN',
  from: 'From',
  to: 'To',
  ts: 'Time',
  lat: 'Latitude',
  lon: 'Longitude',
  countryInBaseline: 'Country seen before for this account',
  thinBaseline: 'Little history to compare with',
  baseline: 'History compared with',
  signIns: 'sign-ins',
  days: 'days',
  countries: 'countries',
  lookbackDays: 'looking back (days)',
  tenantShare: 'Share of the school signing in from there',
  minSignIns: 'at least (sign-ins)',
  minDays: 'at least (days)',
  commonShare: 'common above (share)',
  lowerSeverity: 'Severity lowered because',
  reasons: 'Why',
  hint: 'Hint',
  eventCount: 'Sign-ins behind the alert',
  vendor: 'Reported by',
  eventType: 'Vendor alert type',
  vendorId: "Vendor's reference",
  errorCode: 'Error code',
  clientApp: 'Client app',
  authRequirement: 'Authentication',
  day: 'Day',
  users: 'accounts',
  start: 'starting',
};

/** Keys shown elsewhere in the drawer (the sign-ins table, the rule, the GeoIP note) or never (the raw record). */
const SHOWN_ELSEWHERE = new Set(['events', 'raw', 'rule', 'geoip', 'distanceSource']);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const label = (k: string) => LABELS[k] ?? fieldLabel(k);

function Value({ k, v }: { k: string; v: unknown }): ReactNode {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    if (/share$/i.test(k) && v <= 1) return `${Math.round(v * 1000) / 10}%`;
    return v.toLocaleString('en-GB');
  }
  if (typeof v === 'string') {
    if (ISO.test(v)) return formatFullDateTime(v);
    if (/^[a-z]+(_[a-z]+)+$/.test(v)) return v.replace(/_/g, ' ');
    return v;
  }
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => String(x)).join(', ');
    return (
      <Stack gap={2}>
        {v.map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: evidence rows have no identity of their own
          <Text key={i} size="xs">
            <Inline obj={x as Record<string, unknown>} />
          </Text>
        ))}
      </Stack>
    );
  }
  return <Inline obj={v as Record<string, unknown>} />;
}

function Inline({ obj }: { obj: Record<string, unknown> }) {
  const entries = Object.entries(obj).filter(([, x]) => x !== null && x !== undefined && x !== '');
  return (
    <>
      {entries.map(([k, x], i) => (
        <span key={k}>
          {i > 0 ? '; ' : ''}
          {label(k)}: <Value k={k} v={x} />
        </span>
      ))}
    </>
  );
}

/** An alert's evidence snapshot as a two-column table a person reads: what, and its value. */
export function EvidenceTable({ evidence }: { evidence: Record<string, unknown> }) {
  const rows = Object.entries(evidence).filter(([k]) => !SHOWN_ELSEWHERE.has(k));
  if (!rows.length) return null;
  return (
    <Table fz="sm" withTableBorder variant="vertical" layout="fixed" data-testid="evidence-table">
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w="38%" style={{ fontWeight: 500 }}>
              {label(k)}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              <Value k={k} v={v} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
