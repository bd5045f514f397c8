import {
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { ForRoles, useMe } from '../../lib/auth.tsx';
import { DateField } from '../../lib/date-field.tsx';
import { formatDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { DocumentText, Profile } from './types.ts';

type Blocked = { from: string; to: string; reason: string };
type SettingView = { key: string; value: unknown };

function ProfileForm({ profile, onClose }: { profile?: Profile; onClose: () => void }) {
  const qc = useQueryClient();
  const [f, setF] = useState({
    name: profile?.name ?? '',
    host: profile?.host ?? '',
    port: profile?.port ?? 587,
    secure: profile?.secure ?? false,
    username: profile?.username ?? '',
    password: undefined as string | undefined,
    envelopeFrom: profile?.envelopeFrom ?? '',
    headerName: profile?.headerName ?? 'X-Simulation-Id',
    perMinute: profile?.perMinute ?? 20,
    perDay: profile?.perDay ?? 2000,
    jitterSeconds: profile?.jitterSeconds ?? 5,
    maxConnections: profile?.maxConnections ?? 3,
  });
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () =>
      api(profile ? `/api/phishing/profiles/${profile.id}` : '/api/phishing/profiles', {
        method: profile ? 'PUT' : 'POST',
        body: f,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['phishing'] });
      onClose();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Modal opened onClose={onClose} title={profile ? 'Change the sending profile' : 'New sending profile'} size="lg">
      <Stack>
        <TextInput label="Name" value={f.name} onChange={(e) => set('name', e.currentTarget.value)} />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput
            label="SMTP relay"
            value={f.host}
            onChange={(e) => set('host', e.currentTarget.value)}
            placeholder="smtp.relay.example"
          />
          <NumberInput label="Port" value={f.port} onChange={(v) => set('port', Number(v))} min={1} max={65535} />
          <Switch
            label="TLS from the start (port 465)"
            checked={f.secure}
            onChange={(e) => set('secure', e.currentTarget.checked)}
            mt="lg"
          />
          <TextInput label="User name" value={f.username} onChange={(e) => set('username', e.currentTarget.value)} />
          <PasswordInput
            label="Password"
            description={profile?.hasPassword ? 'Stored encrypted; leave blank to keep it' : 'Stored encrypted'}
            value={f.password ?? ''}
            onChange={(e) => set('password', e.currentTarget.value || undefined)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label="Envelope sender (MAIL FROM)"
            description="On the look-alike domain you allow-list"
            value={f.envelopeFrom}
            onChange={(e) => set('envelopeFrom', e.currentTarget.value)}
          />
          <TextInput
            label="Transparency header"
            description="Carries the campaign id, for allow-listing"
            value={f.headerName}
            onChange={(e) => set('headerName', e.currentTarget.value)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, xs: 4 }}>
          <NumberInput
            label="Per minute"
            description="0: no limit"
            value={f.perMinute}
            onChange={(v) => set('perMinute', Number(v))}
            min={0}
          />
          <NumberInput label="Per day" value={f.perDay} onChange={(v) => set('perDay', Number(v))} min={0} />
          <NumberInput
            label="Jitter (s)"
            value={f.jitterSeconds}
            onChange={(v) => set('jitterSeconds', Number(v))}
            min={0}
            max={59}
          />
          <NumberInput
            label="Connections"
            value={f.maxConnections}
            onChange={(v) => set('maxConnections', Number(v))}
            min={1}
            max={10}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function BlockedDates() {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const q = useQuery({
    queryKey: ['settings'],
    queryFn: () => api<SettingView[] | { settings: SettingView[] }>('/api/settings'),
  });
  const list = Array.isArray(q.data) ? q.data : (q.data?.settings ?? []);
  const blocked = (list.find((s) => s.key === 'phishing.blockedDates')?.value as Blocked[] | undefined) ?? [];
  const [next, setNext] = useState<Blocked>({ from: '', to: '', reason: '' });
  const save = useMutation({
    mutationFn: (value: Blocked[]) => api('/api/settings/phishing.blockedDates', { method: 'PUT', body: { value } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['settings'] });
      setNext({ from: '', to: '', reason: '' });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">
        Dates with no simulations
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Holidays, half-terms, INSET days, closures and bank holidays come from the calendar. Add exam weeks, report writing and
        inspections here.
      </Text>
      {blocked.length === 0 ? (
        <Text size="sm">None blocked.</Text>
      ) : (
        <Table mb="sm">
          <Table.Tbody>
            {blocked.map((b) => (
              <Table.Tr key={`${b.from}-${b.reason}`}>
                <Table.Td>
                  {formatDay(b.from)}
                  {b.to !== b.from ? ` to ${formatDay(b.to)}` : ''}
                </Table.Td>
                <Table.Td>{b.reason}</Table.Td>
                <Table.Td>
                  {me?.role === 'admin' && (
                    <Button size="compact-xs" variant="subtle" onClick={() => save.mutate(blocked.filter((x) => x !== b))}>
                      Remove
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ForRoles roles={['admin']}>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <DateField label="From" value={next.from} onChange={(v: string) => setNext({ ...next, from: v, to: next.to || v })} />
          <DateField label="To" value={next.to} onChange={(v: string) => setNext({ ...next, to: v })} />
          <TextInput
            label="Why"
            value={next.reason}
            onChange={(e) => setNext({ ...next, reason: e.currentTarget.value })}
            placeholder="GCSE exams"
          />
          <Button mt="lg" onClick={() => save.mutate([...blocked, next])} disabled={!next.from || !next.reason}>
            Block these dates
          </Button>
        </SimpleGrid>
      </ForRoles>
    </Card>
  );
}

function Webhooks() {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['phishing', 'webhooks'],
    queryFn: () => api<{ webhooks: { id: string; url: string }[] }>('/api/phishing/webhooks'),
  });
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => api<{ secret: string }>('/api/phishing/webhooks', { method: 'POST', body: { url } }),
    onSuccess: (r) => {
      setSecret(r.secret);
      setUrl('');
      void qc.invalidateQueries({ queryKey: ['phishing', 'webhooks'] });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/phishing/webhooks/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['phishing', 'webhooks'] }),
  });
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">
        Webhooks
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Each interaction is posted as JSON, signed with X-Signature: sha256=HMAC, retried until it is accepted. No typed values
        and only the address prefix are sent.
      </Text>
      <QueryView query={q}>
        {({ webhooks }) => (
          <Stack gap={4} mb="xs">
            {webhooks.map((w) => (
              <Group key={w.id} justify="space-between">
                <Text size="sm">{w.url}</Text>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(w.id)}>
                  Remove
                </Button>
              </Group>
            ))}
          </Stack>
        )}
      </QueryView>
      {secret && (
        <Text size="sm" mb="xs">
          Signing secret (shown once): <code>{secret}</code>
        </Text>
      )}
      <Group>
        <TextInput
          aria-label="Webhook address"
          placeholder="https://siem.school.example/hooks/phishing"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button onClick={() => add.mutate()} disabled={!url}>
          Add
        </Button>
      </Group>
    </Card>
  );
}

/** Set-up: sending profiles, blocked dates, the mail-platform checklist and webhooks. */
export function SetupTab() {
  const [editing, setEditing] = useState<Profile | 'new' | null>(null);
  const profiles = useQuery({
    queryKey: ['phishing', 'profiles'],
    queryFn: () => api<{ profiles: Profile[] }>('/api/phishing/profiles'),
  });
  const checklist = useQuery({ queryKey: ['phishing', 'setup'], queryFn: () => api<DocumentText>('/api/phishing/setup') });
  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h5">
            Sending profiles
          </Title>
          <ForRoles roles={['admin']}>
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
              New profile
            </Button>
          </ForRoles>
        </Group>
        <QueryView query={profiles}>
          {({ profiles: list }) =>
            list.length === 0 ? (
              <Text size="sm" c="dimmed">
                No sending profile yet: add the SMTP relay the simulations go out through.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Relay</Table.Th>
                      <Table.Th>Envelope sender</Table.Th>
                      <Table.Th>Pace</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td>{p.name}</Table.Td>
                        <Table.Td>
                          {p.host}:{p.port}
                          {p.hasPassword ? ' (password stored encrypted)' : ''}
                        </Table.Td>
                        <Table.Td>{p.envelopeFrom}</Table.Td>
                        <Table.Td>{p.perMinute ? `${p.perMinute} a minute, ${p.perDay} a day` : 'No limit'}</Table.Td>
                        <Table.Td>
                          <ForRoles roles={['admin']}>
                            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(p)}>
                              Change
                            </Button>
                          </ForRoles>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryView>
      </Card>
      <BlockedDates />
      <Card withBorder>
        <QueryView query={checklist}>
          {(d) => (
            <Stack gap="sm">
              <Title order={2} size="h5">
                {d.title}
              </Title>
              {d.sections.map((s) => (
                <div key={s.heading}>
                  <Text fw={600} size="sm">
                    {s.heading}
                  </Text>
                  {s.paragraphs.map((p) => (
                    <Text key={p} size="sm">
                      {p}
                    </Text>
                  ))}
                </div>
              ))}
            </Stack>
          )}
        </QueryView>
      </Card>
      <ForRoles roles={['admin']}>
        <Webhooks />
      </ForRoles>
      {editing && <ProfileForm profile={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
