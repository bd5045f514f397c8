import { Accordion, Badge, Card, Group, ScrollArea, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { DistributionChart } from './distribution-chart.tsx';
import { TrendChart } from './trend-chart.tsx';
import { type CellView, type ChangeView, FLAG_COLOURS, pct, type QuestionResults, type YearView } from './types.ts';

/** One canonical question: the trend chart, then each audience's years with n, intervals and flags. */

export function FlagBadge({ change, provisional = false }: { change: ChangeView | null; provisional?: boolean }) {
  if (!change) return null;
  const moved = change.flag === 'improved' || change.flag === 'declined';
  // While the survey is still open a change is not a result yet: "provisional", not "improved".
  const label = `${provisional && moved ? `provisional: ${change.flag} so far` : change.flag}${change.indicative && change.status === 'tested' ? ' (indicative)' : ''}`;
  const why =
    change.status === 'tested'
      ? `${change.delta !== null && change.delta >= 0 ? '+' : ''}${((change.delta ?? 0) * 100).toFixed(1)} points since ${change.fromYear}; adjusted ${change.pAdjusted === null ? 'p –' : formatP(change.pAdjusted)}`
      : (change.note ?? '');
  return (
    <Tooltip label={why} withArrow multiline maw={320}>
      <Badge color={FLAG_COLOURS[change.flag]} variant={moved && !provisional ? 'filled' : 'light'}>
        {label}
      </Badge>
    </Tooltip>
  );
}

export const formatP = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

const ci = (c: { lower: number; upper: number } | null, scale = 100, d = 0) =>
  c ? `${(c.lower * scale).toFixed(d)}–${(c.upper * scale).toFixed(d)}` : '';

function Figures({ cell }: { cell: CellView }) {
  if (cell.suppressed)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {cell.suppressedReason}
      </Text>
    );
  return (
    <Text size="sm">
      {cell.favourable ? `${pct(cell.favourable.pct)} (${ci(cell.favourable)})` : '<5 favourable'}
      {cell.mixedScales ? ' · mixed scales' : ''}
    </Text>
  );
}

function GroupsTable({ year }: { year: YearView }) {
  return (
    <Table fz="sm" withTableBorder striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Group</Table.Th>
          <Table.Th>n</Table.Th>
          <Table.Th>Response rate</Table.Th>
          <Table.Th>% favourable (95% CI)</Table.Th>
          <Table.Th>Change</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {year.segments.map((s) => (
          <Table.Tr key={s.segment ?? ''} data-segment={s.segment ?? ''}>
            <Table.Td>{s.label}</Table.Td>
            <Table.Td>{s.suppressed ? '' : s.n}</Table.Td>
            <Table.Td>{s.suppressed ? '' : pct(s.responseRate)}</Table.Td>
            <Table.Td>
              <Figures cell={s} />
            </Table.Td>
            <Table.Td>
              <FlagBadge change={year.segmentChanges[s.segment ?? ''] ?? null} provisional={year.provisional} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function QuestionCard({ q }: { q: QuestionResults }) {
  return (
    <Card withBorder padding="md" data-question={q.question.code}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={3} size="h4">
              {q.question.construct}
            </Title>
            <Text size="sm" c="dimmed">
              {q.question.wording} · {q.scaleName}
            </Text>
          </div>
          <Group gap={6}>
            {q.audiences.map((a) => (
              <Group key={a.audience} gap={4} data-latest={a.audience}>
                <Text size="xs" c="dimmed">
                  {a.label}
                </Text>
                <FlagBadge change={a.series.years.at(-1)?.change ?? null} provisional={a.series.years.at(-1)?.provisional} />
              </Group>
            ))}
          </Group>
        </Group>
        <TrendChart q={q} />
        <DistributionChart q={q} />
        <Accordion variant="separated" chevronPosition="left">
          {q.audiences.map((a) => (
            <Accordion.Item key={a.audience} value={a.audience}>
              <Accordion.Control>
                {a.label}:{' '}
                {a.series.trend.status === 'tested'
                  ? `${a.series.trend.z > 0 ? 'rising' : 'falling'} ${a.series.trend.fromYear}–${a.series.trend.toYear}, trend ${formatP(a.series.trend.p)}${a.series.trend.p < 0.05 ? '' : ' (no clear direction)'}${a.series.trend.indicative ? ', indicative' : ''}`
                  : a.series.trend.reason}
              </Accordion.Control>
              <Accordion.Panel>
                <ScrollArea type="auto">
                  <Table fz="sm" withTableBorder striped miw={760}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Year</Table.Th>
                        <Table.Th>Asked as</Table.Th>
                        <Table.Th>n</Table.Th>
                        <Table.Th>Response rate</Table.Th>
                        <Table.Th>% favourable (95% CI)</Table.Th>
                        <Table.Th>Mean (95% CI)</Table.Th>
                        <Table.Th>Change</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {a.series.years.map((y) => (
                        <Table.Tr key={y.year} data-year={y.year}>
                          <Table.Td>
                            {y.year}
                            {y.provisional ? ' (open)' : ''}
                          </Table.Td>
                          <Table.Td maw={280}>
                            <Text size="xs">{y.wording}</Text>
                            {y.comparability !== 'identical' && (
                              <Badge size="xs" variant="outline" color="gray">
                                {y.comparability.replace('_', ' ')}
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>{y.total.suppressed ? '' : y.total.n}</Table.Td>
                          <Table.Td>{y.total.suppressed ? '' : pct(y.total.responseRate)}</Table.Td>
                          <Table.Td>
                            <Figures cell={y.total} />
                          </Table.Td>
                          <Table.Td>
                            {y.total.mean ? `${y.total.mean.value.toFixed(2)} (${ci(y.total.mean, 1, 2)})` : '–'}
                          </Table.Td>
                          <Table.Td>
                            <FlagBadge change={y.change} provisional={y.provisional} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea>
                {(a.series.years.at(-1)?.segments.length ?? 0) > 0 && (
                  <Stack gap={4} mt="sm">
                    <Text size="sm" fw={600}>
                      Groups in {a.series.years.at(-1)?.year}
                    </Text>
                    <GroupsTable year={a.series.years.at(-1) as YearView} />
                  </Stack>
                )}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </Stack>
    </Card>
  );
}
