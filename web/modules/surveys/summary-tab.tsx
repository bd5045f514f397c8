import { Alert, Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';
import { pct, type SltSummary } from './types.ts';

/** The SLT summary: the few changes that matter, with n and intervals, the clear trends, and the caveats. */
export function SummaryTab() {
  const summary = useQuery({ queryKey: ['surveys', 'summary'], queryFn: () => api<SltSummary>('/api/surveys/summary') });
  return (
    <QueryView query={summary}>
      {(s) => (
        <Stack>
          <Group justify="flex-end">
            <Button component="a" href="/api/surveys/summary.docx" variant="default" leftSection={<IconDownload size={16} />}>
              Download as Word
            </Button>
          </Group>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              The changes that matter
            </Title>
            {s.changes.length === 0 && <Text>No change this year passed the significance and size rule.</Text>}
            <Stack gap="md">
              {s.changes.map((c) => (
                <div key={`${c.questionCode}-${c.audience}`} data-change={`${c.questionCode}:${c.audience}`}>
                  <Group gap="xs">
                    <Text fw={600}>
                      {c.construct}, {c.audienceLabel}
                    </Text>
                    <Badge color={c.flag === 'improved' ? 'green' : 'red'} variant={c.provisional ? 'light' : 'filled'}>
                      {c.provisional ? `provisional: ${c.flag} so far` : c.flag}
                      {c.indicative ? ' (indicative)' : ''}
                    </Badge>
                    {c.provisional && (
                      <Badge color="gray" variant="light">
                        survey still open
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm">
                    % favourable {pct(c.before.pct)} in {c.before.year} (n = {c.before.n}, 95% CI {pct(c.before.lower)}–
                    {pct(c.before.upper)}) to {pct(c.after.pct)} in {c.after.year} (n = {c.after.n}, 95% CI {pct(c.after.lower)}–
                    {pct(c.after.upper)}): {c.delta > 0 ? '+' : ''}
                    {(c.delta * 100).toFixed(1)} points (95% CI {(c.interval.lower * 100).toFixed(1)} to{' '}
                    {(c.interval.upper * 100).toFixed(1)}).
                  </Text>
                  {c.footnote && (
                    <Text size="xs" c="dimmed" fs="italic">
                      {c.footnote}
                    </Text>
                  )}
                </div>
              ))}
            </Stack>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Five-year directions
            </Title>
            {s.trends.length === 0 ? (
              <Text>No clear direction over the years.</Text>
            ) : (
              <List size="sm">
                {s.trends.map((t) => (
                  <List.Item key={`${t.questionCode}-${t.audienceLabel}`}>
                    {t.construct}, {t.audienceLabel}: {t.direction} {t.fromYear}–{t.toYear} (trend{' '}
                    {t.p < 0.001 ? 'p < 0.001' : `p = ${t.p.toFixed(3)}`}
                    {t.indicative ? ', indicative' : ''})
                  </List.Item>
                ))}
              </List>
            )}
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Who answered
            </Title>
            <Table fz="sm">
              <Table.Tbody>
                {s.responseRates.map((r) => (
                  <Table.Tr key={r.audienceLabel}>
                    <Table.Td>{r.audienceLabel}</Table.Td>
                    <Table.Td>{r.year}</Table.Td>
                    <Table.Td>
                      {r.respondents ?? '–'} of {r.eligible ?? '?'} ({pct(r.rate)}){r.provisional ? ', still open' : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <Alert icon={<IconInfoCircle size={18} />} color="gray" title="Caveats">
            <List size="sm">
              {[...s.caveats, ...s.methodology].map((c) => (
                <List.Item key={c}>{c}</List.Item>
              ))}
            </List>
          </Alert>
        </Stack>
      )}
    </QueryView>
  );
}
