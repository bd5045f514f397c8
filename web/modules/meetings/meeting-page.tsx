import { Anchor, Badge, Button, Grid, Group, Menu, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconArrowRight,
  IconChevronDown,
  IconFileTypeDocx,
  IconMail,
  IconMailOff,
  IconPrinter,
  IconRefresh,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { BriefingNoteButton } from '../../lib/briefing-note.tsx';
import { formatAgo, formatShortDay } from '../../lib/format.ts';
import { MAIL_SETUP_PATH, useMailStatus } from '../../lib/mail.tsx';
import { NoAccess, QueryView } from '../../lib/ui.tsx';
import { AgendaPanel } from './agenda-panel.tsx';
import { MeetingDetailsModal } from './meeting-details-modal.tsx';
import { longDay, type Meeting, STATUS_COLORS } from './meeting-types.ts';
import { MinutesPanel } from './minutes-panel.tsx';

function Papers({ meeting, canEdit }: { meeting: Meeting; canEdit: boolean }) {
  const mail = useMailStatus();
  const send = useMutation({
    mutationFn: (paper: string) =>
      api<{ sentTo: string[] }>(`/api/meetings/${meeting.id}/send`, { method: 'POST', body: { paper } }),
    onSuccess: (r) => notifications.show({ color: 'green', message: `Sent to ${r.sentTo.join(', ')}` }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="light" rightSection={<IconChevronDown size={14} />}>
          Agenda and minutes
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(['agenda', 'minutes'] as const).map((paper) => (
          <div key={paper}>
            <Menu.Label>{paper === 'agenda' ? 'Agenda' : 'Minutes'}</Menu.Label>
            <Menu.Item
              component="a"
              href={`/api/meetings/${meeting.id}/docx/${paper}`}
              leftSection={<IconFileTypeDocx size={16} />}
            >
              Download the {paper} (Word)
            </Menu.Item>
            <Menu.Item
              component={Link}
              to={`/meetings/${meeting.id}/print/${paper}`}
              target="_blank"
              leftSection={<IconPrinter size={16} />}
            >
              Print the {paper}
            </Menu.Item>
            {canEdit && mail.data?.outgoing !== false && (
              <Menu.Item leftSection={<IconMail size={16} />} onClick={() => send.mutate(paper)}>
                Email the {paper} to the members
              </Menu.Item>
            )}
            {canEdit && mail.data?.outgoing === false && (
              <Menu.Item component={Link} to={MAIL_SETUP_PATH} leftSection={<IconMailOff size={16} />} c="dimmed">
                Emailing the {paper}: mail is not set up (how to set it up)
              </Menu.Item>
            )}
          </div>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** One meeting: its agenda (built from what changed), minutes, decisions and actions. */
export function MeetingPage() {
  const { id } = useParams();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: ['meeting', id],
    queryFn: () => api<Meeting>(`/api/meetings/${id}`),
    enabled: hasRole(me, ['admin', 'it', 'slt']),
  });
  const [taking, setTaking] = useState<boolean | null>(null);
  const [editing, setEditing] = useState(false);
  const onError = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });
  const refresh = useMutation({
    mutationFn: () => api<Meeting>(`/api/meetings/${id}/agenda/refresh`, { method: 'POST' }),
    onSuccess: (m) => qc.setQueryData(['meeting', id], m),
    onError,
  });
  const held = useMutation({
    mutationFn: () => api<Meeting>(`/api/meetings/${id}`, { method: 'PATCH', body: { status: 'held' } }),
    onSuccess: (m) => {
      qc.setQueryData(['meeting', id], m);
      void qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError,
  });
  const next = useMutation({
    mutationFn: () => api<{ id: string }>(`/api/meetings/${id}/next`, { method: 'POST' }),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: ['meetings'] });
      void qc.invalidateQueries({ queryKey: ['meeting', m.id] });
      navigate(`/meetings/${m.id}`);
    },
    onError,
  });
  if (!hasRole(me, ['admin', 'it', 'slt'])) return <NoAccess />;
  const canEdit = hasRole(me, ['admin']);
  return (
    <QueryView query={query}>
      {(m) => {
        const minutesOpen = taking ?? m.status === 'held';
        return (
          <Stack>
            {editing && <MeetingDetailsModal meeting={m} onClose={() => setEditing(false)} />}
            <Group justify="space-between">
              <Anchor component={Link} to="/meetings" size="sm">
                <Group gap={4}>
                  <IconArrowLeft size={14} /> Meetings
                </Group>
              </Anchor>
              <Group gap="xs">
                {m.previous && (
                  <Anchor component={Link} to={`/meetings/${m.previous.id}`} size="sm">
                    Previous: {formatShortDay(m.previous.date)}
                  </Anchor>
                )}
                {m.next && (
                  <Anchor component={Link} to={`/meetings/${m.next.id}`} size="sm">
                    Next: {formatShortDay(m.next.date)}
                  </Anchor>
                )}
              </Group>
            </Group>
            <Group justify="space-between" align="flex-start">
              <div>
                <Title order={1} size="h2">
                  {m.series.name}
                </Title>
                <Group gap="xs" mt={4}>
                  <Badge color={STATUS_COLORS[m.status]} variant="light">
                    {m.status}
                  </Badge>
                  <Text size="sm">
                    {longDay(m.date)} at {m.time} · {m.minutes} minutes{m.location ? ` · ${m.location}` : ''}
                  </Text>
                  {canEdit && (
                    <Anchor component="button" type="button" size="sm" onClick={() => setEditing(true)}>
                      change
                    </Anchor>
                  )}
                </Group>
                <Text size="xs" c="dimmed" mt={4}>
                  {m.members.map((x) => x.name).join(', ')}
                  {m.agendaBuiltAt ? ` · agenda built ${formatAgo(m.agendaBuiltAt)}` : ''}
                  {m.agendaSentAt ? ` · agenda sent ${formatAgo(m.agendaSentAt)}` : ''}
                  {m.minutesSentAt ? ` · minutes sent ${formatAgo(m.minutesSentAt)}` : ''}
                </Text>
              </div>
              <Group gap="xs">
                {canEdit && m.status === 'planned' && (
                  <Button
                    variant="default"
                    leftSection={<IconRefresh size={16} />}
                    onClick={() => refresh.mutate()}
                    loading={refresh.isPending}
                  >
                    Refresh agenda
                  </Button>
                )}
                <BriefingNoteButton
                  source={{
                    module: 'meetings',
                    kind: 'meeting',
                    id: m.id,
                    label: `${m.series.name}, ${longDay(m.date)}`,
                    url: `/meetings/${m.id}`,
                  }}
                />
                <Papers meeting={m} canEdit={canEdit} />
                {canEdit && m.status === 'planned' && (
                  <Button variant="light" color="teal" onClick={() => held.mutate()} loading={held.isPending}>
                    Mark as held
                  </Button>
                )}
                {canEdit && (
                  <Button rightSection={<IconArrowRight size={16} />} onClick={() => next.mutate()} loading={next.isPending}>
                    Next meeting
                  </Button>
                )}
              </Group>
            </Group>
            {canEdit && m.status === 'planned' && (
              <Switch label="Taking minutes" checked={minutesOpen} onChange={(e) => setTaking(e.currentTarget.checked)} />
            )}
            <Grid>
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <AgendaPanel meeting={m} canEdit={canEdit} minutesOpen={minutesOpen} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <MinutesPanel meeting={m} canEdit={canEdit} />
                {m.notes && (
                  <Paper withBorder p="md" mt="md">
                    <Text size="sm">{m.notes}</Text>
                  </Paper>
                )}
              </Grid.Col>
            </Grid>
          </Stack>
        );
      }}
    </QueryView>
  );
}
