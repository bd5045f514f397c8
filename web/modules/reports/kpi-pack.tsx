import { Badge, Drawer, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { EChart } from '../../lib/chart.tsx';
import { formatDate, formatShortDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { type DrillResult, type KpiFigure, RAG_COLOURS, RAG_WORDS, type ReportView } from './report-types.ts';

export function RagBadge({ rag }: { rag: KpiFigure['rag'] }) {
  if (!rag)
    return (
      <Text size="xs" c="dimmed">
        no target
      </Text>
    );
  return (
    <Badge color={RAG_COLOURS[rag]} variant="light">
      {RAG_WORDS[rag]}
    </Badge>
  );
}

/** The KPI pack: each measure this term, its change, its RAG and its six-term sparkline; the figure opens its records. */
export function KpiPack({ report, onOpen }: { report: ReportView; onOpen: (k: KpiFigure) => void }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing={6} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Measure</Table.Th>
            <Table.Th>{report.figures.term.label}</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>RAG</Table.Th>
            <Table.Th w={170}>Six terms</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.figures.kpis.map((k) => (
            <Table.Tr key={k.id} data-kpi={k.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {k.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {k.manual ? 'Entered by hand' : k.source}
                </Text>
              </Table.Td>
              <Table.Td>
                <UnstyledButton
                  onClick={() => onOpen(k)}
                  aria-label={`${k.label}: ${k.display}, open the records`}
                  data-figure={k.id}
                >
                  <Text size="sm" fw={700} c="blue" td="underline">
                    {k.display}
                  </Text>
                </UnstyledButton>
                {k.series.at(-1)?.note && (
                  <Text size="xs" c="dimmed">
                    {k.series.at(-1)?.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{k.changeDisplay || '–'}</Text>
              </Table.Td>
              <Table.Td>
                <RagBadge rag={k.rag} />
              </Table.Td>
              <Table.Td>
                <EChart
                  option={report.sparklines[k.id] ?? {}}
                  height={36}
                  label={`${k.label} over ${k.series.length} terms: ${k.series.map((p) => `${p.term} ${p.value ?? 'no figure'}`).join(', ')}`}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The records behind one figure, for the term chosen. */
export function DrillDrawer({ report, kpi, onClose }: { report: ReportView; kpi: KpiFigure; onClose: () => void }) {
  const query = useQuery({
    queryKey: ['report-records', report.id, kpi.id],
    queryFn: () => api<DrillResult>(`/api/reports/${report.id}/records/${encodeURIComponent(kpi.id)}`),
  });
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={`${kpi.label}: ${kpi.display}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="sm">
        <Text size="sm">{kpi.definition}</Text>
        <Text size="xs" c="dimmed">
          RAG: {kpi.thresholdWords}. Source: {kpi.source}.
        </Text>
        {kpi.evidence && (
          <Text size="sm">
            Evidence: {kpi.evidence.evidence} (entered by {kpi.evidence.enteredBy}, {formatDate(kpi.evidence.enteredAt)})
          </Text>
        )}
        <QueryView query={query}>
          {(d) => (
            <Stack gap={6} data-records={kpi.id}>
              <Text size="sm" fw={600}>
                {d.records.length} record{d.records.length === 1 ? '' : 's'} in {d.term}
              </Text>
              {d.note && (
                <Text size="xs" c="dimmed">
                  {d.note}
                </Text>
              )}
              {d.records.map((r) => (
                <Group key={r.key} justify="space-between" wrap="nowrap" align="flex-start" data-record={r.key}>
                  <div>
                    {r.url ? (
                      <Text size="sm" component={Link} to={r.url} c="blue">
                        {r.title}
                      </Text>
                    ) : (
                      <Text size="sm">{r.title}</Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {r.detail}
                    </Text>
                  </div>
                  {r.when && (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {/^\d{4}-\d{2}-\d{2}$/.test(r.when) ? formatShortDay(r.when) : formatDate(r.when)}
                    </Text>
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </QueryView>
      </Stack>
    </Drawer>
  );
}
