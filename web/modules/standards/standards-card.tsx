import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { plural } from '../../lib/format.ts';

type CardData = {
  core: { met: number; total: number };
  overdue: { red: number; amber: number };
  actionsDue: number;
  frameworks: { key: string; title: string; met: number; applicable: number; label: string | null }[];
  pendingReview: number;
};

/** Today: the core six, overdue reviews, actions due this term. */
export function StandardsCard({ data }: { data: CardData }) {
  if (data.frameworks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No standards catalogue tracked yet.{' '}
        <Anchor component={Link} to="/standards">
          Start one
        </Anchor>
      </Text>
    );
  return (
    <Stack gap={6}>
      {data.core.total > 0 && (
        <Text size="sm" fw={600}>
          {data.core.met} of {data.core.total} core DfE standards met
        </Text>
      )}
      <Text size="sm" c={data.overdue.red ? 'red' : data.overdue.amber ? 'orange' : undefined}>
        {data.overdue.red + data.overdue.amber === 0
          ? 'No review overdue'
          : `${plural(data.overdue.red + data.overdue.amber, 'review')} overdue (${data.overdue.red} red, ${data.overdue.amber} amber)`}
      </Text>
      <Text size="sm">{plural(data.actionsDue, 'action')} due this term</Text>
      {data.pendingReview > 0 && (
        <Text size="xs" c="dimmed">
          {plural(data.pendingReview, 'requirement')} to review after an upgrade
        </Text>
      )}
      {data.frameworks
        .filter((f) => f.key !== 'dfe-dts')
        .map((f) => (
          <Group key={f.key} justify="space-between" gap="xs">
            <Text size="xs">{f.title}</Text>
            <Text size="xs" c="dimmed">
              {f.met} of {f.applicable}
            </Text>
          </Group>
        ))}
      <Anchor component={Link} to="/standards" size="sm">
        The tracker
      </Anchor>
    </Stack>
  );
}
