import { Badge, Button, Group, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { useOverview } from './campaigns-tab.tsx';

type MailReport = {
  id: string;
  receivedAt: string;
  fromAddress: string;
  subject: string;
  status: string;
  campaignName: string | null;
  reviewNote: string | null;
  reviewedBy: string | null;
};

const STATUS: Record<string, { label: string; color: string }> = {
  matched: { label: 'A simulation', color: 'green' },
  review: { label: 'To review', color: 'orange' },
  dismissed: { label: 'Harmless', color: 'gray' },
  actioned: { label: 'Acted on', color: 'blue' },
};

function Review({ r }: { r: MailReport }) {
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: (status: string) => api(`/api/phishing/mailbox/${r.id}/review`, { method: 'POST', body: { status, note } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['phishing'] }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Stack gap={4}>
      <Textarea
        size="xs"
        placeholder="What you found"
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        aria-label={`What you found: ${r.subject}`}
      />
      <Group gap={4}>
        <Button size="compact-xs" variant="light" onClick={() => save.mutate('dismissed')}>
          Harmless
        </Button>
        <Button size="compact-xs" variant="light" color="blue" onClick={() => save.mutate('actioned')}>
          Acted on
        </Button>
      </Group>
    </Stack>
  );
}

/** What staff sent to the reporting mailbox: simulations matched to their campaign, real reports to look at. */
export function MailboxTab() {
  const [status, setStatus] = useState('review');
  const overview = useOverview();
  const q = useQuery({
    queryKey: ['phishing', 'mailbox', status],
    queryFn: () => api<{ reports: MailReport[] }>(`/api/phishing/mailbox${status === 'all' ? '' : `?status=${status}`}`),
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {overview.data?.mailbox
          ? `Belfry reads ${overview.data.mailbox.user} every two minutes. Forwarded simulations (inline, as .eml or as Outlook .msg, Safe Links included) count as reports; anything else is a real report for IT to look at.`
          : 'The reporting mailbox is not being read: it is connected where Belfry is started (the Set-up tab has the checklist). Reports through the link and "Told IT" still count.'}
      </Text>
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={setStatus}
        data={[
          { value: 'review', label: 'To review' },
          { value: 'matched', label: 'Simulations' },
          { value: 'all', label: 'All' },
        ]}
      />
      <QueryView query={q}>
        {({ reports }) =>
          reports.length === 0 ? (
            <Text c="dimmed">{status === 'review' ? 'Nothing to review.' : 'Nothing here yet.'}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Received</Table.Th>
                    <Table.Th>From</Table.Th>
                    <Table.Th>Subject</Table.Th>
                    <Table.Th>What it is</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {reports.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{formatDateTime(r.receivedAt)}</Table.Td>
                      <Table.Td>{r.fromAddress || '–'}</Table.Td>
                      <Table.Td>{r.subject}</Table.Td>
                      <Table.Td>
                        <Badge color={STATUS[r.status]?.color} variant="light">
                          {STATUS[r.status]?.label ?? r.status}
                        </Badge>
                        {r.campaignName && (
                          <Text size="xs" c="dimmed">
                            {r.campaignName}
                          </Text>
                        )}
                        {r.reviewNote && (
                          <Text size="xs" c="dimmed">
                            {r.reviewedBy}: {r.reviewNote}
                          </Text>
                        )}
                        {r.status === 'review' && <Review r={r} />}
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
