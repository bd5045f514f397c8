import { Button, Group, Paper, Select, Stack, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { RecurrencesTab } from './recurrences-tab.tsx';
import { TaskModal, useOwners } from './task-modal.tsx';
import { TaskRow } from './task-row.tsx';
import { BUCKET_LABELS, type Task } from './task-types.ts';

const ORDER: Task['bucket'][] = ['overdue', 'today', 'week', 'later', 'undated', 'closed'];

function TaskGroups({ tasks, showOwner, onOpen }: { tasks: Task[]; showOwner: boolean; onOpen: (t: Task) => void }) {
  if (tasks.length === 0)
    return (
      <Text c="dimmed" size="sm">
        Nothing here.
      </Text>
    );
  return (
    <Stack gap="lg">
      {ORDER.map((bucket) => {
        const list = tasks.filter((t) => t.bucket === bucket);
        if (list.length === 0) return null;
        return (
          <Paper key={bucket} withBorder p="md" component="section" aria-label={BUCKET_LABELS[bucket]}>
            <Text size="xs" fw={700} tt="uppercase" c={bucket === 'overdue' ? 'red' : 'dimmed'} mb="sm">
              {BUCKET_LABELS[bucket]} · {list.length}
            </Text>
            <Stack gap="sm">
              {list.map((t) => (
                <TaskRow key={t.id} task={t} showOwner={showOwner} onOpen={onOpen} />
              ))}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

function TaskList({ scope, status, onOpen }: { scope: 'mine' | 'all'; status: 'open' | 'done'; onOpen: (t: Task) => void }) {
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const owners = useOwners(scope === 'all');
  const query = useQuery({
    queryKey: ['tasks', scope, status, ownerId],
    queryFn: () => api<{ tasks: Task[] }>(`/api/tasks?scope=${scope}&status=${status}${ownerId ? `&ownerId=${ownerId}` : ''}`),
  });
  return (
    <Stack>
      {scope === 'all' && (
        <Select
          aria-label="Owner"
          placeholder="Everyone"
          clearable
          w={260}
          data={(owners.data?.owners ?? []).map((o) => ({ value: o.id, label: o.name }))}
          value={ownerId}
          onChange={setOwnerId}
        />
      )}
      <QueryView query={query}>
        {({ tasks }) => <TaskGroups tasks={tasks} showOwner={scope === 'all'} onOpen={onOpen} />}
      </QueryView>
    </Stack>
  );
}

/** The to-do list: yours, everyone's (the Director and IT), repeating ones and what is done. */
export function TasksPage() {
  const { data: me } = useMe();
  const [editing, setEditing] = useState<Task | 'new' | null>(null);
  const [tab, setTab] = useState<string | null>('mine');
  if (!hasRole(me, ['admin', 'it', 'slt'])) return <NoAccess />;
  const seesAll = hasRole(me, ['admin', 'it']);
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageTitle title="To-do list">
          Your to-dos, with where each came from.
          <span className="keyboard-hint">
            {' '}
            Press <kbd>q</kbd> or Ctrl+K anywhere in Belfry to add one.
          </span>
        </PageTitle>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          Add to-do
        </Button>
      </Group>
      {editing && <TaskModal task={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="mine">Mine</Tabs.Tab>
          {seesAll && <Tabs.Tab value="all">Everyone</Tabs.Tab>}
          <Tabs.Tab value="recurring">Repeating</Tabs.Tab>
          <Tabs.Tab value="done">Done</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="mine">
          <TaskList scope="mine" status="open" onOpen={setEditing} />
        </Tabs.Panel>
        {seesAll && (
          <Tabs.Panel value="all">
            <TaskList scope="all" status="open" onOpen={setEditing} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="recurring">
          <RecurrencesTab />
        </Tabs.Panel>
        <Tabs.Panel value="done">
          <TaskList scope="mine" status="done" onOpen={setEditing} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
