import {
  Anchor,
  Button,
  Checkbox,
  Grid,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { ForRoles, hasRole, useMe } from '../../lib/auth.tsx';
import { BriefingNoteButton } from '../../lib/briefing-note.tsx';
import { DateField } from '../../lib/date-field.tsx';
import { formatDate, formatShortDay, ukDatesIn } from '../../lib/format.ts';
import { NoAccess, QueryView } from '../../lib/ui.tsx';
import { RagBadge, StatusBadge } from './project-badges.tsx';
import { ProjectModal } from './project-modal.tsx';
import { type BudgetView, money, type ProjectDetail, type ProjectList } from './project-types.ts';

function BudgetTable({ b }: { b: BudgetView }) {
  const row = (label: string, budget: number, committed: number, spent: number, left: number) => (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right">{money(budget)}</Table.Td>
      <Table.Td ta="right">{money(committed)}</Table.Td>
      <Table.Td ta="right">{money(spent)}</Table.Td>
      <Table.Td ta="right" c={left < 0 ? 'red' : undefined} fw={left < 0 ? 700 : undefined}>
        {money(left)}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th ta="right">Budget</Table.Th>
          <Table.Th ta="right">Committed</Table.Th>
          <Table.Th ta="right">Spent</Table.Th>
          <Table.Th ta="right">Left</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {row('Capital', b.capitalBudget, b.capitalCommitted, b.capitalSpent, b.capitalAvailable)}
        {row('Revenue', b.revenueBudget, b.revenueCommitted, b.revenueSpent, b.revenueAvailable)}
        {row('Total', b.totalBudget, b.totalCommitted, b.totalSpent, b.totalAvailable)}
      </Table.Tbody>
    </Table>
  );
}

function Milestones({ project }: { project: ProjectDetail }) {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['admin', 'it']);
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: ['projects'] });
  const onError = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });
  const tick = useMutation({
    mutationFn: ({ id, done }: { id: string; done: boolean }) =>
      api(`/api/projects/milestones/${id}`, {
        method: 'PATCH',
        body: { doneOn: done ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()) : null },
      }),
    onSuccess: refresh,
    onError,
  });
  const add = useMutation({
    mutationFn: () => api(`/api/projects/${project.id}/milestones`, { method: 'POST', body: { title, dueOn } }),
    onSuccess: () => {
      setTitle('');
      setDueOn('');
      refresh();
    },
    onError,
  });
  return (
    <Stack gap="xs">
      {project.milestones.length === 0 && (
        <Text size="sm" c="dimmed">
          No milestones yet.
        </Text>
      )}
      {project.milestones.map((m) => (
        <Group key={m.id} justify="space-between" wrap="nowrap">
          <Checkbox
            label={m.title}
            checked={!!m.doneOn}
            disabled={!canEdit}
            onChange={(e) => tick.mutate({ id: m.id, done: e.currentTarget.checked })}
          />
          <Text size="xs" c={m.overdue ? 'red' : 'dimmed'}>
            {m.doneOn ? `done ${formatShortDay(m.doneOn)}` : `${m.overdue ? 'overdue, ' : ''}due ${formatShortDay(m.dueOn)}`}
          </Text>
        </Group>
      ))}
      {canEdit && (
        <Group align="flex-end" gap="xs">
          <TextInput label="New milestone" value={title} onChange={(e) => setTitle(e.currentTarget.value)} style={{ flex: 1 }} />
          <DateField label="Due" value={dueOn} onChange={(v: string) => setDueOn(v)} />
          <Button variant="light" onClick={() => add.mutate()} disabled={!title || !dueOn} loading={add.isPending}>
            Add
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** One project: its state, money, milestones, what it waits for, and everything that changed. */
export function ProjectPage() {
  const { id } = useParams();
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const query = useQuery({
    queryKey: ['projects', id],
    queryFn: () => api<ProjectDetail>(`/api/projects/${id}`),
    enabled: hasRole(me, ['admin', 'it', 'slt']),
  });
  const all = useQuery({ queryKey: ['projects'], queryFn: () => api<ProjectList>('/api/projects'), enabled: editing });
  if (!hasRole(me, ['admin', 'it', 'slt'])) return <NoAccess />;
  return (
    <QueryView query={query}>
      {(p) => (
        <Stack>
          {editing && <ProjectModal project={p} projects={all.data?.projects ?? []} onClose={() => setEditing(false)} />}
          <Anchor component={Link} to="/projects" size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} /> All projects
            </Group>
          </Anchor>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={1} size="h2">
                {p.name}
              </Title>
              <Group gap="xs" mt={4}>
                <StatusBadge status={p.status} />
                <RagBadge rag={p.rag} />
                <Text size="sm" c="dimmed">
                  Owner {p.owner.name}
                  {p.objective ? ` · ${p.objective.code} ${p.initiative?.title ?? p.objective.title}` : ''}
                </Text>
              </Group>
            </div>
            <ForRoles roles={['admin', 'it']}>
              <Group gap="xs">
                <BriefingNoteButton
                  source={{ module: 'projects', kind: 'project', id: p.id, label: p.name, url: `/projects/${p.id}` }}
                />
                <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                  Update
                </Button>
              </Group>
            </ForRoles>
          </Group>
          {p.rag !== 'green' && p.ragReason && (
            <Paper
              withBorder
              p="sm"
              bg={p.rag === 'red' ? 'var(--mantine-color-red-light)' : 'var(--mantine-color-yellow-light)'}
            >
              <Text size="sm">
                <b>Why {p.rag}:</b> {p.ragReason}
              </Text>
            </Paper>
          )}
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack>
                <Paper withBorder p="md">
                  <Text size="sm">{p.summary || 'No summary yet.'}</Text>
                  <Group gap="lg" mt="sm">
                    <Text size="xs" c="dimmed">
                      Start {p.startOn ? formatShortDay(p.startOn) : '—'} · target {p.targetOn ? formatShortDay(p.targetOn) : '—'}
                      {p.completedOn ? ` · completed ${formatShortDay(p.completedOn)}` : ''}
                    </Text>
                  </Group>
                  {p.progress !== null && <Progress value={p.progress} mt="sm" aria-label={`${p.progress}% done`} />}
                </Paper>
                <Paper withBorder p="md">
                  <Title order={2} size="h5" mb="xs">
                    Budget
                  </Title>
                  <BudgetTable b={p.budget} />
                </Paper>
                <Paper withBorder p="md">
                  <Title order={2} size="h5" mb="xs">
                    Milestones
                  </Title>
                  <Milestones project={p} />
                </Paper>
                {p.dependsOn.length > 0 && (
                  <Paper withBorder p="md">
                    <Title order={2} size="h5" mb="xs">
                      Waits for
                    </Title>
                    {p.dependsOn.map((d) => (
                      <Group key={d.id} gap="xs">
                        <Anchor component={Link} to={`/projects/${d.id}`} size="sm">
                          {d.name}
                        </Anchor>
                        <StatusBadge status={d.status} />
                      </Group>
                    ))}
                  </Paper>
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder p="md">
                <Title order={2} size="h5" mb="sm">
                  History
                </Title>
                <Timeline bulletSize={14} lineWidth={2}>
                  {p.history.map((h) => (
                    <Timeline.Item key={`${h.at}-${h.kind}-${h.note}`} title={ukDatesIn(h.lines.join(' · ') || h.note || h.kind)}>
                      {h.lines.length > 0 && h.note && <Text size="sm">{ukDatesIn(h.note)}</Text>}
                      <Text size="xs" c="dimmed">
                        {formatDate(h.at)} · {h.by}
                      </Text>
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Paper>
            </Grid.Col>
          </Grid>
        </Stack>
      )}
    </QueryView>
  );
}
