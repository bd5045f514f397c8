import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { ForRoles, hasRole, useMe } from '../../lib/auth.tsx';
import { formatShortDay } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { longDay, type SeriesSummary, STATUS_COLORS } from './meeting-types.ts';
import { SeriesModal } from './series-modal.tsx';

function SeriesCard({ s, onEdit }: { s: SeriesSummary; onEdit: () => void }) {
  const navigate = useNavigate();
  const plan = useMutation({
    mutationFn: () => api<{ id: string }>(`/api/meetings/series/${s.id}/meetings`, { method: 'POST', body: {} }),
    onSuccess: (m) => navigate(`/meetings/${m.id}`),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Card withBorder padding="lg" component="section" aria-label={s.name}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h4">
            {s.name}
          </Title>
          <Text size="sm" c="dimmed">
            {s.purpose}
          </Text>
        </div>
        <ForRoles roles={['admin']}>
          <Button variant="subtle" size="xs" leftSection={<IconPencil size={14} />} onClick={onEdit}>
            Members
          </Button>
        </ForRoles>
      </Group>
      <Text size="xs" c="dimmed" mt="xs">
        Every {s.cadenceWeeks} week{s.cadenceWeeks === 1 ? '' : 's'} · {s.members.map((m) => m.name).join(', ')}
      </Text>
      <Group mt="md">
        {s.next ? (
          <Button component={Link} to={`/meetings/${s.next.id}`}>
            Next meeting: {longDay(s.next.date)}
          </Button>
        ) : (
          <ForRoles roles={['admin']}>
            <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => plan.mutate()} loading={plan.isPending}>
              Plan the next meeting
            </Button>
          </ForRoles>
        )}
      </Group>
      <Stack gap={4} mt="md">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          Meetings
        </Text>
        {s.meetings.slice(0, 6).map((m) => (
          <Group key={m.id} gap="xs">
            <Anchor component={Link} to={`/meetings/${m.id}`} size="sm">
              {formatShortDay(m.date)}
            </Anchor>
            <Badge size="xs" variant="light" color={STATUS_COLORS[m.status]}>
              {m.status}
            </Badge>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

/** The meeting series and their meetings: open the next one to see its agenda. */
export function MeetingsPage() {
  const { data: me } = useMe();
  const [editing, setEditing] = useState<SeriesSummary | 'new' | null>(null);
  const query = useQuery({
    queryKey: ['meetings'],
    queryFn: () => api<{ series: SeriesSummary[] }>('/api/meetings'),
    enabled: hasRole(me, ['admin', 'it', 'slt']),
  });
  if (!hasRole(me, ['admin', 'it', 'slt'])) return <NoAccess />;
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageTitle title="Meetings">
          Agendas that build themselves from what has changed, minutes, and actions that land on to-do lists.
        </PageTitle>
        <ForRoles roles={['admin']}>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Add a meeting series
          </Button>
        </ForRoles>
      </Group>
      {editing && <SeriesModal series={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <QueryView query={query}>
        {({ series }) => (
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {series.map((s) => (
              <SeriesCard key={s.id} s={s} onEdit={() => setEditing(s)} />
            ))}
          </SimpleGrid>
        )}
      </QueryView>
    </>
  );
}
