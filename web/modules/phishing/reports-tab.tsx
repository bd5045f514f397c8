import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { STATE_COLORS } from './types.ts';

type ReportItem = {
  id: string;
  name: string;
  state: keyof typeof STATE_COLORS;
  stateLabel: string;
  startedAt: string | null;
  closedAt: string | null;
};

/** The findings for SLT: one report per campaign, no names, small groups withheld. */
export function ReportsTab() {
  const q = useQuery({
    queryKey: ['phishing', 'reports'],
    queryFn: () => api<{ reports: ReportItem[] }>('/api/phishing/reports'),
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Each report leads with how many people reported the message and how fast. Link scanners are left out, nobody is named, and
        groups of fewer than five people are not shown.
      </Text>
      <QueryView query={q}>
        {({ reports }) =>
          reports.length === 0 ? (
            <Text c="dimmed">No campaign has been sent yet.</Text>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Campaign</Table.Th>
                    <Table.Th>Sent</Table.Th>
                    <Table.Th>State</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {reports.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/phishing/campaigns/${r.id}/report`} fw={600}>
                          {r.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{r.startedAt ? formatDate(r.startedAt) : '–'}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATE_COLORS[r.state]}>
                          {r.stateLabel}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </Stack>
  );
}
