import { Alert, Badge, Button, Card, Group, Modal, Progress, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconDownload, IconPrinter, IconRefresh, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDate, formatDateTime, formatShortDay } from '../../lib/format.ts';
import { NoAccess, QueryView } from '../../lib/ui.tsx';
import { DrillDrawer, KpiPack } from './kpi-pack.tsx';
import { ManualPanel } from './manual-panel.tsx';
import { ReportSections } from './report-sections.tsx';
import type { KpiFigure, ReportView } from './report-types.ts';

type Job = {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  done: number;
  total: number | null;
  message: string | null;
  error: string | null;
};

/** Refreshing a draft's figures runs as a job; this polls it and shows how far it has got. */
function useRefresh(id: string) {
  const qc = useQueryClient();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setError(null);
    try {
      let { job: j } = await api<{ job: Job }>(`/api/reports/${id}/refresh`, { method: 'POST' });
      setJob(j);
      while (j.status === 'running') {
        await new Promise((r) => setTimeout(r, 600));
        j = await api<Job>(`/api/jobs/${j.id}`);
        setJob(j);
      }
      if (j.status === 'failed') setError(j.error ?? 'The refresh failed');
      await qc.invalidateQueries({ queryKey: ['report', id] });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setJob(null);
    }
  };
  return { job, error, start };
}

export function ReportPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const [open, setOpen] = useState<KpiFigure | null>(null);
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({ queryKey: ['report', id], queryFn: () => api<ReportView>(`/api/reports/${id}`) });
  const refresh = useRefresh(id);
  const publish = useMutation({
    mutationFn: () => api<ReportView>(`/api/reports/${id}/publish`, { method: 'POST' }),
    onSuccess: (r) => {
      qc.setQueryData(['report', id], r);
      void qc.invalidateQueries({ queryKey: ['reports'] });
      setConfirming(false);
    },
  });
  if (me.data && !hasRole(me.data, ['admin', 'it', 'slt'])) return <NoAccess />;
  const admin = hasRole(me.data, ['admin']);
  return (
    <QueryView query={query}>
      {(r) => {
        const draft = r.status === 'draft';
        const f = r.figures;
        const count = (rag: string) => f.kpis.filter((k) => k.rag === rag).length;
        return (
          <Stack>
            <div>
              <Group gap="xs">
                <Title order={1} size="h2">
                  {f.schoolName}: IT Services report, {f.term.label}
                </Title>
                <Badge color={draft ? 'gray' : 'green'} variant="light" size="lg">
                  {draft ? 'Draft' : 'Published'}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {formatShortDay(r.termStartsOn)} to {formatShortDay(r.termEndsOn)} ·{' '}
                {draft
                  ? `figures from ${formatDateTime(r.figuresAt)}`
                  : `published ${formatDate(r.publishedAt ?? r.figuresAt)} by ${r.publishedBy}`}{' '}
                · {count('green')} green, {count('amber')} amber, {count('red')} red
              </Text>
            </div>
            <Group gap="xs">
              {draft && admin && (
                <Button
                  leftSection={<IconRefresh size={16} />}
                  variant="light"
                  onClick={() => void refresh.start()}
                  loading={!!refresh.job}
                >
                  Refresh the figures
                </Button>
              )}
              {draft && admin && (
                <Button leftSection={<IconSend size={16} />} onClick={() => setConfirming(true)}>
                  Publish
                </Button>
              )}
              <Button
                component="a"
                href={`/api/reports/${r.id}/file/docx`}
                variant="default"
                leftSection={<IconDownload size={16} />}
              >
                Word
              </Button>
              <Button
                component="a"
                href={`/api/reports/${r.id}/file/pdf`}
                variant="default"
                leftSection={<IconDownload size={16} />}
              >
                PDF
              </Button>
              <Button component={Link} to={`/reports/${r.id}/print`} variant="subtle" leftSection={<IconPrinter size={16} />}>
                Printable page
              </Button>
            </Group>
            {refresh.job && (
              <Card withBorder aria-live="polite">
                <Text size="sm">{refresh.job.message ?? 'Starting'}</Text>
                <Progress value={refresh.job.total ? (refresh.job.done / refresh.job.total) * 100 : 5} mt={6} />
              </Card>
            )}
            {refresh.error && (
              <Alert color="red" role="alert">
                {refresh.error}
              </Alert>
            )}
            {f.waiting.length > 0 && (
              <Text size="xs" c="dimmed">
                Waiting for their source: {f.waiting.map((w) => w.label).join(', ')} (their module is not installed).
              </Text>
            )}
            <Tabs defaultValue="report" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="report">Report</Tabs.Tab>
                <Tabs.Tab value="kpis">KPI pack</Tabs.Tab>
                {draft && admin && <Tabs.Tab value="manual">Figures entered by hand</Tabs.Tab>}
              </Tabs.List>
              <Tabs.Panel value="report" pt="md">
                <ReportSections report={r} editable={draft && admin} />
              </Tabs.Panel>
              <Tabs.Panel value="kpis" pt="md">
                <Card withBorder padding="xs">
                  <KpiPack report={r} onOpen={setOpen} />
                </Card>
                <Stack gap={4} mt="sm">
                  {f.footnotes.map((n) => (
                    <Text key={n} size="xs" c="dimmed">
                      {n}
                    </Text>
                  ))}
                </Stack>
              </Tabs.Panel>
              {draft && admin && (
                <Tabs.Panel value="manual" pt="md">
                  <ManualPanel termStartsOn={r.termStartsOn} />
                </Tabs.Panel>
              )}
            </Tabs>
            {open && <DrillDrawer report={r} kpi={open} onClose={() => setOpen(null)} />}
            <Modal
              opened={confirming}
              onClose={() => setConfirming(false)}
              title={`Publish the ${f.term.label} report?`}
              closeButtonProps={{ 'aria-label': 'Close' }}
            >
              <Stack>
                <Text size="sm">
                  Senior leaders will read it as it is now: the figures from {formatDateTime(r.figuresAt)}, your narrative and the
                  charts. A published report never changes.
                </Text>
                {publish.error && (
                  <Text size="sm" c="red" role="alert">
                    {errorMessage(publish.error)}
                  </Text>
                )}
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setConfirming(false)}>
                    Not yet
                  </Button>
                  <Button onClick={() => publish.mutate()} loading={publish.isPending}>
                    Publish the report
                  </Button>
                </Group>
              </Stack>
            </Modal>
          </Stack>
        );
      }}
    </QueryView>
  );
}
