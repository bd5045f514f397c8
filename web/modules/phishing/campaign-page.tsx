import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileText, IconMailForward, IconReport } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDate, formatDateTime, plural } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { CampaignForm } from './campaign-form.tsx';
import { CampaignPeople } from './campaign-people.tsx';
import { minutesWords, RateFigure, rateWords, StatLine } from './figures.tsx';
import { type Campaign, type DocumentText, type Results, STATE_COLORS, type TagAnalysis } from './types.ts';

type ScheduleResult = Campaign & {
  skippedDays: { reason: string }[];
  excluded: { kind: string; n: number }[];
  duplicates: number;
};

function Actions({ c }: { c: Campaign }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const act = useMutation({
    mutationFn: (what: string) => api<unknown>(`/api/phishing/campaigns/${c.id}/${what}`, { method: 'POST' }),
    onSuccess: (r, what) => {
      void qc.invalidateQueries({ queryKey: ['phishing'] });
      if (what === 'schedule') {
        const s = r as ScheduleResult;
        const notes = [
          `${plural(s.counts.total, 'person', 'people')} will receive it`,
          s.duplicates ? `${plural(s.duplicates, 'duplicate')} across groups removed` : '',
          ...s.excluded.map((e) => `${e.n} left out (${e.kind.toLowerCase()})`),
          s.skippedDays.length ? `${plural(s.skippedDays.length, 'day')} of the window skipped` : '',
        ].filter(Boolean);
        notifications.show({ title: 'Scheduled', message: notes.join('; ') });
      } else if (what === 'close') notifications.show({ message: 'Closed. Two follow-up to-dos are on your list.' });
      else if (what === 'follow-up') {
        const f = r as { lessons: number; thanks: number; mailed: number; mailNotSetUp: boolean };
        notifications.show({
          message: f.mailNotSetUp
            ? `${f.lessons} lessons and ${f.thanks} thank-yous assigned; mail is not set up in Belfry, so none was emailed (Settings, General, Mail says how to set it up).`
            : `${f.lessons} lessons and ${f.thanks} thank-yous; ${f.mailed} emails sent`,
        });
      }
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err), autoClose: 12000 }),
  });
  const b = (what: string, label: string, color?: string) => (
    <Button
      key={what}
      color={color}
      variant={color ? 'filled' : 'default'}
      loading={act.isPending && act.variables === what}
      onClick={() => act.mutate(what)}
    >
      {label}
    </Button>
  );
  return (
    <Group>
      {c.state === 'draft' && (
        <>
          <Button variant="default" onClick={() => setEditing(true)}>
            Change
          </Button>
          {b('schedule', 'Check and schedule', 'blue')}
        </>
      )}
      {c.state === 'scheduled' && !c.startedAt && b('unschedule', 'Back to draft')}
      {['scheduled', 'sending', 'live'].includes(c.state) && b('close', 'Close the campaign', 'dark')}
      {c.state === 'closed' && !c.purgedAt && b('follow-up', 'Send lessons and thank-yous', 'blue')}
      {c.state === 'closed' && b('archive', 'Archive')}
      {editing && <CampaignForm campaign={c} onClose={() => setEditing(false)} />}
    </Group>
  );
}

function Analysis({ title, a }: { title: string; a: TagAnalysis }) {
  if (a.rows.length === 0) return null;
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kind</Table.Th>
            <Table.Th>People</Table.Th>
            <Table.Th>Clicked</Table.Th>
            <Table.Th>Reported</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.rows.map((r) => (
            <Table.Tr key={r.tag}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td>{r.n}</Table.Td>
              <Table.Td>{rateWords(r.humanClicked)}</Table.Td>
              <Table.Td>{rateWords(r.reported)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" mt="xs">
        {a.statement}
      </Text>
    </Card>
  );
}

function ResultsView({ c, r }: { c: Campaign; r: Results }) {
  const o = r.stats.overall;
  return (
    <Stack>
      <Title order={2} size="h4">
        Recognition first
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: c.landingMode === 'form' ? 4 : 3 }}>
        <RateFigure
          label="Reported it"
          rate={o.reported}
          help="Reported with the Report button, the reporting mailbox, or by telling IT"
        />
        <RateFigure label="Recognised it" rate={o.recognised} help="Reported before any click by a person" />
        <RateFigure
          label="Clicked (people)"
          rate={o.humanClicked}
          help="Clicks judged to be people; link scanners and previews are left out"
        />
        {c.landingMode === 'form' && (
          <RateFigure
            label="Went on to sign in"
            rate={o.submitted}
            help="Typed into the pretend sign-in page. Nothing typed is ever sent or stored."
          />
        )}
      </SimpleGrid>
      <Card withBorder>
        <Stack gap={6}>
          <StatLine label="Median time from delivery to report" value={minutesWords(o.medianMinutesToFirstReport)} />
          <StatLine label="First report after the first delivery" value={minutesWords(r.stats.minutesToFirstReport)} />
          <StatLine
            label="Machine requests left out (scanners, previews, report-button checks)"
            value={String(o.excludedAutomated)}
          />
          <StatLine label="Clicks too uncertain to count" value={String(o.uncertainClicks)} />
          <StatLine
            label="Not delivered (failed, left out or not sent)"
            value={String(r.stats.failed + r.stats.excluded + r.stats.cancelled)}
          />
          <StatLine
            label="Lessons completed / assigned; thank-yous"
            value={`${r.training.completed} / ${r.training.lessons}; ${r.training.thanks}`}
          />
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          By group
        </Title>
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Group</Table.Th>
                <Table.Th>People</Table.Th>
                <Table.Th>Reported</Table.Th>
                <Table.Th>Clicked</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.stats.groups.map((g) => (
                <Table.Tr key={g.name}>
                  <Table.Td>{g.name}</Table.Td>
                  <Table.Td>{g.n}</Table.Td>
                  <Table.Td>{rateWords(g.block.reported)}</Table.Td>
                  <Table.Td>{rateWords(g.block.humanClicked)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt="xs">
          Groups under {r.threshold} are withheld from the SLT report. With groups this small, the intervals are wide: compare
          campaigns, not people.
        </Text>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Analysis title="By theme" a={r.themes} />
        <Analysis title="By technique" a={r.techniques} />
      </SimpleGrid>
      {!c.purgedAt && <CampaignPeople campaignId={c.id} />}
    </Stack>
  );
}

function DocumentModal({ url, onClose }: { url: string; onClose: () => void }) {
  const q = useQuery({ queryKey: ['phishing', 'doc', url], queryFn: () => api<DocumentText>(url) });
  return (
    <Modal opened onClose={onClose} size="lg" title={q.data?.title ?? 'Loading'}>
      <QueryView query={q}>
        {(d) => (
          <Stack gap="sm">
            {d.sections.map((s) => (
              <div key={s.heading}>
                <Text fw={700}>{s.heading}</Text>
                {s.paragraphs.map((p) => (
                  <Text key={p} size="sm" mb={4}>
                    {p}
                  </Text>
                ))}
              </div>
            ))}
          </Stack>
        )}
      </QueryView>
    </Modal>
  );
}

/** /phishing/campaigns/:id: progress while sending, then the results led by recognition. */
export function CampaignPage() {
  const { id } = useParams();
  const { data: me } = useMe();
  const [doc, setDoc] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['phishing', 'campaign', id],
    queryFn: () => api<Campaign>(`/api/phishing/campaigns/${id}`),
    refetchInterval: (x) => (x.state.data?.state === 'sending' || x.state.data?.state === 'scheduled' ? 2000 : false),
    enabled: hasRole(me, ['admin', 'it']),
  });
  const started = q.data && q.data.state !== 'draft' && q.data.state !== 'scheduled';
  const results = useQuery({
    queryKey: ['phishing', 'results', id],
    queryFn: () => api<Results>(`/api/phishing/campaigns/${id}/results`),
    enabled: !!started,
    refetchInterval: q.data?.state === 'sending' || q.data?.state === 'live' ? 10_000 : false,
  });
  if (!hasRole(me, ['admin', 'it'])) return <NoAccess />;
  return (
    <QueryView query={q}>
      {(c) => (
        <Stack>
          <Anchor component={Link} to="/phishing/campaigns" size="sm">
            All campaigns
          </Anchor>
          <PageTitle title={c.name}>{c.purpose || 'A practice phishing campaign.'}</PageTitle>
          <Group justify="space-between">
            <Group gap="xs">
              <Badge color={STATE_COLORS[c.state]} size="lg" variant="light">
                {c.stateLabel}
              </Badge>
              <Text size="sm" c="dimmed">
                {c.windowStart
                  ? `Window ${formatDateTime(c.windowStart)} to ${formatDateTime(c.windowEnd ?? c.windowStart)}, sends ${c.sendFrom}–${c.sendUntil} on school days`
                  : 'No window yet'}
              </Text>
            </Group>
            <Actions c={c} />
          </Group>
          {c.counts.total > 0 && (
            <Card withBorder>
              <Group justify="space-between" mb={6}>
                <Text fw={600}>Delivery</Text>
                <Text size="sm" c="dimmed">
                  {c.startedAt ? `First message ${formatDateTime(c.startedAt)}` : 'Not started'}
                  {c.closedAt ? ` · closed ${formatDate(c.closedAt)}` : ''}
                </Text>
              </Group>
              <Progress.Root size="lg">
                <Progress.Section value={(100 * c.counts.accepted) / c.counts.total} color="green" aria-label="Delivered" />
                <Progress.Section value={(100 * c.counts.failed) / c.counts.total} color="red" aria-label="Failed to send" />
              </Progress.Root>
              <Text size="sm" mt={6}>
                {c.counts.accepted} delivered, {c.counts.queued + c.counts.sending + c.counts.retrying} to send
                {c.counts.retrying ? ` (${c.counts.retrying} retrying)` : ''}, {c.counts.failed} failed,{' '}
                {c.counts.excluded + c.counts.cancelled} not sent
              </Text>
            </Card>
          )}
          {c.skippedDays && c.skippedDays.length > 0 && c.state !== 'closed' && c.state !== 'archived' && (
            <Alert color="gray" title="Days of the window with no sends">
              <List size="sm">
                {c.skippedDays.slice(0, 10).map((d) => (
                  <List.Item key={d.date}>{d.reason}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {c.purgedAt && (
            <Alert color="gray">
              Per-person results were deleted {formatDate(c.purgedAt)} at the end of the retention period; the totals below are
              kept.
            </Alert>
          )}
          <Group>
            <Button
              variant="light"
              leftSection={<IconFileText size={16} />}
              onClick={() => setDoc(`/api/phishing/campaigns/${c.id}/notice`)}
            >
              Staff notice
            </Button>
            <Button
              variant="light"
              leftSection={<IconFileText size={16} />}
              onClick={() => setDoc(`/api/phishing/campaigns/${c.id}/dpia`)}
            >
              DPIA outline
            </Button>
            {started && (
              <>
                <Button
                  component={Link}
                  to={`/phishing/campaigns/${c.id}/report`}
                  variant="light"
                  leftSection={<IconReport size={16} />}
                >
                  SLT report
                </Button>
                {!c.purgedAt && (
                  <Button
                    component="a"
                    href={`/api/phishing/campaigns/${c.id}/results.csv`}
                    variant="light"
                    leftSection={<IconDownload size={16} />}
                  >
                    Results (CSV)
                  </Button>
                )}
              </>
            )}
            {c.state === 'draft' && (
              <Text size="sm" c="dimmed">
                <IconMailForward size={14} /> Give staff the notice before the first campaign.
              </Text>
            )}
          </Group>
          {started && <QueryView query={results}>{(r) => <ResultsView c={c} r={r} />}</QueryView>}
          {doc && <DocumentModal url={doc} onClose={() => setDoc(null)} />}
        </Stack>
      )}
    </QueryView>
  );
}
