import { Alert, Anchor, Badge, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { CampaignForm } from './campaign-form.tsx';
import { type Campaign, STATE_COLORS } from './types.ts';

type Overview = {
  tracking: { baseUrl: string | null; port: number | null; configured: boolean };
  mailbox: { user: string; host: string } | null;
  reportsWaiting: number;
  mailConfigured: boolean;
};

export function useOverview() {
  return useQuery({ queryKey: ['phishing', 'overview'], queryFn: () => api<Overview>('/api/phishing/overview') });
}

/** Every campaign, newest first, with its progress; a new one starts as a draft. */
export function CampaignsTab() {
  const [creating, setCreating] = useState(false);
  const overview = useOverview();
  const query = useQuery({
    queryKey: ['phishing', 'campaigns'],
    queryFn: () => api<{ campaigns: Campaign[] }>('/api/phishing/campaigns'),
    refetchInterval: (q) => (q.state.data?.campaigns.some((c) => c.state === 'sending') ? 3000 : false),
  });
  return (
    <Stack>
      {overview.data && !overview.data.tracking.configured && (
        <Alert color="yellow" title="Tracking is not set up yet">
          Campaigns can be drafted, but not scheduled, until the tracking listener has a public address (a look-alike domain, not
          Belfry's own), set where Belfry is started. The Set-up tab has the checklist.
        </Alert>
      )}
      {overview.data && overview.data.reportsWaiting > 0 && (
        <Alert color="blue" title={`${overview.data.reportsWaiting} reported email(s) to review`}>
          Staff reported messages that are not simulations.{' '}
          <Anchor component={Link} to="/phishing/reported">
            Review them
          </Anchor>
          .
        </Alert>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Lures are dealt at random per person, balanced within each group; sends keep to school days and the hours you choose.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New campaign
        </Button>
      </Group>
      <QueryView query={query}>
        {({ campaigns }) =>
          campaigns.length === 0 ? (
            <Text c="dimmed">No campaigns yet. Start with a draft: nothing is sent until you schedule it.</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Campaign</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>Sent</Table.Th>
                    <Table.Th>Window</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {campaigns.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/phishing/campaigns/${c.id}`} fw={600}>
                          {c.name}
                        </Anchor>
                        {c.purgedAt && (
                          <Text size="xs" c="dimmed">
                            Per-person results deleted (retention); totals kept
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATE_COLORS[c.state]} variant="light">
                          {c.stateLabel}
                        </Badge>
                      </Table.Td>
                      <Table.Td miw={140}>
                        {c.counts.total ? (
                          <>
                            <Progress
                              value={(100 * c.counts.accepted) / c.counts.total}
                              size="sm"
                              aria-label={`${c.name}: delivered`}
                            />
                            <Text size="xs" c="dimmed">
                              {c.counts.accepted} of {c.counts.total} delivered
                              {c.counts.failed ? `, ${c.counts.failed} failed` : ''}
                            </Text>
                          </>
                        ) : (
                          <Text size="xs" c="dimmed">
                            {c.purgedAt ? '–' : 'Not scheduled'}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {c.windowStart
                            ? `${formatDate(c.windowStart)} to ${formatDate(c.windowEnd ?? c.windowStart)}`
                            : 'Not set'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
      {creating && <CampaignForm onClose={() => setCreating(false)} />}
    </Stack>
  );
}
