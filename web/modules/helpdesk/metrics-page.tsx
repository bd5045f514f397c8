import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { EChart } from '../../lib/chart.tsx';
import { DateField } from '../../lib/date-field.tsx';
import { plural } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { formatMinutes } from './badges.tsx';
import { DrillModal, Figure } from './metrics-figures.tsx';
import { type MetricsReport, periodPresets } from './metrics-types.ts';

/** Titles for a drill-down opened from a link (the weekly briefing's figures): ?from=&to=&drill=. */
const DRILL_TITLES: Record<string, string> = {
  created: 'Raised',
  resolved: 'Resolved',
  openAtEnd: 'Open at the end',
  firstResponse: 'First response',
  awaitingFirstResponse: 'Awaiting a first response',
  resolution: 'Resolution',
  'responseSla:breached': 'Response target missed',
  'resolutionSla:breached': 'Resolution target missed',
  reopened: 'Reopened',
  'backlogAge:>10': 'Open for more than ten school days',
};
const drillTitle = (m: string) => DRILL_TITLES[m] ?? (m.startsWith('category:') ? m.slice(9) : 'The tickets behind the figure');

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`);

/** /helpdesk/metrics: one written definition per figure, each figure a link to the tickets behind it. */
export function MetricsPage() {
  const { data: me } = useMe();
  const allowed = hasRole(me, ['admin', 'it', 'slt']);
  const terms = useQuery({
    queryKey: ['helpdesk', 'terms'],
    queryFn: () => api<{ terms: { name: string; from: string; to: string }[] }>('/api/helpdesk/metrics/terms'),
    enabled: allowed,
  });
  const presets = useMemo(() => periodPresets(new Date(), terms.data?.terms ?? []), [terms.data]);
  const [params] = useSearchParams();
  const linked = params.get('from') && params.get('to') ? { from: params.get('from') ?? '', to: params.get('to') ?? '' } : null;
  const [preset, setPreset] = useState(linked ? 'custom' : 'this-month');
  const [custom, setCustom] = useState(linked ?? { from: '', to: '' });
  const linkedDrill = linked && params.get('drill');
  const [drill, setDrill] = useState<{ metric: string; label: string } | null>(
    linkedDrill ? { metric: linkedDrill, label: drillTitle(linkedDrill) } : null,
  );
  const chosen = preset === 'custom' ? { ...custom, bucket: 'week' as const } : presets.find((p) => p.value === preset);
  const q =
    chosen?.from && chosen.to
      ? new URLSearchParams({ from: chosen.from, to: chosen.to, ...(chosen.bucket ? { bucket: chosen.bucket } : {}) })
      : null;
  const report = useQuery({
    queryKey: ['helpdesk', 'metrics', q?.toString()],
    queryFn: () => api<MetricsReport>(`/api/helpdesk/metrics?${q}`),
    enabled: allowed && !!q,
  });
  if (!allowed) return <NoAccess />;
  const open = (metric: string, label: string) => setDrill({ metric, label });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle title="Help desk metrics">
          Times are working time on the school calendar; hover a figure for its definition, click it for the tickets.
        </PageTitle>
        <Group align="flex-end" gap="xs">
          <Select
            label="Period"
            data={presets.map((p) => ({ value: p.value, label: p.label })).concat({ value: 'custom', label: 'Choose dates' })}
            value={preset}
            onChange={(v) => v && setPreset(v)}
            w={220}
          />
          {preset === 'custom' && (
            <>
              <DateField label="From" value={custom.from} onChange={(v: string) => setCustom({ ...custom, from: v })} />
              <DateField label="To" value={custom.to} onChange={(v: string) => setCustom({ ...custom, to: v })} />
            </>
          )}
          {q && (
            <Button
              component="a"
              href={`/api/helpdesk/metrics.csv?${q}`}
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              CSV
            </Button>
          )}
        </Group>
      </Group>
      {q && (
        <QueryView query={report}>
          {({ metrics: m, definitions: def, series, sites }) => (
            <Stack>
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
                <Figure
                  label="Raised"
                  value={m.created}
                  note={m.merged ? `${m.merged} merged duplicates apart` : undefined}
                  definition={def.created}
                  onOpen={() => open('created', 'Raised')}
                />
                <Figure
                  label="Resolved"
                  value={m.resolved}
                  definition={def.resolved}
                  onOpen={() => open('resolved', 'Resolved')}
                />
                <Figure
                  label="Open at the end"
                  value={m.openAtEnd}
                  note={`${m.openAtStart} at the start`}
                  definition={def.openAtEnd}
                  onOpen={() => open('openAtEnd', 'Open at the end')}
                />
                <Figure
                  label="First response"
                  value={formatMinutes(m.firstResponse.median)}
                  note={`median; 90% within ${formatMinutes(m.firstResponse.p90)}`}
                  definition={def.firstResponse}
                  onOpen={() => open('firstResponse', 'First response')}
                />
                <Figure
                  label="Resolution"
                  value={formatMinutes(m.resolution.median)}
                  note={`median; 90% within ${formatMinutes(m.resolution.p90)}`}
                  definition={def.resolution}
                  onOpen={() => open('resolution', 'Resolution')}
                />
                <Figure
                  label="Response target missed"
                  value={pct(m.responseSla.breachRate)}
                  note={`${m.responseSla.breached} of ${m.responseSla.met + m.responseSla.breached}`}
                  definition={def.responseSla}
                  onOpen={() => open('responseSla:breached', 'Response target missed')}
                />
                <Figure
                  label="Resolution target missed"
                  value={pct(m.resolutionSla.breachRate)}
                  note={`${m.resolutionSla.breached} of ${m.resolutionSla.met + m.resolutionSla.breached}`}
                  definition={def.resolutionSla}
                  onOpen={() => open('resolutionSla:breached', 'Resolution target missed')}
                />
                <Figure
                  label="Reopened"
                  value={pct(m.reopenRate)}
                  note={plural(m.reopened, 'ticket')}
                  definition={def.reopenRate}
                  onOpen={() => open('reopened', 'Reopened')}
                />
                <Figure
                  label="One touch"
                  value={pct(m.oneTouchRate)}
                  note={plural(m.oneTouch, 'ticket')}
                  definition={def.oneTouchRate}
                  onOpen={() => open('oneTouch', 'One touch')}
                />
                <Figure
                  label="Satisfaction"
                  value={m.satisfaction.average === null ? '–' : `${m.satisfaction.average.toFixed(2)} / 5`}
                  note={`${m.satisfaction.answered} of ${m.satisfaction.sent} answered; ${pct(m.satisfaction.positiveShare)} gave 4-5`}
                  definition={def.satisfaction}
                  onOpen={() => open('surveysAnswered', 'Satisfaction answers')}
                />
              </SimpleGrid>
              {series.length > 1 && (
                <Paper withBorder p="md">
                  <Title order={2} size="h5">
                    Raised, resolved and open by {chosen?.bucket === 'term' ? 'term' : 'week'}
                  </Title>
                  <EChart
                    label="Tickets raised and resolved per week, with the backlog at each week's end"
                    option={{
                      tooltip: { trigger: 'axis' },
                      legend: { data: ['Raised', 'Resolved', 'Open at end'] },
                      xAxis: { type: 'category', data: series.map((s) => s.key) },
                      yAxis: { type: 'value' },
                      series: [
                        { name: 'Raised', type: 'bar', data: series.map((s) => s.created) },
                        { name: 'Resolved', type: 'bar', data: series.map((s) => s.resolved) },
                        { name: 'Open at end', type: 'line', data: series.map((s) => s.openAtEnd) },
                      ],
                    }}
                  />
                </Paper>
              )}
              <SimpleGrid cols={{ base: 1, md: 3 }}>
                <Paper withBorder p="md">
                  <Title order={2} size="h5" mb="xs">
                    By category
                  </Title>
                  <Table>
                    <Table.Tbody>
                      {m.byCategory.map((c) => (
                        <Table.Tr key={c.category}>
                          <Table.Td>{c.category}</Table.Td>
                          <Table.Td ta="right">
                            <Anchor component="button" onClick={() => open(`category:${c.category}`, c.category)}>
                              {c.created}
                            </Anchor>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Paper>
                <Paper withBorder p="md">
                  <Title order={2} size="h5" mb="xs">
                    By school
                  </Title>
                  <Table>
                    <Table.Tbody>
                      {m.bySite.map((s, i) => (
                        <Table.Tr key={s.schoolId ?? 'none'}>
                          <Table.Td>{sites[i]?.name}</Table.Td>
                          <Table.Td ta="right">
                            <Anchor component="button" onClick={() => open(`site:${s.schoolId ?? 'none'}`, sites[i]?.name ?? '')}>
                              {s.created}
                            </Anchor>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  <Text size="xs" c="dimmed" mt="sm">
                    Open at the end by age (school days): {m.backlogAge.map((b) => `${b.band}: ${b.count}`).join(', ')}
                  </Text>
                </Paper>
                <Paper withBorder p="md">
                  <Title order={2} size="h5" mb="xs">
                    Kudos
                  </Title>
                  {m.kudos.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No shareable comments in this period.
                    </Text>
                  ) : (
                    <Stack gap="xs">
                      {m.kudos.slice(0, 8).map((k) => (
                        <Text key={`${k.ticketNumber}-${k.at}`} size="sm">
                          “{k.comment}”{' '}
                          <Text span c="dimmed" size="xs">
                            ({k.rating}/5{k.agentName ? `, for ${k.agentName}` : ''})
                          </Text>
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Paper>
              </SimpleGrid>
            </Stack>
          )}
        </QueryView>
      )}
      {drill && q && <DrillModal metric={drill.metric} label={drill.label} query={q} onClose={() => setDrill(null)} />}
    </Stack>
  );
}
