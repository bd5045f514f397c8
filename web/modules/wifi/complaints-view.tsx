import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconMail, IconTicket } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { plural } from '../../lib/format.ts';
import { ErrorNotice } from '../../lib/ui.tsx';
import { MessageModal } from './message-modal.tsx';
import { type ComplaintAnalysis, clientHref, STATUS_LABELS } from './wifi-types.ts';

type TicketAnalysis = { tickets: number; analysis: ComplaintAnalysis | null; ticketsByPerson: Record<string, number[]> };

function Results({
  a,
  tickets,
  from,
  to,
}: {
  a: ComplaintAnalysis;
  tickets?: Record<string, number[]>;
  from: string;
  to: string;
}) {
  const [messageKey, setMessageKey] = useState<string | null>(null);
  return (
    <Stack>
      <Alert color="blue" variant="light" title={a.summary}>
        {a.headline}
      </Alert>
      <Table fz="xs" striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Who</Table.Th>
            <Table.Th>Finding</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.results.map((r) => {
            const label = STATUS_LABELS[r.status] ?? { label: r.status, color: 'gray' };
            return (
              <Table.Tr key={r.query}>
                <Table.Td>
                  {r.key ? (
                    <Anchor component={Link} to={clientHref(r.key)} size="xs">
                      {r.person?.name ?? r.query}
                    </Anchor>
                  ) : (
                    (r.person?.name ?? r.query)
                  )}
                  {r.person?.tutorGroup && (
                    <Text size="xs" c="dimmed">
                      {r.person.yearLabel} · {r.person.tutorGroup}
                    </Text>
                  )}
                  {tickets?.[r.query.toLowerCase()] && (
                    <Text size="xs" c="dimmed">
                      Ticket {tickets[r.query.toLowerCase()]?.map((n) => `#${n}`).join(', ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={label.color} size="sm">
                    {label.label}
                  </Badge>
                  {r.inWindow && (
                    <Text size="xs" c="dimmed">
                      {r.inWindow.failures} failed in the times given
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.explanation}</Table.Td>
                <Table.Td>
                  {r.message && r.key && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      leftSection={<IconMail size={12} />}
                      onClick={() => setMessageKey(r.key)}
                    >
                      Draft message
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <MessageModal clientKey={messageKey} from={from} to={to} onClose={() => setMessageKey(null)} />
    </Stack>
  );
}

/** From complaint to contact: the complaining pupils (or the help desk's Wi-Fi tickets) set against the evidence. */
export function ComplaintsView({ from, to }: { from: string; to: string }) {
  const [people, setPeople] = useState('');
  const [building, setBuilding] = useState('');
  const [timeFrom, setTimeFrom] = useState('');
  const [timeTo, setTimeTo] = useState('');
  const analyse = useMutation({
    mutationFn: () =>
      api<ComplaintAnalysis>('/api/wifi/complaints', {
        method: 'POST',
        body: {
          people: people.split(/[\s,;]+/).filter(Boolean),
          from,
          to,
          building: building || undefined,
          timeFrom: timeFrom || undefined,
          timeTo: timeTo || undefined,
        },
      }),
  });
  const tickets = useMutation({ mutationFn: () => api<TicketAnalysis>(`/api/wifi/tickets?from=${from}&to=${to}`) });
  // The school's buildings by name, grouped by school; the analysis takes the building's code.
  const places = useQuery({
    queryKey: ['places'],
    queryFn: () => api<{ places: { schoolCode: string; buildings: { code: string; name: string }[] }[] }>('/api/places'),
  });
  const seen = new Set<string>();
  const buildingOptions = (places.data?.places ?? []).map((p) => ({
    group: `${p.schoolCode.charAt(0).toUpperCase()}${p.schoolCode.slice(1)} school`,
    items: p.buildings.filter((b) => !seen.has(b.code) && seen.add(b.code)).map((b) => ({ value: b.code, label: b.name })),
  }));
  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Textarea
            label="Who complained (e-mail addresses, one a line)"
            value={people}
            onChange={(e) => setPeople(e.currentTarget.value)}
            autosize
            minRows={3}
          />
          <Group align="flex-end">
            <Select
              label="Building (optional)"
              placeholder="Any building"
              data={buildingOptions}
              value={building || null}
              onChange={(v) => setBuilding(v ?? '')}
              searchable
              clearable
              w={240}
            />
            <TextInput
              type="time"
              label="From (optional)"
              value={timeFrom}
              onChange={(e) => setTimeFrom(e.currentTarget.value)}
              w={130}
            />
            <TextInput type="time" label="To" value={timeTo} onChange={(e) => setTimeTo(e.currentTarget.value)} w={130} />
            <Button onClick={() => analyse.mutate()} loading={analyse.isPending} disabled={!people.trim()}>
              Analyse these complaints
            </Button>
            <Button
              variant="light"
              leftSection={<IconTicket size={16} />}
              onClick={() => tickets.mutate()}
              loading={tickets.isPending}
            >
              Analyse the Wi-Fi tickets
            </Button>
          </Group>
        </Stack>
      </Paper>
      {analyse.error && <ErrorNotice error={analyse.error} />}
      {tickets.error && <ErrorNotice error={tickets.error} />}
      {analyse.data && <Results a={analyse.data} from={from} to={to} />}
      {tickets.data &&
        (tickets.data.analysis ? (
          <Results a={tickets.data.analysis} tickets={tickets.data.ticketsByPerson} from={from} to={to} />
        ) : (
          <Alert color="gray">No Wi-Fi tickets with a requester in this window ({plural(tickets.data.tickets, 'ticket')}).</Alert>
        ))}
    </Stack>
  );
}
