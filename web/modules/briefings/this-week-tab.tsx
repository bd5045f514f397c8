import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileText, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { formatDateTime, formatDay } from '../../lib/format.ts';
import type { BriefingView, NoteView, ThisWeek } from './briefing-types.ts';
import { NoteText } from './note-text.tsx';

function PendingNotes({ mine }: { mine: string | undefined }) {
  const qc = useQueryClient();
  const notes = useQuery({ queryKey: ['briefings', 'notes'], queryFn: () => api<{ notes: NoteView[] }>('/api/briefings/notes') });
  const withdraw = useMutation({
    mutationFn: (id: string) => api(`/api/briefings/notes/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['briefings'] }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const list = notes.data?.notes ?? [];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h5" mb="xs">
        Notes for the next briefing
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        “Note for the briefing” on a ticket, an alert, a project or a meeting
        <span className="keyboard-hint">, or press n anywhere</span>.
      </Text>
      {list.length === 0 ? (
        <Text size="sm">No notes waiting.</Text>
      ) : (
        <Stack gap={6}>
          {list.map((n) => (
            <Group key={n.id} justify="space-between" wrap="nowrap" align="flex-start">
              <NoteText note={n} />
              {(mine === undefined || n.authorName === mine) && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconTrash size={12} />}
                  onClick={() => withdraw.mutate(n.id)}
                >
                  Withdraw
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** This week: the Director's draft (or when it will be drafted), the latest briefing, the notes waiting. */
export function ThisWeekTab({ week, director, myName }: { week: ThisWeek; director: boolean; myName: string }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const draft = useMutation({
    mutationFn: () => api<BriefingView>('/api/briefings/draft', { method: 'POST', body: { week: week.week } }),
    onSuccess: async (b) => {
      await qc.invalidateQueries({ queryKey: ['briefings'] });
      navigate(`/briefings/${b.id}`);
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Stack>
      {director && (
        <Paper withBorder p="md" data-this-week>
          <Title order={2} size="h4" mb="xs">
            This week’s briefing
          </Title>
          {week.briefing ? (
            <Stack gap="xs">
              <Text size="sm">
                {week.briefing.status === 'draft'
                  ? `Drafted ${formatDateTime(week.briefing.draftedAt)}; not published yet.`
                  : `Published ${week.briefing.publishedAt ? formatDateTime(week.briefing.publishedAt) : ''}.`}
              </Text>
              <Group>
                <Button component={Link} to={`/briefings/${week.briefing.id}`} leftSection={<IconFileText size={16} />}>
                  {week.briefing.status === 'draft' ? 'Open this week’s draft' : 'Open this week’s briefing'}
                </Button>
              </Group>
            </Stack>
          ) : (
            <Stack gap="xs">
              <Text size="sm">
                {week.draftDay
                  ? `It will be drafted from the week’s data on ${formatDay(week.draftDay)}, the last school day of the week.`
                  : 'There is no school day this week, so no draft is made for it.'}
              </Text>
              <Group>
                <Button onClick={() => draft.mutate()} loading={draft.isPending}>
                  Draft it now
                </Button>
              </Group>
              {draft.isPending && (
                <Alert variant="light" color="blue">
                  Drafting from this week’s help desk, security, projects, Wi-Fi, meetings and calendar… the Wi-Fi verdict takes a
                  few seconds.
                </Alert>
              )}
            </Stack>
          )}
        </Paper>
      )}
      {week.latest && (!director || week.latest.id !== week.briefing?.id) && (
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb={4}>
            Latest briefing
          </Title>
          <Anchor component={Link} to={`/briefings/${week.latest.id}`}>
            {week.latest.title}
          </Anchor>
          {week.latest.publishedAt && (
            <Text size="xs" c="dimmed">
              Published {formatDateTime(week.latest.publishedAt)}
            </Text>
          )}
        </Paper>
      )}
      <PendingNotes mine={director ? undefined : myName} />
    </Stack>
  );
}
