import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { plural } from '../../lib/format.ts';
import { TaskRow } from './task-row.tsx';
import type { Task } from './task-types.ts';

type CardData = { overdue: Task[]; today: Task[]; week: Task[]; later: number; undated: number };

function Section({ label, tasks, color }: { label: string; tasks: Task[]; color?: string }) {
  if (tasks.length === 0) return null;
  return (
    <Stack gap={6}>
      <Text size="xs" fw={700} tt="uppercase" c={color ?? 'dimmed'}>
        {label} · {tasks.length}
      </Text>
      {tasks.slice(0, 6).map((t) => (
        <TaskRow key={t.id} task={t} compact />
      ))}
      {tasks.length > 6 && (
        <Text size="xs" c="dimmed">
          and {tasks.length - 6} more
        </Text>
      )}
    </Stack>
  );
}

/** Today: your own to-dos that are overdue, due today or due in the next seven days. */
export function TaskCard({ data }: { data: CardData }) {
  const nothing = data.overdue.length + data.today.length + data.week.length === 0;
  return (
    <Stack gap="sm">
      {nothing && (
        <Text size="sm" c="dimmed">
          Nothing due this week.
        </Text>
      )}
      <Section label="Overdue" tasks={data.overdue} color="red" />
      <Section label="Due today" tasks={data.today} />
      <Section label="Next seven days" tasks={data.week} />
      <Group justify="space-between">
        <Anchor component={Link} to="/tasks" size="sm">
          Open the to-do list
        </Anchor>
        {data.later + data.undated > 0 && (
          <Text size="xs" c="dimmed">
            {plural(data.later + data.undated, 'more to-do')} later or undated
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed" className="keyboard-hint">
        Press <kbd>q</kbd> anywhere to add a to-do.
      </Text>
    </Stack>
  );
}
