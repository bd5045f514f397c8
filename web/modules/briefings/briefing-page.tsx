import { Alert, Anchor, Badge, Button, Checkbox, Grid, Group, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconMail, IconPencil, IconRefresh, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDateTime, plural } from '../../lib/format.ts';
import { MailNotSetUp, useMailStatus } from '../../lib/mail.tsx';
import { NoAccess, QueryView } from '../../lib/ui.tsx';
import { type BriefingView, type RevisionView, type SendResult, STATUS_COLORS, STATUS_LABELS } from './briefing-types.ts';
import { HtmlView } from './markdown.tsx';
import { NoteText } from './note-text.tsx';
import { PublishModal } from './publish-modal.tsx';
import { SectionCard } from './section-card.tsx';

/** The published HTML without its first heading: the page shows the title itself. */
const body = (html: string) => html.replace(/^<h1>[\s\S]*?<\/h1>\n?/, '');

function Published({ briefing }: { briefing: BriefingView }) {
  const [number, setNumber] = useState<number | null>(null);
  const older = useQuery({
    queryKey: ['briefings', briefing.id, 'revision', number],
    queryFn: () => api<RevisionView>(`/api/briefings/${briefing.id}/revisions/${number}`),
    enabled: number !== null && number !== briefing.current?.number,
  });
  const shown = number === null || number === briefing.current?.number ? briefing.current : older.data;
  if (!briefing.current) return null;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Published {formatDateTime(briefing.current.publishedAt)} by {briefing.current.publishedBy}
          {briefing.current.note ? ` · corrected: ${briefing.current.note}` : ''}
        </Text>
        {briefing.revisions.length > 1 && (
          <Select
            aria-label="Revision"
            size="xs"
            w={260}
            value={String(number ?? briefing.current.number)}
            onChange={(v) => setNumber(v ? Number(v) : null)}
            data={briefing.revisions.map((r) => ({
              value: String(r.number),
              label: `${r.number === briefing.current?.number ? 'Current: ' : ''}revision ${r.number}, ${formatDateTime(r.publishedAt)}`,
            }))}
          />
        )}
      </Group>
      {shown && shown.number !== briefing.current.number && (
        <Alert color="gray" variant="light">
          Revision {shown.number}, as published {formatDateTime(shown.publishedAt)}. It was corrected later.
        </Alert>
      )}
      <Paper withBorder p={{ base: 'sm', sm: 'lg' }}>
        {shown ? <HtmlView html={body(shown.html)} label={shown.title} /> : <Text c="dimmed">Loading…</Text>}
      </Paper>
    </Stack>
  );
}

function DirectorPanel({ briefing }: { briefing: BriefingView }) {
  const qc = useQueryClient();
  const mail = useMailStatus();
  const [emailSlt, setEmailSlt] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ['briefings'] });
  const onError = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });
  const told = (r: SendResult, what: string) =>
    r.mailError
      ? notifications.show({ color: 'orange', message: r.mailError })
      : notifications.show({
          color: 'green',
          message: r.sentTo.length ? `${what}: emailed to ${plural(r.sentTo.length, 'person', 'people')}` : what,
        });
  const share = useMutation({
    mutationFn: (shared: boolean) =>
      api<SendResult>(`/api/briefings/${briefing.id}/share`, { method: 'POST', body: { shared, email: shared && emailSlt } }),
    onSuccess: async (r, shared) => {
      await refresh();
      told(r, shared ? 'Shared with SLT' : 'No longer shared with SLT');
    },
    onError,
  });
  const resend = useMutation({
    mutationFn: (audience: 'team' | 'slt') =>
      api<SendResult>(`/api/briefings/${briefing.id}/send`, { method: 'POST', body: { audience } }),
    onSuccess: async (r) => {
      await refresh();
      told(r, 'Sent again');
    },
    onError,
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Who reads it
        </Title>
        <Text size="sm">The Director and IT Services read every published briefing.</Text>
        <Switch
          label="Shared with SLT"
          description="Senior leaders can read it in Belfry"
          checked={briefing.sharedWithSlt}
          disabled={share.isPending}
          onChange={(e) => share.mutate(e.currentTarget.checked)}
        />
        {!briefing.sharedWithSlt && mail.data?.outgoing !== false && (
          <Checkbox
            size="xs"
            label="Email it to SLT when I share it"
            checked={emailSlt}
            onChange={(e) => setEmailSlt(e.currentTarget.checked)}
          />
        )}
        <Title order={2} size="h5" mt="xs">
          Emailed
        </Title>
        {briefing.deliveries.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not emailed.
          </Text>
        ) : (
          briefing.deliveries.map((d) => (
            <Text key={`${d.sentAt}-${d.audience}`} size="sm">
              Revision {d.revision} to {d.audience === 'team' ? 'the team' : 'SLT'} (
              {plural(d.recipients.length, 'address', 'addresses')}), {formatDateTime(d.sentAt)}
            </Text>
          ))
        )}
        {mail.data?.outgoing === false && <MailNotSetUp what="email the briefing" />}
        <Group gap="xs" display={mail.data?.outgoing === false ? 'none' : undefined}>
          <Button size="xs" variant="default" leftSection={<IconMail size={14} />} onClick={() => resend.mutate('team')}>
            {briefing.deliveries.some((d) => d.audience === 'team') ? 'Email the team again' : 'Email it to the team'}
          </Button>
          {briefing.sharedWithSlt && (
            <Button size="xs" variant="default" leftSection={<IconMail size={14} />} onClick={() => resend.mutate('slt')}>
              Email SLT
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** /briefings/:id: a published briefing for its readers; the draft or a correction for the Director. */
export function BriefingPage() {
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const allowed = hasRole(me, ['admin', 'it', 'slt']);
  const query = useQuery({
    queryKey: ['briefings', id],
    queryFn: () => api<BriefingView>(`/api/briefings/${id}`),
    enabled: allowed,
  });
  const [publishing, setPublishing] = useState(false);
  const onError = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });
  const redraft = useMutation({
    mutationFn: (week: string) => api<BriefingView>('/api/briefings/draft', { method: 'POST', body: { week } }),
    onSuccess: (b) => {
      qc.setQueryData(['briefings', id], b);
      notifications.show({
        color: 'green',
        message: 'Drafted again from this week’s data; your edited sections are as you left them',
      });
    },
    onError,
  });
  const correction = useMutation({
    mutationFn: (start: boolean) => api<BriefingView>(`/api/briefings/${id}/correction`, { method: start ? 'POST' : 'DELETE' }),
    onSuccess: (b) => qc.setQueryData(['briefings', id], b),
    onError,
  });
  if (me && !allowed) return <NoAccess />;
  return (
    <QueryView query={query}>
      {(b) => {
        const working = b.sections !== null;
        const said = b.sections?.filter((s) => s.markdown.trim()).length ?? 0;
        return (
          <Stack>
            <Anchor component={Link} to="/briefings" size="sm">
              <Group gap={4}>
                <IconArrowLeft size={14} /> Briefings
              </Group>
            </Anchor>
            <Group justify="space-between" align="flex-start">
              <div>
                <Title order={1} size="h2">
                  {b.title}
                </Title>
                <Group gap="xs" mt={4}>
                  {b.canEdit && (
                    <Badge color={STATUS_COLORS[b.status]} variant="light">
                      {STATUS_LABELS[b.status]}
                    </Badge>
                  )}
                  {b.sharedWithSlt && (
                    <Badge color="grape" variant="light">
                      Shared with SLT
                    </Badge>
                  )}
                  {working && (
                    <Text size="sm" c="dimmed">
                      Drafted {formatDateTime(b.draftedAt)} by {b.draftedBy} · {said} of {b.sections?.length} sections have
                      something to say
                    </Text>
                  )}
                </Group>
              </div>
              {b.canEdit && (
                <Group gap="xs">
                  {b.status === 'draft' && (
                    <Button
                      variant="default"
                      leftSection={<IconRefresh size={16} />}
                      loading={redraft.isPending}
                      onClick={() => redraft.mutate(b.week)}
                    >
                      Draft again
                    </Button>
                  )}
                  {b.status === 'correcting' && (
                    <Button variant="default" loading={correction.isPending} onClick={() => correction.mutate(false)}>
                      Discard the correction
                    </Button>
                  )}
                  {b.status === 'published' && (
                    <Button
                      variant="default"
                      leftSection={<IconPencil size={16} />}
                      loading={correction.isPending}
                      onClick={() => correction.mutate(true)}
                    >
                      Correct it
                    </Button>
                  )}
                  {working && (
                    <Button leftSection={<IconSend size={16} />} onClick={() => setPublishing(true)} disabled={said === 0}>
                      {b.status === 'correcting' ? 'Publish the correction' : 'Publish'}
                    </Button>
                  )}
                </Group>
              )}
            </Group>
            {redraft.isPending && (
              <Alert color="blue" variant="light">
                Drafting from this week’s help desk, security, projects, Wi-Fi, meetings and calendar… the Wi-Fi verdict takes a
                few seconds.
              </Alert>
            )}
            {b.status === 'correcting' && b.canEdit && (
              <Alert color="orange" variant="light">
                You are correcting revision {b.current?.number}. The team still sees it as published until you publish the
                correction.
              </Alert>
            )}
            <Grid>
              <Grid.Col span={{ base: 12, lg: 8 }}>
                {working ? (
                  <Stack>
                    {b.sections?.map((s) => (
                      <SectionCard key={s.id} briefingId={b.id} section={s} />
                    ))}
                  </Stack>
                ) : (
                  <Published briefing={b} />
                )}
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 4 }}>
                <Stack>
                  {working && (
                    <Paper withBorder p="md">
                      <Title order={2} size="h5" mb="xs">
                        Notes from the week
                      </Title>
                      {b.notes.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          None yet. Anyone in IT can add one from a ticket, an alert, a project or a meeting
                          <span className="keyboard-hint">, or press n anywhere</span>.
                        </Text>
                      ) : (
                        <Stack gap={6}>
                          {b.notes.map((n) => (
                            <NoteText key={n.id} note={n} />
                          ))}
                        </Stack>
                      )}
                    </Paper>
                  )}
                  {b.canEdit && b.current && <DirectorPanel briefing={b} />}
                </Stack>
              </Grid.Col>
            </Grid>
            {publishing && <PublishModal briefing={b} onClose={() => setPublishing(false)} />}
          </Stack>
        );
      }}
    </QueryView>
  );
}
