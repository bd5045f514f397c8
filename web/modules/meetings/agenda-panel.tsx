import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import type { AgendaItem, Meeting } from './meeting-types.ts';

function useItemChange(meetingId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) =>
      api(`/api/meetings/items/${id}`, { method: 'PATCH', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['meeting', meetingId] }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
}

function Item({
  item,
  n,
  meetingId,
  canEdit,
  minutesOpen,
}: {
  item: AgendaItem;
  n: number;
  meetingId: string;
  canEdit: boolean;
  minutesOpen: boolean;
}) {
  const change = useItemChange(meetingId);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(item.title);
  const [detail, setDetail] = useState(item.detail);
  const [minutes, setMinutes] = useState(item.minutes ?? '');
  const save = (body: Record<string, unknown>) => change.mutate({ id: item.id, body });
  return (
    <Stack gap={4} data-agenda-item={item.title}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        {editing ? (
          <Stack gap={4} style={{ flex: 1 }}>
            <TextInput aria-label="Item" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
            <TextInput aria-label="Detail" value={detail} onChange={(e) => setDetail(e.currentTarget.value)} />
          </Stack>
        ) : (
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {n}. {item.title}{' '}
              {item.url && (
                <Anchor component={Link} to={item.url} size="xs" fw={400}>
                  open
                </Anchor>
              )}
            </Text>
            {item.detail && (
              <Text size="xs" c="dimmed">
                {item.detail}
              </Text>
            )}
          </div>
        )}
        {canEdit && (
          <Group gap={0} wrap="nowrap">
            {editing ? (
              <Tooltip label="Save">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Save ${item.title}`}
                  onClick={() => {
                    save({ title, detail });
                    setEditing(false);
                  }}
                >
                  <IconCheck size={16} />
                </ActionIcon>
              </Tooltip>
            ) : (
              <Tooltip label="Reword">
                <ActionIcon variant="subtle" aria-label={`Reword ${item.title}`} onClick={() => setEditing(true)}>
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
            )}
            <ActionIcon variant="subtle" aria-label={`Move ${item.title} up`} onClick={() => save({ move: 'up' })}>
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" aria-label={`Move ${item.title} down`} onClick={() => save({ move: 'down' })}>
              <IconArrowDown size={16} />
            </ActionIcon>
            <Tooltip label="Take off the agenda">
              <ActionIcon variant="subtle" color="red" aria-label={`Remove ${item.title}`} onClick={() => save({ hidden: true })}>
                <IconX size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
      {(minutesOpen || item.minutes) &&
        (canEdit && minutesOpen ? (
          <Textarea
            aria-label={`Minutes for ${item.title}`}
            placeholder="What was said"
            autosize
            minRows={1}
            value={minutes}
            onChange={(e) => setMinutes(e.currentTarget.value)}
            onBlur={() => minutes !== (item.minutes ?? '') && save({ minutes })}
          />
        ) : (
          <Text size="sm" pl="md" style={{ borderLeft: '3px solid var(--mantine-color-default-border)' }}>
            {item.minutes}
          </Text>
        ))}
    </Stack>
  );
}

const SECTION_OPTIONS = [
  { value: 'discussion', label: 'For discussion' },
  { value: 'projects', label: 'Projects' },
  { value: 'budget', label: 'Budget' },
  { value: 'risks', label: 'Risks' },
  { value: 'security', label: 'Cyber security' },
  { value: 'standing', label: 'Standing items' },
];

/** The agenda by section, open actions first; the Director rewords, reorders, removes and adds. */
export function AgendaPanel({ meeting, canEdit, minutesOpen }: { meeting: Meeting; canEdit: boolean; minutesOpen: boolean }) {
  const qc = useQueryClient();
  const [section, setSection] = useState('discussion');
  const [title, setTitle] = useState('');
  const add = useMutation({
    mutationFn: () => api(`/api/meetings/${meeting.id}/items`, { method: 'POST', body: { section, title } }),
    onSuccess: () => {
      setTitle('');
      void qc.invalidateQueries({ queryKey: ['meeting', meeting.id] });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  let n = 0;
  return (
    <Stack>
      {meeting.sections.map((s) => (
        <Paper key={s.id} withBorder p="md" component="section" aria-label={s.title} data-section={s.id}>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h5">
              {s.title}
            </Title>
            <Badge variant="light" size="sm">
              {s.items.length}
            </Badge>
          </Group>
          <Stack gap="sm">
            {s.items.map((i) => (
              <Item key={i.id} item={i} n={++n} meetingId={meeting.id} canEdit={canEdit} minutesOpen={minutesOpen} />
            ))}
          </Stack>
        </Paper>
      ))}
      {canEdit && (
        <Group align="flex-end">
          <Select
            label="Section"
            data={SECTION_OPTIONS}
            value={section}
            onChange={(v) => v && setSection(v)}
            allowDeselect={false}
            w={180}
          />
          <TextInput label="Add an item" value={title} onChange={(e) => setTitle(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button variant="light" onClick={() => add.mutate()} disabled={!title} loading={add.isPending}>
            Add item
          </Button>
        </Group>
      )}
    </Stack>
  );
}
