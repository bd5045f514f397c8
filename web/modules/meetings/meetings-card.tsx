import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatShortDay, plural } from '../../lib/format.ts';

type CardData = { series: { id: string; name: string; next: { id: string; date: string } | null; openActions: number }[] };

/** Today: each meeting series' next meeting and its open actions. */
export function MeetingsCard({ data }: { data: CardData }) {
  return (
    <Stack gap="sm">
      {data.series.length === 0 && (
        <Text size="sm" c="dimmed">
          No meeting series yet.
        </Text>
      )}
      {data.series.map((s) => (
        <Group key={s.id} justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            {s.next ? (
              <Anchor component={Link} to={`/meetings/${s.next.id}`} size="sm" fw={600}>
                {s.name}
              </Anchor>
            ) : (
              <Text size="sm" fw={600}>
                {s.name}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {s.next ? `Next: ${formatShortDay(s.next.date)}` : 'Nothing planned'}
            </Text>
          </div>
          <Text size="xs" c={s.openActions ? undefined : 'dimmed'}>
            {plural(s.openActions, 'open action')}
          </Text>
        </Group>
      ))}
      <Anchor component={Link} to="/meetings" size="sm">
        All meetings
      </Anchor>
    </Stack>
  );
}
