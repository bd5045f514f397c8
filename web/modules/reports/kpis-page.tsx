import { Badge, Card, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';

type Catalogue = {
  kpis: {
    id: string;
    label: string;
    section: string;
    definition: string;
    thresholdWords: string;
    overridden: boolean;
    source: { kind: 'manual'; evidenceHint: string } | { kind: 'read'; module: string; read: string };
    available: boolean;
  }[];
};

/** The KPI catalogue: each measure's definition, its source and the RAG thresholds declared for it. */
export function KpisPage() {
  const me = useMe();
  const query = useQuery({
    queryKey: ['report-kpis'],
    queryFn: () => api<Catalogue>('/api/reports/kpis'),
    enabled: hasRole(me.data, ['admin', 'it', 'slt']),
  });
  if (me.data && !hasRole(me.data, ['admin', 'it', 'slt'])) return <NoAccess />;
  return (
    <>
      <PageTitle title="The measures in the termly report">
        One written definition each, where it comes from, and the RAG thresholds declared in advance (the Director can replace
        them in Settings, reports.thresholds).
      </PageTitle>
      <QueryView query={query}>
        {(d) => (
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Measure</Table.Th>
                    <Table.Th>Definition</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th>RAG</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.kpis.map((k) => (
                    <Table.Tr key={k.id}>
                      <Table.Td fw={600}>{k.label}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{k.definition}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          <Text size="sm">
                            {k.source.kind === 'manual'
                              ? `Entered by hand: ${k.source.evidenceHint}`
                              : `${k.source.module}: ${k.source.read}`}
                          </Text>
                          {!k.available && (
                            <Badge color="gray" variant="light">
                              waiting for the {k.source.kind === 'read' ? k.source.module : ''} module
                            </Badge>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{k.thresholdWords}</Text>
                        {k.overridden && (
                          <Text size="xs" c="dimmed">
                            set by the school
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        )}
      </QueryView>
    </>
  );
}
