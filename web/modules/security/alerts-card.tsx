import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

type Summary = { newSinceYesterday: number; highSinceYesterday: number; open: number; unreviewed: number };

/** Today: "since yesterday: N new alerts, M high", opening the queue. */
export function AlertsCard({ data }: { data: Summary }) {
  return (
    <Stack gap={6}>
      <Text size="sm" data-testid="alerts-since-yesterday">
        Since yesterday: {data.newSinceYesterday} new alert{data.newSinceYesterday === 1 ? '' : 's'}, {data.highSinceYesterday}{' '}
        high
      </Text>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {data.unreviewed} not yet reviewed · {data.open} open
        </Text>
      </Group>
      <Anchor component={Link} to="/security" size="sm">
        Open the alert queue
      </Anchor>
    </Stack>
  );
}
