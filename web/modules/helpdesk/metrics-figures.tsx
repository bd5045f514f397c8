import { Anchor, Modal, Paper, Table, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { StatusBadge } from './badges.tsx';
import type { TicketSummary } from './types.ts';

/** One headline figure: its definition on hover, the tickets behind it on click. */
export function Figure(props: { label: string; value: string | number; note?: string; definition?: string; onOpen: () => void }) {
  return (
    <Tooltip label={props.definition} multiline w={320} withArrow disabled={!props.definition}>
      <UnstyledButton onClick={props.onOpen}>
        <Paper withBorder p="md" h="100%">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {props.label}
          </Text>
          <Text fz={28} fw={700} lh={1.2}>
            {props.value}
          </Text>
          {props.note && (
            <Text size="xs" c="dimmed">
              {props.note}
            </Text>
          )}
          {/* The button's name is what it shows, then what it does. */}
          <VisuallyHidden>Show the tickets</VisuallyHidden>
        </Paper>
      </UnstyledButton>
    </Tooltip>
  );
}

export function DrillModal({
  metric,
  label,
  query,
  onClose,
}: {
  metric: string;
  label: string;
  query: URLSearchParams;
  onClose: () => void;
}) {
  const params = new URLSearchParams(query);
  params.delete('bucket');
  params.set('metric', metric);
  const list = useQuery({
    queryKey: ['helpdesk', 'drill', params.toString()],
    queryFn: () => api<{ tickets: TicketSummary[] }>(`/api/helpdesk/metrics/tickets?${params}`),
  });
  return (
    <Modal opened onClose={onClose} title={`${label}: the tickets`} size="xl">
      <QueryView query={list}>
        {(d) => (
          <>
            <Text size="sm" c="dimmed" mb="xs">
              {d.tickets.length} ticket{d.tickets.length === 1 ? '' : 's'}
            </Text>
            <Table.ScrollContainer minWidth={600}>
              <Table>
                <Table.Tbody>
                  {d.tickets.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/helpdesk/tickets/${t.id}`}>
                          #{t.number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{t.subject}</Table.Td>
                      <Table.Td>{t.category}</Table.Td>
                      <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={t.status} agent />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </QueryView>
    </Modal>
  );
}
