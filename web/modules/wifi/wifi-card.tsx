import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDay } from '../../lib/format.ts';
import { pct } from './wifi-types.ts';

type Data = {
  day: string;
  attempts: number;
  successRate: number | null;
  referenceSuccessRate: number | null;
  worstBuilding: { name: string; successRate: number } | null;
};

/** Today's Wi-Fi card: the last school day against the fortnight before. */
export function WifiCard({ data }: { data: Data }) {
  if (!data.attempts)
    return (
      <Text size="sm" c="dimmed">
        No Wi-Fi data for {formatDay(data.day)}. Import the controller's export on the Wi-Fi page.
      </Text>
    );
  return (
    <Stack gap={4}>
      <Group gap="xs" align="baseline">
        <Text fw={700} size="xl">
          {pct(data.successRate, 1)}
        </Text>
        <Text size="sm">of connections succeeded on {formatDay(data.day)}</Text>
      </Group>
      {data.referenceSuccessRate !== null && (
        <Text size="sm" c="dimmed">
          {pct(data.referenceSuccessRate, 1)} over the school days before.
        </Text>
      )}
      {data.worstBuilding && (
        <Text size="sm">
          Worst: {data.worstBuilding.name} ({pct(data.worstBuilding.successRate, 1)}).
        </Text>
      )}
      <Anchor component={Link} to={`/wifi?from=${data.day}&to=${data.day}`} size="sm">
        Open the verdict
      </Anchor>
    </Stack>
  );
}
