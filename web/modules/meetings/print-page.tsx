import { Button, Container, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { formatShortDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { ACTION_STATUS, longDay, type Meeting } from './meeting-types.ts';

/** The agenda or minutes on a plain page, ready for the printer (outside the app's frame). */
export function MeetingPrintPage() {
  const { id, paper } = useParams();
  const minutes = paper === 'minutes';
  const query = useQuery({ queryKey: ['meeting', id], queryFn: () => api<Meeting>(`/api/meetings/${id}`) });
  return (
    <Container size="md" py="lg" className="print-page">
      <style>{'@media print { .no-print { display: none !important; } body { background: white; } }'}</style>
      <QueryView query={query}>
        {(m) => {
          let n = 0;
          return (
            <Stack gap="md">
              <Group justify="space-between" className="no-print">
                <Text size="sm" c="dimmed">
                  Print or save as PDF from here.
                </Text>
                <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
                  Print
                </Button>
              </Group>
              <div>
                <Title order={1} size="h2">
                  {m.series.name}: {minutes ? 'minutes' : 'agenda'}
                </Title>
                <Text>
                  {longDay(m.date)} at {m.time} ({m.minutes} minutes){m.location ? `, ${m.location}` : ''}
                </Text>
                <Text size="sm" c="dimmed">
                  Members: {m.members.map((x) => x.name).join(', ')}
                </Text>
              </div>
              {m.sections.map((s) => (
                <div key={s.id}>
                  <Title order={2} size="h4" mb={4}>
                    {s.title}
                  </Title>
                  <Stack gap={6}>
                    {s.items.map((i) => (
                      <div key={i.id}>
                        <Text fw={600}>
                          {++n}. {i.title}
                        </Text>
                        {i.detail && (
                          <Text size="sm" fs="italic" pl="md">
                            {i.detail}
                          </Text>
                        )}
                        {minutes && i.minutes && (
                          <Text size="sm" pl="md">
                            {i.minutes}
                          </Text>
                        )}
                      </div>
                    ))}
                  </Stack>
                </div>
              ))}
              {minutes && (
                <>
                  {m.notes && <Text>{m.notes}</Text>}
                  <Title order={2} size="h4">
                    Decisions
                  </Title>
                  {m.decisions.length ? (
                    <List>
                      {m.decisions.map((d) => (
                        <List.Item key={d.id}>{d.text}</List.Item>
                      ))}
                    </List>
                  ) : (
                    <Text>None recorded.</Text>
                  )}
                  <Title order={2} size="h4">
                    Actions
                  </Title>
                  <Table withTableBorder>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Action</Table.Th>
                        <Table.Th>Owner</Table.Th>
                        <Table.Th>Due</Table.Th>
                        <Table.Th>Status</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {m.actions.map((a) => (
                        <Table.Tr key={a.id}>
                          <Table.Td>{a.text}</Table.Td>
                          <Table.Td>{a.owner.name}</Table.Td>
                          <Table.Td>{a.dueOn ? formatShortDay(a.dueOn) : ''}</Table.Td>
                          <Table.Td>{ACTION_STATUS[a.status]}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </>
              )}
            </Stack>
          );
        }}
      </QueryView>
    </Container>
  );
}
