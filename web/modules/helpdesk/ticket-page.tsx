import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { BriefingNoteButton } from '../../lib/briefing-note.tsx';
import { formatDateTime, placeWords } from '../../lib/format.ts';
import { PageTitle, QueryView } from '../../lib/ui.tsx';
import { PriorityBadge, StatusBadge } from './badges.tsx';
import { Conversation, ReplyBox } from './conversation.tsx';
import { RateBox } from './rate-box.tsx';
import { AgentPanel, HistoryPanel, SlaPanel } from './ticket-panels.tsx';
import type { Options, TicketDetail } from './types.ts';

/** One ticket: the IT team's working view (/helpdesk/tickets/:id) or the requester's (/help/tickets/:id). */
export function TicketPage() {
  const { id = '' } = useParams();
  const ticket = useQuery({
    queryKey: ['helpdesk', 'ticket', id],
    queryFn: () => api<TicketDetail>(`/api/helpdesk/tickets/${id}`),
  });
  const options = useQuery({ queryKey: ['helpdesk', 'options'], queryFn: () => api<Options>('/api/helpdesk/options') });
  return (
    <QueryView query={ticket}>
      {(d) => {
        const t = d.ticket;
        const agent = d.view === 'agent';
        const back = agent ? '/helpdesk' : '/help';
        return (
          <Stack>
            <Anchor component={Link} to={back} size="sm">
              ← {agent ? 'Back to the queue' : 'Back to your requests'}
            </Anchor>
            <Group justify="space-between" align="flex-start">
              <PageTitle title={`#${t.number} ${t.subject}`}>
                Raised by {t.requesterName} on {formatDateTime(t.createdAt)}
                {t.locationLabel ? ` · ${placeWords(t.locationLabel)}` : ''}
                {t.asset ? ` · ${t.asset}` : ''}
              </PageTitle>
              <Group gap="xs">
                {t.restricted && (
                  <Badge color="red" leftSection={<IconLock size={12} />}>
                    Restricted
                  </Badge>
                )}
                <StatusBadge status={t.status} agent={agent} />
                {agent && <PriorityBadge priority={t.priority} />}
                {agent && (
                  <BriefingNoteButton
                    source={{
                      module: 'helpdesk',
                      kind: 'ticket',
                      id: t.id,
                      label: `Ticket #${t.number}`,
                      url: `/helpdesk/tickets/${t.id}`,
                    }}
                  />
                )}
              </Group>
            </Group>
            {d.mergedInto && (
              <Alert color="gray">
                This ticket was merged into{' '}
                <Anchor component={Link} to={`${back}/tickets/${d.mergedInto.id}`}>
                  #{d.mergedInto.number}
                </Anchor>
                .
              </Alert>
            )}
            {d.linkedTo && (
              <Text size="sm" c="dimmed">
                Follows on from{' '}
                <Anchor component={Link} to={`${back}/tickets/${d.linkedTo.id}`}>
                  #{d.linkedTo.number}
                </Anchor>
              </Text>
            )}
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: agent ? 8 : 12 }}>
                <Stack>
                  <Conversation detail={d} />
                  {t.status !== 'merged' && <ReplyBox detail={d} canned={options.data?.canned ?? []} />}
                  {d.survey?.canRate && <RateBox ticketId={t.id} survey={d.survey} />}
                  {!agent && d.survey && !d.survey.canRate && d.survey.rating && (
                    <Paper withBorder p="md">
                      <Text size="sm">You rated this {d.survey.rating} out of 5. Thank you.</Text>
                    </Paper>
                  )}
                </Stack>
              </Grid.Col>
              {agent && (
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Stack>
                    <SlaPanel detail={d} />
                    {options.data && <AgentPanel detail={d} options={options.data} />}
                    {d.survey?.rating && (
                      <Paper withBorder p="md">
                        <Title order={3} size="h5" mb={4}>
                          Satisfaction
                        </Title>
                        <Text size="sm">
                          Rated {d.survey.rating}/5{d.survey.comment ? `: “${d.survey.comment}”` : ''}
                        </Text>
                      </Paper>
                    )}
                    <HistoryPanel detail={d} />
                  </Stack>
                </Grid.Col>
              )}
            </Grid>
            {!agent && t.status !== 'resolved' && t.status !== 'closed' && (
              <Group>
                <Button component={Link} to="/help" variant="subtle">
                  Raise another request
                </Button>
              </Group>
            )}
          </Stack>
        );
      }}
    </QueryView>
  );
}
