import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { type ChartOption, EChart } from '../../lib/chart.tsx';
import { formatDateTime, formatTime } from '../../lib/format.ts';
import { PageTitle, QueryView } from '../../lib/ui.tsx';
import { clientHref, pct } from './wifi-types.ts';

type ApDetail = {
  ap: {
    id: number;
    name: string;
    mac: string | null;
    building: string | null;
    buildingName: string | null;
    room: string | null;
    floor: string | null;
    inventoried: boolean;
  };
  window: { from: string; to: string };
  totals: {
    attempts: number;
    failures: number;
    successRate: number | null;
    peakClients: number;
    peakUtil: number | null;
    roams: number;
  };
  bins: { bin: string; attempts: number; failures: number; clients: number; util: number | null; retryShare: number | null }[];
  events: { ts: string; key: string; message: string | null }[];
  devices:
    | {
        key: string;
        identity: string | null;
        mac: string;
        randomised: boolean;
        device: string | null;
        attempts: number;
        failures: number;
        rssi: number | null;
        weakShare: number | null;
      }[]
    | null;
};

function binsOption(d: ApDetail): ChartOption {
  const multiDay = d.window.from !== d.window.to;
  const x = d.bins.map((b) => (multiDay ? formatDateTime(b.bin) : formatTime(b.bin)));
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 50, right: 50, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: x },
    yAxis: [
      { type: 'value', name: 'attempts' },
      { type: 'value', name: 'devices / %', position: 'right' },
    ],
    series: [
      {
        name: 'Connected',
        type: 'bar',
        stack: 'a',
        data: d.bins.map((b) => b.attempts - b.failures),
        itemStyle: { color: '#74c69d' },
      },
      { name: 'Failed', type: 'bar', stack: 'a', data: d.bins.map((b) => b.failures), itemStyle: { color: '#d93025' } },
      { name: 'Devices', type: 'line', yAxisIndex: 1, showSymbol: false, data: d.bins.map((b) => b.clients) },
      { name: 'Channel utilisation %', type: 'line', yAxisIndex: 1, showSymbol: false, data: d.bins.map((b) => b.util) },
    ],
  };
}

/** /wifi/aps/:id: one access point's day (or window) in 5-minute bins, and who used it. */
export function ApPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const q = new URLSearchParams();
  for (const k of ['from', 'to']) if (params.get(k)) q.set(k, params.get(k) as string);
  const detail = useQuery({ queryKey: ['wifi-ap', id, q.toString()], queryFn: () => api<ApDetail>(`/api/wifi/aps/${id}?${q}`) });
  const option = useMemo(() => (detail.data ? binsOption(detail.data) : null), [detail.data]);
  return (
    <QueryView query={detail}>
      {(d) => (
        <Stack>
          <Anchor component={Link} to={`/wifi?tab=aps&from=${d.window.from}&to=${d.window.to}`} size="sm">
            ← All access points
          </Anchor>
          <PageTitle title={`Access point ${d.ap.name}`}>
            {[d.ap.buildingName, d.ap.floor && `${d.ap.floor} floor`, d.ap.room && `room ${d.ap.room}`, d.ap.mac]
              .filter(Boolean)
              .join(' · ')}
            {!d.ap.inventoried && ' · not in the inventory'}
          </PageTitle>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            {[
              ['Successful connects', pct(d.totals.successRate, 1), `${d.totals.failures} of ${d.totals.attempts} failed`],
              ['Peak devices', String(d.totals.peakClients), ''],
              ['Peak channel utilisation', d.totals.peakUtil ? `${Math.round(d.totals.peakUtil)}%` : '–', ''],
              ['Roams in', String(d.totals.roams), ''],
            ].map(([label, value, note]) => (
              <Paper key={label} withBorder p="sm" radius="md">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fw={700} size="xl">
                  {value}
                </Text>
                <Text size="xs" c="dimmed">
                  {note}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Paper withBorder p="md" radius="md">
            <Title order={3} size="h5" mb="xs">
              Every 5 minutes
            </Title>
            {option && (
              <EChart
                option={option}
                height={320}
                label={`Connection attempts, failures, devices and channel utilisation at ${d.ap.name} every five minutes`}
              />
            )}
          </Paper>
          {d.events.length > 0 && (
            <Paper withBorder p="md" radius="md">
              <Title order={3} size="h5" mb="xs">
                Controller events
              </Title>
              {d.events.map((e) => (
                <Text key={`${e.ts}${e.key}`} size="sm">
                  {formatDateTime(e.ts)} · {e.key} {e.message ?? ''}
                </Text>
              ))}
            </Paper>
          )}
          {d.devices && (
            <>
              <Title order={3} size="h5">
                Devices that used it (most failures first)
              </Title>
              <Table fz="xs" striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Device</Table.Th>
                    <Table.Th ta="right">Attempts</Table.Th>
                    <Table.Th ta="right">Failed</Table.Th>
                    <Table.Th ta="right">Signal</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.devices.slice(0, 60).map((x) => (
                    <Table.Tr key={x.mac}>
                      <Table.Td>
                        <Group gap={4}>
                          <Anchor component={Link} to={clientHref(x.key)} size="xs">
                            {x.identity ?? x.mac}
                          </Anchor>
                          {x.randomised && (
                            <Badge size="xs" variant="outline">
                              private address
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{x.device ?? '–'}</Table.Td>
                      <Table.Td ta="right">{x.attempts}</Table.Td>
                      <Table.Td ta="right">{x.failures}</Table.Td>
                      <Table.Td ta="right">{x.rssi === null ? '–' : `${x.rssi} dBm`}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </Stack>
      )}
    </QueryView>
  );
}
