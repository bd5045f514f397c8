import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { plural } from '../../lib/format.ts';
import { SEVERITY_COLOR } from './alert-types.ts';
import { severityLabel } from './labels.ts';

type Summary = {
  unreviewed: number;
  unreviewedHigh: number;
  top: { id: string; title: string; severity: string; lastSeen: string }[];
  newSinceYesterday: number;
  highSinceYesterday: number;
  open: number;
};

/** Today: what is still to review, the worst of it by name, and what arrived since yesterday. */
export function AlertsCard({ data }: { data: Summary }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} data-testid="alerts-unreviewed">
        {data.unreviewed === 0
          ? 'No alerts waiting for review.'
          : `${plural(data.unreviewed, 'alert')} not yet reviewed${data.unreviewedHigh ? `, ${data.unreviewedHigh} high or critical` : ''}`}
      </Text>
      {data.top.map((a) => (
        <Group key={a.id} gap={6} wrap="nowrap" align="flex-start">
          <Badge size="xs" color={SEVERITY_COLOR[a.severity]} mt={3} style={{ flexShrink: 0 }}>
            {severityLabel(a.severity)}
          </Badge>
          <Anchor component={Link} to={`/security?alert=${a.id}`} size="sm" lineClamp={2}>
            {a.title}
          </Anchor>
        </Group>
      ))}
      <Text size="xs" c="dimmed" data-testid="alerts-since-yesterday">
        Since yesterday: {plural(data.newSinceYesterday, 'new alert')}, {data.highSinceYesterday} high
      </Text>
      <Anchor component={Link} to="/security" size="sm">
        Open the alert queue
      </Anchor>
    </Stack>
  );
}
