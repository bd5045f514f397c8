import { ActionIcon, Badge, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecklist, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { formatShortDay } from '../../lib/format.ts';
import { ACTION_STATUS, type Action, type Meeting } from './meeting-types.ts';

function useMeetingChange(meetingId: string) {
  const qc = useQueryClient();
  return {
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['meeting', meetingId] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ['today'] });
    },
    onError: (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) }),
  };
}

function ActionRow({ action, meetingId, canEdit }: { action: Action; meetingId: string; canEdit: boolean }) {
  const handlers = useMeetingChange(meetingId);
  const toTodo = useMutation({
    mutationFn: () => api(`/api/meetings/actions/${action.id}/task`, { method: 'POST' }),
    ...handlers,
  });
  const status = useMutation({
    mutationFn: (s: string) => api(`/api/meetings/actions/${action.id}`, { method: 'PATCH', body: { status: s } }),
    ...handlers,
  });
  return (
    <Stack gap={4} data-action={action.text}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text size="sm" fw={500} td={action.status === 'dropped' ? 'line-through' : undefined}>
            {action.text}
          </Text>
          <Text size="xs" c="dimmed">
            {action.owner.name}
            {action.dueOn ? ` · due ${formatShortDay(action.dueOn)}` : ''}
          </Text>
        </div>
        {canEdit ? (
          <Select
            aria-label={`Status of ${action.text}`}
            size="xs"
            w={100}
            data={Object.entries(ACTION_STATUS).map(([value, label]) => ({ value, label }))}
            value={action.status}
            onChange={(v) => v && v !== action.status && status.mutate(v)}
            allowDeselect={false}
          />
        ) : (
          <Badge variant="light">{ACTION_STATUS[action.status]}</Badge>
        )}
      </Group>
      {action.taskId ? (
        <Badge variant="light" color="teal" leftSection={<IconChecklist size={12} />} w="fit-content">
          On {action.owner.hasTodoList ? `${action.owner.name}’s` : 'the Director’s'} to-do list
        </Badge>
      ) : (
        canEdit &&
        action.status === 'open' && (
          <Button
            size="compact-xs"
            variant="light"
            w="fit-content"
            leftSection={<IconChecklist size={14} />}
            onClick={() => toTodo.mutate()}
            loading={toTodo.isPending}
          >
            {action.owner.hasTodoList ? `Add to ${action.owner.name}’s to-do list` : 'Add to my to-do list to chase'}
          </Button>
        )
      )}
    </Stack>
  );
}

/** Decisions and actions: what the meeting agreed and who does what by when. */
export function MinutesPanel({ meeting, canEdit }: { meeting: Meeting; canEdit: boolean }) {
  const handlers = useMeetingChange(meeting.id);
  const owners = useQuery({
    queryKey: ['task-owners'],
    queryFn: () => api<{ owners: { id: string; name: string }[] }>('/api/tasks/owners'),
    enabled: canEdit,
  });
  const [decision, setDecision] = useState('');
  const [text, setText] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const addDecision = useMutation({
    mutationFn: () => api(`/api/meetings/${meeting.id}/decisions`, { method: 'POST', body: { text: decision } }),
    ...handlers,
    onSuccess: () => {
      setDecision('');
      handlers.onSuccess();
    },
  });
  const removeDecision = useMutation({
    mutationFn: (id: string) => api(`/api/meetings/decisions/${id}`, { method: 'DELETE' }),
    ...handlers,
  });
  const addAction = useMutation({
    mutationFn: () => {
      const account = owners.data?.owners.find((o) => o.id === owner);
      const body = {
        text,
        dueOn: dueOn || null,
        ...(account ? { ownerId: account.id } : { ownerName: owner?.replace(/^name:/, '') }),
      };
      return api(`/api/meetings/${meeting.id}/actions`, { method: 'POST', body });
    },
    ...handlers,
    onSuccess: () => {
      setText('');
      setDueOn('');
      handlers.onSuccess();
    },
  });
  const accountIds = new Set(owners.data?.owners.map((o) => o.id));
  const ownerOptions = [
    ...(owners.data?.owners ?? []).map((o) => ({ value: o.id, label: o.name })),
    ...meeting.members
      .filter((m) => !m.userId || !accountIds.has(m.userId))
      .map((m) => ({ value: `name:${m.name}`, label: `${m.name} (no to-do list)` })),
  ];
  return (
    <Stack>
      <Paper withBorder p="md" component="section" aria-label="Decisions">
        <Title order={2} size="h5" mb="xs">
          Decisions
        </Title>
        <Stack gap={6}>
          {meeting.decisions.length === 0 && (
            <Text size="sm" c="dimmed">
              None recorded yet.
            </Text>
          )}
          {meeting.decisions.map((d) => (
            <Group key={d.id} justify="space-between" wrap="nowrap">
              <Text size="sm">{d.text}</Text>
              {canEdit && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove decision ${d.text}`}
                  onClick={() => removeDecision.mutate(d.id)}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              )}
            </Group>
          ))}
          {canEdit && (
            <>
              <Textarea
                aria-label="Decision"
                placeholder="Record a decision"
                autosize
                value={decision}
                onChange={(e) => setDecision(e.currentTarget.value)}
              />
              <Button
                size="xs"
                variant="light"
                w="fit-content"
                onClick={() => addDecision.mutate()}
                disabled={!decision}
                loading={addDecision.isPending}
              >
                Record decision
              </Button>
            </>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section" aria-label="Actions">
        <Title order={2} size="h5" mb="xs">
          Actions
        </Title>
        <Stack gap="md">
          {meeting.actions.length === 0 && (
            <Text size="sm" c="dimmed">
              None recorded yet.
            </Text>
          )}
          {meeting.actions.map((a) => (
            <ActionRow key={a.id} action={a} meetingId={meeting.id} canEdit={canEdit} />
          ))}
          {canEdit && (
            <Stack gap={6}>
              <TextInput label="New action" value={text} onChange={(e) => setText(e.currentTarget.value)} />
              <Group grow>
                <Select label="Owner" data={ownerOptions} value={owner} onChange={setOwner} searchable allowDeselect={false} />
                <DateField label="Due" value={dueOn} onChange={(v: string) => setDueOn(v)} />
              </Group>
              <Button
                size="xs"
                variant="light"
                w="fit-content"
                onClick={() => addAction.mutate()}
                disabled={!text || !owner}
                loading={addAction.isPending}
              >
                Record action
              </Button>
            </Stack>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
