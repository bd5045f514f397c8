import { Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { rateWords } from './figures.tsx';
import type { Rate } from './types.ts';

type Trend = {
  group: string;
  difficulty: string;
  difficultyLabel: string;
  points: { campaignId: string; name: string; startedAt: string; n: number; humanClicked: Rate; reported: Rate }[];
};

/** Each group across campaigns, on lures of the same difficulty, so easier emails cannot fake progress. */
export function TrendsTab() {
  const q = useQuery({
    queryKey: ['phishing', 'trends'],
    queryFn: () => api<{ threshold: number; trends: Trend[] }>('/api/phishing/trends'),
  });
  return (
    <QueryView query={q}>
      {({ threshold, trends }) => (
        <Stack>
          <Text size="sm" c="dimmed">
            Results are compared only on lures of the same NIST Phish Scale difficulty. Cells with fewer than {threshold} people
            are left out.
          </Text>
          {trends.length === 0 ? (
            <Text c="dimmed">Not enough campaigns yet for a trend.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {trends.map((t) => (
                <Card withBorder key={`${t.group}-${t.difficulty}`}>
                  <Title order={3} size="h5">
                    {t.group}
                  </Title>
                  <Text size="xs" c="dimmed" mb="xs">
                    {t.difficultyLabel} lures
                  </Text>
                  <Table>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Campaign</Table.Th>
                        <Table.Th>Reported</Table.Th>
                        <Table.Th>Opened</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {t.points.map((p) => (
                        <Table.Tr key={p.campaignId}>
                          <Table.Td>
                            <Text size="sm">{p.name}</Text>
                            <Text size="xs" c="dimmed">
                              {formatDate(p.startedAt)} · {p.n} people
                            </Text>
                          </Table.Td>
                          <Table.Td>{rateWords(p.reported)}</Table.Td>
                          <Table.Td>{rateWords(p.humanClicked)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Card>
              ))}
            </SimpleGrid>
          )}
        </Stack>
      )}
    </QueryView>
  );
}
