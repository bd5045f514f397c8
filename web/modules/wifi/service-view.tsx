import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../lib/api.ts';
import { type ChartOption, EChart } from '../../lib/chart.tsx';
import { formatShortDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { type Level, pct, type ServiceLevels } from './wifi-types.ts';

/** Service levels: headline numbers, the building × hour heatmap, the daily trend, and tables. */

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}

export function LevelTable({ rows, first }: { rows: Level[]; first: string }) {
  return (
    <Table fz="xs" striped withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{first}</Table.Th>
          <Table.Th ta="right">Attempts</Table.Th>
          <Table.Th ta="right">Successful connects</Table.Th>
          <Table.Th>Failing stage</Table.Th>
          <Table.Th ta="right">Time to connect</Table.Th>
          <Table.Th ta="right">Coverage (weak)</Table.Th>
          <Table.Th ta="right">Roams (slow)</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => {
          const stages = Object.entries(r.stages).sort((a, b) => b[1] - a[1]);
          return (
            <Table.Tr key={r.key}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td ta="right">{r.attempts.toLocaleString('en-GB')}</Table.Td>
              <Table.Td ta="right">
                {pct(r.successRate, 1)}
                {r.ci && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({pct(r.ci[0], 1)}–{pct(r.ci[1], 1)})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{r.failures ? `${stages[0]?.[0]} (${stages[0]?.[1]})` : '–'}</Table.Td>
              <Table.Td ta="right">{r.connectMs === null ? '–' : `${(r.connectMs / 1000).toFixed(1)} s`}</Table.Td>
              <Table.Td ta="right">{pct(r.coverage, 1)}</Table.Td>
              <Table.Td ta="right">
                {r.roams} ({r.slowRoams})
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function heatmapOption(s: ServiceLevels): ChartOption {
  const max = Math.max(0.05, ...s.heatmap.cells.map((c) => c[2]));
  return {
    tooltip: {
      formatter: (p: { value: [number, number, number, number] }) =>
        `${s.heatmap.buildings[p.value[1]]?.name}, ${String(s.heatmap.hours[p.value[0]]).padStart(2, '0')}:00<br/>${(p.value[2] * 100).toFixed(1)}% failed of ${p.value[3]}`,
    },
    grid: { left: 160, right: 20, top: 10, bottom: 90 },
    xAxis: { type: 'category', data: s.heatmap.hours.map((h) => `${String(h).padStart(2, '0')}:00`), splitArea: { show: true } },
    yAxis: { type: 'category', data: s.heatmap.buildings.map((b) => b.name), splitArea: { show: true } },
    visualMap: {
      // Colour by the failure rate (the third value of each cell), not by the attempts (the fourth).
      dimension: 2,
      itemHeight: 240,
      min: 0,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#e6f4ea', '#fbbc04', '#d93025'] },
      formatter: (v: number) => `${Math.round(v * 100)}%`,
    },
    series: [{ type: 'heatmap', data: s.heatmap.cells, label: { show: false } }],
  };
}

function dailyOption(s: ServiceLevels): ChartOption {
  const names = new Map(s.buildings.map((b) => [b.key, b.label]));
  const keys = s.buildings.map((b) => b.key);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`) },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 50, right: 20, top: 10, bottom: 50 },
    xAxis: { type: 'category', data: s.daily.map((d) => formatShortDay(d.day)) },
    yAxis: {
      type: 'value',
      min: (v: { min: number }) => Math.max(0, Math.floor(v.min * 20) / 20),
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: keys.map((k) => ({
      name: names.get(k),
      type: 'line',
      data: s.daily.map((d) => d.buildings.find((b) => b.key === k)?.successRate ?? null),
    })),
  };
}

export function ServiceView({ from, to }: { from: string; to: string }) {
  const service = useQuery({
    queryKey: ['wifi-service', from, to],
    queryFn: () => api<ServiceLevels>(`/api/wifi/service?from=${from}&to=${to}`),
  });
  const data = service.data;
  const heat = useMemo(() => (data ? heatmapOption(data) : null), [data]);
  const daily = useMemo(() => (data ? dailyOption(data) : null), [data]);
  return (
    <QueryView query={service}>
      {(s) => (
        <Stack>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Stat
              label="Successful connects"
              value={pct(s.site?.successRate ?? null, 1)}
              note={`${(s.site?.attempts ?? 0).toLocaleString('en-GB')} attempts`}
            />
            <Stat
              label="Time to connect"
              value={s.site?.connectMs ? `${(s.site.connectMs / 1000).toFixed(1)} s` : '–'}
              note={`${pct(s.site?.slowConnectShare ?? null)} slow`}
            />
            <Stat
              label="Coverage: weak-signal readings"
              value={pct(s.site?.coverage ?? null, 1)}
              note={`${(s.site?.readings ?? 0).toLocaleString('en-GB')} readings`}
            />
            <Stat
              label="Roams"
              value={(s.site?.roams ?? 0).toLocaleString('en-GB')}
              note={`${s.site?.slowRoams ?? 0} slow; ${s.site?.shortDrops ?? 0} dropped sessions`}
            />
          </SimpleGrid>
          <Paper withBorder p="md" radius="md">
            <Title order={3} size="h5" mb="xs">
              Failed connections by building and hour
            </Title>
            {heat && (
              <EChart
                option={heat}
                height={Math.max(220, 40 + 28 * s.heatmap.buildings.length)}
                label="Heatmap of the share of failed connection attempts by building and hour of the day"
              />
            )}
          </Paper>
          {s.daily.length > 1 && daily && (
            <Paper withBorder p="md" radius="md">
              <Title order={3} size="h5" mb="xs">
                Successful connects by day
              </Title>
              <EChart
                option={daily}
                height={300}
                label="Line chart of the share of successful connection attempts per building per day"
              />
            </Paper>
          )}
          <Title order={3} size="h5">
            Buildings
          </Title>
          <LevelTable rows={s.buildings} first="Building" />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Stack gap="xs">
              <Title order={3} size="h5">
                Network names (SSID)
              </Title>
              <LevelTable rows={s.ssids} first="SSID" />
            </Stack>
            <Stack gap="xs">
              <Title order={3} size="h5">
                Bands
              </Title>
              <LevelTable rows={s.bands} first="Band" />
            </Stack>
          </SimpleGrid>
        </Stack>
      )}
    </QueryView>
  );
}
