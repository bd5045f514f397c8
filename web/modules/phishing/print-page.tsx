import { Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDate } from '../../lib/format.ts';
import { NoAccess, QueryView } from '../../lib/ui.tsx';
import { useReport } from './report-page.tsx';
import { ReportView } from './report-view.tsx';

/** The SLT findings on one plain page, ready for the printer (outside the app's frame). */
export function PhishingPrintPage() {
  const { id } = useParams();
  const { data: me, isLoading } = useMe();
  const q = useReport(id, hasRole(me, ['admin', 'it', 'slt']));
  if (isLoading) return null;
  if (!hasRole(me, ['admin', 'it', 'slt'])) return <NoAccess />;
  return (
    <Container size="md" py="lg">
      <style>
        {'@media print { .no-print { display: none !important; } body { background: white; } @page { margin: 14mm; } }'}
      </style>
      <QueryView query={q}>
        {(r) => (
          <Stack gap="sm">
            <Group justify="space-between" className="no-print">
              <Text size="sm" c="dimmed">
                Print or save as PDF from here.
              </Text>
              <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
                Print
              </Button>
            </Group>
            <Title order={1} size="h3">
              Phishing awareness: {r.campaign.name}
            </Title>
            <Text size="sm" c="dimmed">
              {r.schoolName} · {r.campaign.startedAt ? `sent ${formatDate(r.campaign.startedAt)}` : ''} · no names are shown in
              this report
            </Text>
            <ReportView r={r} compact />
            <Title order={2} size="h5">
              Commentary
            </Title>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {r.commentary || r.draftCommentary}
            </Text>
          </Stack>
        )}
      </QueryView>
    </Container>
  );
}
