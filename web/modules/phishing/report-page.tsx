import { Anchor, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPrinter } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDate } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { ReportView } from './report-view.tsx';
import type { SltReport } from './types.ts';

function Commentary({ r }: { r: SltReport }) {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const [text, setText] = useState(r.commentary || r.draftCommentary);
  useEffect(() => setText(r.commentary || r.draftCommentary), [r.commentary, r.draftCommentary]);
  const save = useMutation({
    mutationFn: () => api(`/api/phishing/campaigns/${r.campaign.id}/commentary`, { method: 'PUT', body: { text } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['phishing', 'report', r.campaign.id] });
      notifications.show({ message: 'Commentary saved' });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  if (me?.role !== 'admin')
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {r.commentary || r.draftCommentary}
      </Text>
    );
  return (
    <Stack gap="xs">
      <Textarea
        label="Commentary (yours to edit; the draft is written from the figures)"
        autosize
        minRows={4}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <Group>
        <Button size="xs" onClick={() => save.mutate()} loading={save.isPending}>
          Save the commentary
        </Button>
        {r.commentary && (
          <Button size="xs" variant="subtle" onClick={() => setText(r.draftCommentary)}>
            Start again from the draft
          </Button>
        )}
      </Group>
    </Stack>
  );
}

export const useReport = (id: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['phishing', 'report', id],
    queryFn: () => api<SltReport>(`/api/phishing/campaigns/${id}/report`),
    enabled,
  });

/** /phishing/campaigns/:id/report: the one-page findings for SLT, as Word or a printable page. */
export function ReportPage() {
  const { id } = useParams();
  const { data: me } = useMe();
  const q = useReport(id, hasRole(me, ['admin', 'it', 'slt']));
  if (!hasRole(me, ['admin', 'it', 'slt'])) return <NoAccess />;
  return (
    <QueryView query={q}>
      {(r) => (
        <Stack>
          <Anchor
            component={Link}
            to={hasRole(me, ['admin', 'it']) ? `/phishing/campaigns/${r.campaign.id}` : '/phishing/reports'}
            size="sm"
          >
            {hasRole(me, ['admin', 'it']) ? 'The campaign' : 'All reports'}
          </Anchor>
          <PageTitle title={`Phishing awareness: ${r.campaign.name}`}>
            {r.schoolName} · {r.campaign.startedAt ? `sent ${formatDate(r.campaign.startedAt)}` : 'not sent yet'}
            {r.campaign.closedAt ? ` · closed ${formatDate(r.campaign.closedAt)}` : ' · still running: figures may change'} · no
            names are shown
          </PageTitle>
          <Group>
            <Button
              component="a"
              href={`/api/phishing/campaigns/${r.campaign.id}/report.docx`}
              variant="light"
              leftSection={<IconDownload size={16} />}
            >
              Word
            </Button>
            <Button
              component={Link}
              to={`/phishing/print/${r.campaign.id}`}
              variant="light"
              leftSection={<IconPrinter size={16} />}
            >
              Printable page
            </Button>
          </Group>
          <ReportView r={r} />
          <Card withBorder>
            <Title order={2} size="h5" mb="xs">
              Commentary
            </Title>
            <Commentary r={r} />
          </Card>
        </Stack>
      )}
    </QueryView>
  );
}
