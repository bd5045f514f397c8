import { Alert, Anchor, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { StatusBadge } from './badges.tsx';
import type { TicketSummary } from './types.ts';

type QueueCardData = {
  open: number;
  unassigned: number;
  breachingSoon: number;
  newSinceYesterday: number;
  mine: number;
  alerts: { id: string; at: string; kind: string; message: string }[];
};

function Count({ n, label, to, color }: { n: number; label: string; to: string; color?: string }) {
  return (
    <Anchor component={Link} to={to} underline="never" c="inherit">
      <Text fz={26} fw={700} lh={1.1} c={n > 0 ? color : undefined}>
        {n}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Anchor>
  );
}

/** Today, for the IT team: the desk at a glance, and anything wrong with the desk itself. */
export function HelpdeskQueueCard({ data }: { data: QueueCardData }) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={4}>
        <Count n={data.open} label="open" to="/helpdesk" />
        <Count n={data.unassigned} label="unassigned" to="/helpdesk" color="orange" />
        <Count n={data.breachingSoon} label="breaching soon" to="/helpdesk" color="red" />
        <Count n={data.newSinceYesterday} label="new in 24 h" to="/helpdesk" />
      </SimpleGrid>
      {data.alerts.map((a) => (
        <Alert key={a.id} color="red" p="xs">
          <Text size="sm">{a.message}</Text>
        </Alert>
      ))}
      <Group justify="space-between">
        <Anchor component={Link} to="/helpdesk" size="sm">
          Open the queue ({data.mine} yours)
        </Anchor>
        <Anchor component={Link} to="/helpdesk/metrics" size="sm">
          Metrics
        </Anchor>
      </Group>
    </Stack>
  );
}

/** Today, for everyone else: your open requests. */
export function MyTicketsCard({ data }: { data: { tickets: TicketSummary[]; open: number } }) {
  return (
    <Stack gap="xs">
      {data.tickets.length === 0 && (
        <Text size="sm" c="dimmed">
          No open requests.
        </Text>
      )}
      {data.tickets.map((t) => (
        <Group key={t.id} justify="space-between" wrap="nowrap">
          <Anchor component={Link} to={`/help/tickets/${t.id}`} size="sm" truncate>
            #{t.number} {t.subject}
          </Anchor>
          <StatusBadge status={t.status} />
        </Group>
      ))}
      <Anchor component={Link} to="/help" size="sm">
        Ask IT for help
      </Anchor>
    </Stack>
  );
}
