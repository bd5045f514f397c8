import { Anchor, Badge, Checkbox, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRepeat } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { formatShortDay } from '../../lib/format.ts';
import { invalidateTasks } from './task-modal.tsx';
import { PRIORITY_COLORS, type Task } from './task-types.ts';

export function SourceLink({ source }: { source: NonNullable<Task['source']> }) {
  if (!source.url)
    return (
      <Text span size="xs" c="dimmed">
        {source.label}
      </Text>
    );
  return source.url.startsWith('/') ? (
    <Anchor component={Link} to={source.url} size="xs">
      {source.label}
    </Anchor>
  ) : (
    <Anchor href={source.url} size="xs" target="_blank" rel="noreferrer">
      {source.label}
    </Anchor>
  );
}

/** One to-do: tick it off, open it, see when it is due, whose it is and where it came from. */
export function TaskRow({
  task,
  showOwner,
  onOpen,
  compact,
}: {
  task: Task;
  showOwner?: boolean;
  onOpen?: (t: Task) => void;
  compact?: boolean;
}) {
  const qc = useQueryClient();
  // Ticks at once; the list catches up when it reloads.
  const [done, setDone] = useState(task.status === 'done');
  const toggle = useMutation({
    mutationFn: (done: boolean) => api(`/api/tasks/${task.id}`, { method: 'PATCH', body: { status: done ? 'done' : 'open' } }),
    onSuccess: (_d, done) => {
      invalidateTasks(qc);
      if (done)
        notifications.show({
          message: `Done: ${task.title}`,
          color: 'green',
        });
    },
    onError: (err) => {
      setDone(task.status === 'done');
      notifications.show({ color: 'red', message: errorMessage(err) });
    },
  });
  const overdue = task.bucket === 'overdue';
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-task={task.title}>
      <Checkbox
        mt={2}
        checked={done}
        disabled={toggle.isPending}
        onChange={(e) => {
          setDone(e.currentTarget.checked);
          toggle.mutate(e.currentTarget.checked);
        }}
        aria-label={`Mark “${task.title}” ${task.status === 'done' ? 'not done' : 'done'}`}
      />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          {onOpen ? (
            <UnstyledButton onClick={() => onOpen(task)} style={{ minWidth: 0 }}>
              <Text size="sm" td={task.status === 'done' ? 'line-through' : undefined} lineClamp={compact ? 1 : 2}>
                {task.title}
              </Text>
            </UnstyledButton>
          ) : (
            <Text size="sm" lineClamp={compact ? 1 : 2}>
              {task.title}
            </Text>
          )}
          {task.recurrenceId && (
            <Tooltip label="Repeats">
              <IconRepeat size={14} aria-label="Repeats" />
            </Tooltip>
          )}
        </Group>
        <Group gap={8}>
          {task.dueOn && (
            <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : undefined}>
              {overdue ? 'Was due ' : 'Due '}
              {formatShortDay(task.dueOn)}
            </Text>
          )}
          {task.priority !== 'normal' && (
            <Badge size="xs" variant="light" color={PRIORITY_COLORS[task.priority]}>
              {task.priority}
            </Badge>
          )}
          {showOwner && (
            <Text size="xs" c="dimmed">
              {task.owner.name}
            </Text>
          )}
          {task.source && <SourceLink source={task.source} />}
        </Group>
      </Stack>
    </Group>
  );
}
