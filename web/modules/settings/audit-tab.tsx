import { Button, Code, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorNotice, Loading } from '../../lib/ui.tsx';
import type { AuditEvent } from './audit-card.tsx';

export function AuditTab() {
  const [action, setAction] = useState('');
  const events = useInfiniteQuery({
    queryKey: ['audit', action],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ limit: '50' });
      if (pageParam) q.set('beforeId', String(pageParam));
      if (action) q.set('action', action);
      return api<{ events: AuditEvent[] }>(`/api/audit?${q}`);
    },
    getNextPageParam: (last) => (last.events.length === 50 ? last.events[last.events.length - 1]?.id : undefined),
  });
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <>
      <Group mb="sm">
        <TextInput
          placeholder="Action, e.g. auth.sign_in_failed"
          value={action}
          onChange={(e) => setAction(e.currentTarget.value.trim())}
          aria-label="Filter by action"
          w={320}
        />
      </Group>
      {events.isLoading && <Loading />}
      {events.error && <ErrorNotice error={events.error} />}
      <Paper withBorder>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(e.at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.actor}</Text>
                    {e.ip && (
                      <Text size="xs" c="dimmed">
                        {e.ip}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.summary}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {events.hasNextPage && (
        <Button variant="default" mt="sm" onClick={() => events.fetchNextPage()} loading={events.isFetchingNextPage}>
          Older entries
        </Button>
      )}
    </>
  );
}
