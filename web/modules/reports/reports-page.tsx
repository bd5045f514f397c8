import { Anchor, Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDate, formatShortDay } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import type { ReportList, ReportView } from './report-types.ts';

/** The termly reports: one per term, a draft until the Director publishes it. */
export function ReportsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['reports'],
    queryFn: () => api<ReportList>('/api/reports'),
    enabled: hasRole(me.data, ['admin', 'it', 'slt']),
  });
  const draft = useMutation({
    mutationFn: (startsOn: string) => api<ReportView>(`/api/reports/terms/${startsOn}`, { method: 'POST' }),
    onSuccess: (r) => navigate(`/reports/${r.id}`),
    onError: (err) => setError(errorMessage(err)),
  });
  if (me.data && !hasRole(me.data, ['admin', 'it', 'slt'])) return <NoAccess />;
  const admin = hasRole(me.data, ['admin']);
  return (
    <>
      <PageTitle title="Termly reports">
        The IT Services report to SLT for each term, built from the help desk, security, Wi-Fi, projects, risks, the survey and
        the standards tracker. Every figure opens the records behind it.
      </PageTitle>
      <Group mb="md">
        <Anchor component={Link} to="/reports/kpis" size="sm">
          The measures, their definitions and RAG thresholds
        </Anchor>
      </Group>
      {error && (
        <Text c="red" size="sm" role="alert" mb="sm">
          {error}
        </Text>
      )}
      <QueryView query={query}>
        {(data) =>
          data.terms.length === 0 ? (
            <Text c="dimmed">No report has been published yet.</Text>
          ) : (
            <Card withBorder padding={0}>
              <Table.ScrollContainer minWidth={560}>
                <Table verticalSpacing="sm" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Term</Table.Th>
                      <Table.Th>Dates</Table.Th>
                      <Table.Th>Report</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.terms.map((t) => (
                      <Table.Tr key={t.startsOn} data-term={t.name}>
                        <Table.Td fw={600}>{t.name}</Table.Td>
                        <Table.Td>
                          {formatShortDay(t.startsOn)} to {formatShortDay(t.endsOn)}
                          {t.running && (
                            <Badge ml="xs" size="sm" variant="light">
                              this term
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {!t.report ? (
                            <Text size="sm" c="dimmed">
                              Not drafted
                            </Text>
                          ) : t.report.status === 'published' ? (
                            <Badge color="green" variant="light">
                              Published {t.report.publishedAt ? formatDate(t.report.publishedAt) : ''}
                            </Badge>
                          ) : (
                            <Badge color="gray" variant="light">
                              Draft
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">
                          {t.report ? (
                            <Button
                              component={Link}
                              to={`/reports/${t.report.id}`}
                              size="xs"
                              variant="light"
                              leftSection={<IconFileText size={14} />}
                            >
                              {t.report.status === 'published' ? 'Read' : 'Open the draft'}
                            </Button>
                          ) : admin ? (
                            <Button
                              size="xs"
                              variant="light"
                              loading={draft.isPending && draft.variables === t.startsOn}
                              onClick={() => draft.mutate(t.startsOn)}
                            >
                              Draft the report
                            </Button>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )
        }
      </QueryView>
      <Stack mt="md" gap={4}>
        <Text size="xs" c="dimmed">
          {admin
            ? 'Drafting reads every module for the term and the five before it; publishing freezes the figures, the narrative, the charts and the files.'
            : 'Senior leaders see the reports once the Director has published them.'}
        </Text>
      </Stack>
    </>
  );
}
