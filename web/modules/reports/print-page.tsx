import { Button, Container, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { EChart } from '../../lib/chart.tsx';
import { formatShortDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { RAG_WORDS, type ReportView } from './report-types.ts';

/** The report on a plain page, ready for the printer (outside the app's frame). */
export function ReportPrintPage() {
  const { id } = useParams();
  const query = useQuery({ queryKey: ['report', id], queryFn: () => api<ReportView>(`/api/reports/${id}`) });
  return (
    <Container size="md" py="lg">
      <style>
        {'@media print { .no-print { display: none !important; } body { background: white; } section { break-inside: avoid; } }'}
      </style>
      <QueryView query={query}>
        {(r) => (
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
                {r.figures.schoolName}: IT Services report to SLT, {r.figures.term.label}
              </Title>
              <Text size="sm">
                {r.status === 'draft' ? 'Draft' : 'Published'} · {formatShortDay(r.termStartsOn)} to{' '}
                {formatShortDay(r.termEndsOn)}
              </Text>
            </div>
            {r.narrative.map((s) => (
              <section key={s.key}>
                <Title order={2} size="h4" mb={4}>
                  {s.title}
                </Title>
                {s.text
                  .split('\n')
                  .filter(Boolean)
                  .map((l) => (
                    <Text key={l} size="sm" mb={4}>
                      {l}
                    </Text>
                  ))}
              </section>
            ))}
            {r.charts.map((c) => (
              <section key={c.id}>
                <EChart option={c.option} height={c.height} label={c.title} />
                <Text size="xs" ta="center">
                  {c.title}
                </Text>
              </section>
            ))}
            <Title order={2} size="h4">
              The KPI pack
            </Title>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Measure</Table.Th>
                  <Table.Th>{r.figures.term.label}</Table.Th>
                  <Table.Th>Change</Table.Th>
                  <Table.Th>RAG</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.figures.kpis.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td>{k.label}</Table.Td>
                    <Table.Td>{k.display}</Table.Td>
                    <Table.Td>{k.changeDisplay || '–'}</Table.Td>
                    <Table.Td>{k.rag ? RAG_WORDS[k.rag] : '–'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {r.figures.footnotes.map((n) => (
              <Text key={n} size="xs" c="dimmed">
                {n}
              </Text>
            ))}
          </Stack>
        )}
      </QueryView>
    </Container>
  );
}
