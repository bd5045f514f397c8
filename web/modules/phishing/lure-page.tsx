import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDate } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import type { Lure, LureInput, Taxonomy } from './types.ts';

const BLANK: LureInput = {
  name: '',
  subject: '',
  html: '<p>Hello {{first_name}},</p>\n<p>...</p>\n<p><a href="{{link}}">Open</a></p>',
  text: 'Hello {{first_name}},\n\n...\n\n{{link}}',
  senderName: '',
  senderAddress: '',
  pretext: 'internal',
  technique: 'link',
  theme: 'it_account',
  documentName: null,
  cues: [],
  premiseAlignment: 'medium',
  ethicsFlags: [],
  teachable: [],
  lesson: '',
};

type Preview = { subject: string; from: string; html: string; text: string };

function SignOff({ lure }: { lure: Lure }) {
  const qc = useQueryClient();
  const [byName, setByName] = useState('');
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => api(`/api/phishing/lures/${lure.id}/sign-off`, { method: 'POST', body: { byName, note } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['phishing'] }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  if (lure.signOff)
    return (
      <Alert color="green" title="SLT sign-off recorded">
        {lure.signOff.byName}, {formatDate(lure.signOff.at)}: {lure.signOff.note}
      </Alert>
    );
  return (
    <Alert color="yellow" title="This pretext needs an SLT sign-off before it is sent">
      <Stack gap="xs">
        <TextInput label="Signed off by (a member of SLT)" value={byName} onChange={(e) => setByName(e.currentTarget.value)} />
        <Textarea label="What was agreed" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
        <Button onClick={() => save.mutate()} loading={save.isPending} w="fit-content">
          Record the sign-off
        </Button>
      </Stack>
    </Alert>
  );
}

/** /phishing/lures/:id: the lure, its preview as a recipient sees it, and its teachable moment. */
export function LurePage() {
  const { id } = useParams();
  const isNew = id === 'new';
  const { data: me } = useMe();
  const admin = me?.role === 'admin';
  const qc = useQueryClient();
  const navigate = useNavigate();
  const tax = useQuery({
    queryKey: ['phishing', 'taxonomy'],
    queryFn: () => api<Taxonomy>('/api/phishing/taxonomy'),
    enabled: hasRole(me, ['admin', 'it']),
  });
  const q = useQuery({
    queryKey: ['phishing', 'lure', id],
    queryFn: () => api<Lure>(`/api/phishing/lures/${id}`),
    enabled: !isNew && hasRole(me, ['admin', 'it']),
  });
  const [f, setF] = useState<LureInput>(BLANK);
  const [preview, setPreview] = useState<Preview | null>(null);
  const show = useMutation({
    mutationFn: (body: LureInput) => api<Preview>('/api/phishing/lures/preview', { method: 'POST', body }),
    onSuccess: setPreview,
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err), autoClose: 12000 }),
  });
  const { mutate: showPreview } = show;
  useEffect(() => {
    if (!q.data) return;
    setF({ ...q.data });
    showPreview({ ...q.data });
  }, [q.data, showPreview]);
  const save = useMutation({
    mutationFn: () =>
      isNew
        ? api<Lure>('/api/phishing/lures', { method: 'POST', body: f })
        : api<Lure>(`/api/phishing/lures/${id}`, { method: 'PUT', body: f }),
    onSuccess: (l) => {
      void qc.invalidateQueries({ queryKey: ['phishing'] });
      notifications.show({ message: 'Lure saved' });
      if (isNew) navigate(`/phishing/lures/${l.id}`);
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err), autoClose: 12000 }),
  });
  const archive = useMutation({
    mutationFn: (archived: boolean) => api(`/api/phishing/lures/${id}/archive`, { method: 'POST', body: { archived } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['phishing'] }),
  });
  if (!hasRole(me, ['admin', 'it'])) return <NoAccess />;
  const set = <K extends keyof LureInput>(k: K, v: LureInput[K]) => setF((x) => ({ ...x, [k]: v }));
  const t = tax.data;
  const body = (
    <Stack>
      <Anchor component={Link} to="/phishing/lures" size="sm">
        The lure library
      </Anchor>
      <PageTitle title={isNew ? 'New lure' : f.name}>
        {q.data
          ? `${q.data.themeLabel} · ${q.data.techniqueLabel} · ${q.data.difficultyLabel}`
          : 'Write it as a criminal would, then list the cues a careful reader could spot.'}
      </PageTitle>
      {q.data &&
        q.data.ethicsFlags.length > 0 &&
        (admin ? (
          <SignOff lure={q.data} />
        ) : (
          q.data.needsSignOff && <Alert color="yellow">Needs an SLT sign-off before use.</Alert>
        ))}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack>
          <TextInput label="Name" value={f.name} onChange={(e) => set('name', e.currentTarget.value)} readOnly={!admin} />
          <SimpleGrid cols={2}>
            <TextInput
              label="Sender name"
              value={f.senderName}
              onChange={(e) => set('senderName', e.currentTarget.value)}
              readOnly={!admin}
            />
            <TextInput
              label="Sender address"
              description="A local part uses the profile's look-alike domain"
              value={f.senderAddress}
              onChange={(e) => set('senderAddress', e.currentTarget.value)}
              readOnly={!admin}
            />
          </SimpleGrid>
          <TextInput
            label="Subject"
            value={f.subject}
            onChange={(e) => set('subject', e.currentTarget.value)}
            readOnly={!admin}
          />
          <Textarea
            label="HTML body"
            autosize
            minRows={5}
            maxRows={14}
            value={f.html}
            onChange={(e) => set('html', e.currentTarget.value)}
            readOnly={!admin}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          />
          <Textarea
            label="Text body"
            autosize
            minRows={3}
            maxRows={10}
            value={f.text}
            onChange={(e) => set('text', e.currentTarget.value)}
            readOnly={!admin}
          />
          <Text size="xs" c="dimmed">
            Merge fields: {(t?.mergeFields ?? []).map((m) => `{{${m.value}}} ${m.label}`).join('; ')}.
          </Text>
          <TextInput
            label="Fake document name"
            value={f.documentName ?? ''}
            onChange={(e) => set('documentName', e.currentTarget.value || null)}
            readOnly={!admin}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <Select
              label="Technique"
              data={t?.techniques ?? []}
              value={f.technique}
              onChange={(v) => v && set('technique', v)}
              readOnly={!admin}
            />
            <Select
              label="Theme"
              data={t?.themes ?? []}
              value={f.theme}
              onChange={(v) => v && set('theme', v)}
              readOnly={!admin}
            />
            <Select
              label="Sender pretext"
              data={t?.pretexts ?? []}
              value={f.pretext}
              onChange={(v) => v && set('pretext', v)}
              readOnly={!admin}
            />
          </SimpleGrid>
          <MultiSelect
            label="NIST Phish Scale cues in the message"
            data={(t?.cues ?? []).map((c) => ({ value: c.value, label: `${c.label} (${c.category})` }))}
            value={f.cues}
            onChange={(v) => set('cues', v)}
            readOnly={!admin}
            searchable
          />
          <SimpleGrid cols={2}>
            <Select
              label="Premise alignment"
              description="How well it fits the reader's work"
              data={t?.premiseAlignment ?? []}
              value={f.premiseAlignment}
              onChange={(v) => v && set('premiseAlignment', v)}
              readOnly={!admin}
            />
            <MultiSelect
              label="Sensitive pretexts"
              description="Need an SLT sign-off"
              data={t?.ethicsFlags ?? []}
              value={f.ethicsFlags}
              onChange={(v) => set('ethicsFlags', v)}
              readOnly={!admin}
            />
          </SimpleGrid>
        </Stack>
        <Stack>
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h5">
                As a recipient sees it
              </Title>
              <Button size="xs" variant="light" onClick={() => show.mutate(f)} loading={show.isPending}>
                {preview ? 'Refresh the preview' : 'Preview'}
              </Button>
            </Group>
            {preview ? (
              <Stack gap={4}>
                <Text size="sm">
                  <b>From:</b> {preview.from}
                </Text>
                <Text size="sm">
                  <b>Subject:</b> {preview.subject}
                </Text>
                <iframe
                  title="Message preview"
                  srcDoc={preview.html}
                  sandbox=""
                  style={{
                    width: '100%',
                    minHeight: 320,
                    border: '1px solid var(--mantine-color-default-border)',
                    borderRadius: 6,
                    background: 'white',
                  }}
                />
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                The preview fills the merge fields with a sample person (Alex) and checks every field.
              </Text>
            )}
          </Card>
          <Card withBorder>
            <Title order={2} size="h5" mb="xs">
              The teachable moment: signs that were there to see
            </Title>
            <Stack gap="xs">
              {f.teachable.map((c, i) => {
                const change = (patch: Partial<typeof c>) =>
                  set(
                    'teachable',
                    f.teachable.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                  );
                return (
                  <Stack
                    // biome-ignore lint/suspicious/noArrayIndexKey: the rows have no id of their own; they are edited in place
                    key={i}
                    gap={4}
                    p="xs"
                    style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }}
                  >
                    <Group align="flex-end" wrap="nowrap">
                      <Select
                        label="Cue"
                        data={t?.cues ?? []}
                        value={c.cue}
                        onChange={(v) => v && change({ cue: v })}
                        readOnly={!admin}
                        style={{ flex: 1 }}
                      />
                      <TextInput
                        label="Where in the message"
                        value={c.where}
                        onChange={(e) => change({ where: e.currentTarget.value })}
                        readOnly={!admin}
                        style={{ flex: 1 }}
                      />
                      {admin && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label="Remove this cue"
                          onClick={() =>
                            set(
                              'teachable',
                              f.teachable.filter((_x, j) => j !== i),
                            )
                          }
                          mb={4}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      )}
                    </Group>
                    <Textarea
                      label="What a careful reader could have seen"
                      autosize
                      minRows={1}
                      value={c.explain}
                      onChange={(e) => change({ explain: e.currentTarget.value })}
                      readOnly={!admin}
                    />
                  </Stack>
                );
              })}
              {admin && (
                <Button
                  size="xs"
                  variant="subtle"
                  w="fit-content"
                  onClick={() => set('teachable', [...f.teachable, { cue: f.cues[0] ?? 'urgency', where: '', explain: '' }])}
                >
                  Add a cue
                </Button>
              )}
              <Textarea
                label="The two-minute lesson for those who clicked"
                autosize
                minRows={3}
                value={f.lesson}
                onChange={(e) => set('lesson', e.currentTarget.value)}
                readOnly={!admin}
              />
            </Stack>
          </Card>
        </Stack>
      </SimpleGrid>
      {admin && (
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Save the lure
          </Button>
          {q.data && (
            <Button variant="default" onClick={() => archive.mutate(!q.data?.archived)}>
              {q.data.archived ? 'Restore' : 'Archive'}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
  return isNew ? body : <QueryView query={q}>{() => body}</QueryView>;
}
