import { Anchor, Badge, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';
import { pct, type ServiceLevels } from './wifi-types.ts';

/** Every access point with its service levels for the window; each opens its own page. */
export function ApsView({ from, to }: { from: string; to: string }) {
  const [filter, setFilter] = useState('');
  const service = useQuery({
    queryKey: ['wifi-service', from, to],
    queryFn: () => api<ServiceLevels>(`/api/wifi/service?from=${from}&to=${to}`),
  });
  return (
    <QueryView query={service}>
      {(s) => {
        const f = filter.trim().toLowerCase();
        const rows = s.aps.filter(
          (a) => !f || a.label.toLowerCase().includes(f) || (a.buildingName ?? '').toLowerCase().includes(f),
        );
        return (
          <>
            <TextInput
              label="Find an access point or building"
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
              w={300}
              mb="sm"
            />
            <Table fz="xs" striped withTableBorder highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Access point</Table.Th>
                  <Table.Th>Building</Table.Th>
                  <Table.Th ta="right">Attempts</Table.Th>
                  <Table.Th ta="right">Successful</Table.Th>
                  <Table.Th>Failing stage</Table.Th>
                  <Table.Th ta="right">Coverage (weak)</Table.Th>
                  <Table.Th ta="right">Peak devices</Table.Th>
                  <Table.Th ta="right">Peak utilisation</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a) => {
                  const top = Object.entries(a.stages).sort((x, y) => y[1] - x[1])[0];
                  const bad = (a.successRate ?? 1) < 0.9;
                  return (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/wifi/aps/${a.id}?from=${from}&to=${to}`} size="xs" fw={600}>
                          {a.label}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {a.buildingName ?? (
                          <Text span size="xs" c="dimmed">
                            not placed
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{a.attempts.toLocaleString('en-GB')}</Table.Td>
                      <Table.Td ta="right">
                        {bad ? (
                          <Badge color="red" size="sm">
                            {pct(a.successRate, 1)}
                          </Badge>
                        ) : (
                          pct(a.successRate, 1)
                        )}
                      </Table.Td>
                      <Table.Td>{a.failures && top ? `${top[0]} (${top[1]})` : '–'}</Table.Td>
                      <Table.Td ta="right">{pct(a.coverage, 1)}</Table.Td>
                      <Table.Td ta="right">{a.peakClients ?? '–'}</Table.Td>
                      <Table.Td ta="right">{a.peakUtil === null ? '–' : `${Math.round(a.peakUtil)}%`}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </>
        );
      }}
    </QueryView>
  );
}
