import {
  Accordion,
  Badge,
  Button,
  Card,
  Group,
  List,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';
import { QuestionCard } from './question-card.tsx';
import { ThemesCard } from './themes-card.tsx';
import { type Audience, type InstrumentSummary, pct, type ResultsView } from './types.ts';

/** The Director's and SLT's view: every question's five-year trend, flags, groups, the audiences side by side. */
export function ResultsTab() {
  const [audience, setAudience] = useState<'all' | Audience>('all');
  const instruments = useQuery({
    queryKey: ['surveys', 'instruments'],
    queryFn: () => api<{ instruments: InstrumentSummary[] }>('/api/surveys/instruments'),
  });
  const results = useQuery({
    queryKey: ['surveys', 'results', audience],
    queryFn: () => api<ResultsView>(`/api/surveys/results${audience === 'all' ? '' : `?audience=${audience}`}`),
  });
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={audience}
          onChange={(v) => setAudience(v as typeof audience)}
          data={[
            { value: 'all', label: 'All audiences' },
            { value: 'staff', label: 'Staff' },
            { value: 'senior', label: 'Senior pupils' },
            { value: 'prep', label: 'Prep pupils' },
          ]}
          aria-label="Audience"
        />
        <Group gap="xs">
          <Button
            component="a"
            href={`/api/surveys/export.csv${audience === 'all' ? '' : `?audience=${audience}`}`}
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            CSV
          </Button>
          <Button component="a" href="/api/surveys/summary.docx" variant="default" leftSection={<IconDownload size={16} />}>
            Word summary
          </Button>
        </Group>
      </Group>
      <QueryView query={results}>
        {(r) => (
          <Stack>
            <Text size="sm" c="dimmed">
              Groups of fewer than {r.threshold} are not shown. A change is flagged only when it is significant after the
              Benjamini-Hochberg correction and at least {r.practicalPoints} points.
            </Text>
            <ResponseRates r={r} />
            {r.questions.map((q) => (
              <QuestionCard key={q.question.id} q={q} />
            ))}
            {r.comparisons.length > 0 && <Comparisons r={r} />}
            <ThemesCard instruments={instruments.data?.instruments ?? []} />
            <Accordion variant="contained">
              <Accordion.Item value="method">
                <Accordion.Control>How these figures are worked out</Accordion.Control>
                <Accordion.Panel>
                  <List size="sm" spacing={4}>
                    {r.methodology.map((m) => (
                      <List.Item key={m}>{m}</List.Item>
                    ))}
                  </List>
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
          </Stack>
        )}
      </QueryView>
    </Stack>
  );
}

function ResponseRates({ r }: { r: ResultsView }) {
  const years = [...new Set(r.responseRates.map((x) => x.year))].sort((a, b) => a - b);
  const order = ['staff', 'senior', 'prep'];
  const audiences = [
    ...new Set([...r.responseRates].sort((a, b) => order.indexOf(a.audience) - order.indexOf(b.audience)).map((x) => x.label)),
  ];
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        Responses and response rates
      </Title>
      <ScrollArea type="auto">
        <Table fz="sm" miw={600}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Audience</Table.Th>
              {years.map((y) => (
                <Table.Th key={y}>{y}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {audiences.map((label) => (
              <Table.Tr key={label}>
                <Table.Td>{label}</Table.Td>
                {years.map((y) => {
                  const row = r.responseRates.find((x) => x.label === label && x.year === y);
                  return (
                    <Table.Td key={y}>
                      {row
                        ? `${row.respondents ?? '–'} of ${row.eligible ?? '?'} (${pct(row.rate)})${row.provisional ? ' so far' : ''}`
                        : ''}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Card>
  );
}

function Comparisons({ r }: { r: ResultsView }) {
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        The three audiences compared (latest year)
      </Title>
      <ScrollArea type="auto">
        <Table fz="sm" miw={600}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Question</Table.Th>
              <Table.Th>Staff</Table.Th>
              <Table.Th>Senior pupils</Table.Th>
              <Table.Th>Prep pupils</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.comparisons.map((c) => (
              <Table.Tr key={c.question.id}>
                <Table.Td>
                  {c.question.construct}{' '}
                  {c.indicative && (
                    <Badge size="xs" variant="outline">
                      indicative: different scales
                    </Badge>
                  )}
                </Table.Td>
                {(['staff', 'senior', 'prep'] as const).map((a) => {
                  const x = c.audiences.find((y) => y.audience === a);
                  return (
                    <Table.Td key={a}>
                      {!x
                        ? ''
                        : x.suppressed || !x.favourable
                          ? 'not reportable'
                          : `${pct(x.favourable.pct)} (n = ${x.n}, ${x.year})`}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Card>
  );
}
