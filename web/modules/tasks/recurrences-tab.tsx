import { ActionIcon, Badge, Button, Group, Paper, Switch, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { formatShortDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { type Recurrence, RecurrenceModal } from './recurrence-modal.tsx';
import { invalidateTasks } from './task-modal.tsx';

/** Repeating to-dos: the weekly briefing, the end-of-term SLT report, with their next dates. */
export function RecurrencesTab() {
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Recurrence | 'new' | null>(null);
  const query = useQuery({
    queryKey: ['tasks', 'recurring'],
    queryFn: () => api<{ recurrences: Recurrence[] }>('/api/tasks/recurring'),
  });
  const toggle = useMutation({
    mutationFn: (r: Recurrence) =>
      api(`/api/tasks/recurring/${r.id}/active`, { method: 'POST', body: { isActive: !r.isActive } }),
    onSuccess: () => invalidateTasks(qc),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          Each one becomes a to-do a few days before it is due. Term-time ones follow the school calendar.
        </Text>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          Add repeating to-do
        </Button>
      </Group>
      {editing && <RecurrenceModal recurrence={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <QueryView query={query}>
        {({ recurrences }) => (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>To-do</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Next due</Table.Th>
                    <Table.Th>Owner</Table.Th>
                    <Table.Th>On</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {recurrences.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Text size="sm" c="dimmed">
                          No repeating to-dos yet.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {recurrences.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Text size="sm">{r.title}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.description}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {r.next.map((d) => (
                            <Badge key={d} variant="light" size="sm">
                              {formatShortDay(d)}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.owner.name}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Switch
                          checked={r.isActive}
                          onChange={() => toggle.mutate(r)}
                          aria-label={`${r.title} ${r.isActive ? 'on' : 'off'}`}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label="Change">
                          <ActionIcon variant="subtle" aria-label={`Change ${r.title}`} onClick={() => setEditing(r)}>
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryView>
    </>
  );
}
