import { Alert, Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecklist, IconMail } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';
import { MessageModal } from './message-modal.tsx';
import { clientHref, type Finding, pct, VERDICT_LABELS, type Verdict } from './wifi-types.ts';

type DeviceEvidence = {
  person?: { name: string; yearLabel: string | null; tutorGroup: string | null } | null;
  identity: string | null;
  macs: string[];
  device: string | null;
  attempts?: number;
  failures?: number;
  ratio?: number;
  ap?: string;
  rssi?: number;
  peersRssi?: number;
  aps?: { ap: string; attempts: number; failures: number; peerRate: number | null }[];
};

const CONCENTRATION: Record<string, string> = {
  concentrated: 'concentrated in a few devices',
  spread: 'spread across many devices',
  between: 'neither concentrated in a few devices nor spread across all',
};

const SCOPE_WORDS: Record<string, string> = {
  site: 'Site',
  building: 'Building',
  ap: 'Access point',
  ssid: 'Network name',
  band: 'Band',
  'device-class': 'Device model',
  client: 'Devices',
};

function FindingFacts({ f }: { f: Finding }) {
  const e = f.evidence as Record<string, unknown>;
  const facts: [string, string][] = [];
  const num = (k: string) => (typeof e[k] === 'number' ? (e[k] as number) : null);
  if (num('attempts') !== null)
    facts.push(['Attempts', `${num('failures')?.toLocaleString('en-GB')} failed of ${num('attempts')?.toLocaleString('en-GB')}`]);
  if (Array.isArray(e.ci))
    facts.push(['Failure rate (95% CI)', `${pct(num('rate'))} (${pct((e.ci as number[])[0])} to ${pct((e.ci as number[])[1])})`]);
  if (num('ratio') !== null)
    facts.push(['Observed / expected', `${num('ratio')?.toFixed(1)}× (expected ${num('expected')?.toLocaleString('en-GB')})`]);
  if (num('breadth') !== null)
    facts.push(['Breadth', `${pct(num('breadth'))} of ${num('devices')?.toLocaleString('en-GB')} devices`]);
  if (typeof e.window === 'string') facts.push(['Window', e.window]);
  if (typeof e.attributedTo === 'string') facts.push(['Attributed to', e.attributedTo]);
  if (typeof e.peakWindow === 'string')
    facts.push([
      'Busiest',
      `${e.peakWindow}, up to ${typeof e.peakClients === 'number' ? e.peakClients.toLocaleString('en-GB') : e.peakClients} devices${e.peakUtil ? `, ${e.peakUtil}% utilisation` : ''}`,
    ]);
  if (num('rho') !== null) facts.push(['Load vs bad minutes (ρ)', String(num('rho'))]);
  if (num('weakShare') !== null) facts.push(['Weak-signal readings', `${pct(num('weakShare'))} below ${e.weakBelowDbm} dBm`]);
  if (Array.isArray(e.members)) facts.push(['Access points', (e.members as string[]).join(', ')]);
  if (!facts.length) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" verticalSpacing={4}>
      {facts.map(([k, v]) => (
        <Text key={k} size="xs">
          <Text span c="dimmed" size="xs">
            {k}:{' '}
          </Text>
          {v}
        </Text>
      ))}
    </SimpleGrid>
  );
}

function Devices({ f, onMessage, window }: { f: Finding; onMessage: (key: string) => void; window: string }) {
  const devices = (f.evidence.devices ?? []) as DeviceEvidence[];
  if (!Array.isArray(devices)) return <Text size="sm">{String(f.evidence.devices)} devices (details for IT only)</Text>;
  return (
    // On a phone the table scrolls inside its card, not the whole page sideways.
    <Table.ScrollContainer minWidth={560}>
      <Table fz="xs" striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Who</Table.Th>
            <Table.Th>Device</Table.Th>
            <Table.Th>Evidence</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {devices.map((d) => {
            const key = d.identity ?? `mac:${d.macs[0]}`;
            return (
              <Table.Tr key={key}>
                <Table.Td>
                  <Anchor component={Link} to={`${clientHref(key)}?${window}`} size="xs">
                    {d.person?.name ?? d.identity ?? d.macs.join(', ')}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {[d.person?.tutorGroup, d.person ? d.identity : null, d.macs.join(', ')].filter(Boolean).join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>{d.device ?? '–'}</Table.Td>
                <Table.Td>
                  {d.attempts !== undefined
                    ? `${d.failures?.toLocaleString('en-GB')} of ${d.attempts.toLocaleString('en-GB')} failed, ${d.ratio?.toFixed(1)}× expected, on ${(d.aps ?? []).filter((a) => a.failures > 0).length} access points`
                    : `${d.rssi} dBm on ${d.ap}, peers ${d.peersRssi} dBm`}
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="light" leftSection={<IconMail size={12} />} onClick={() => onMessage(key)}>
                    Draft message
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function FindingCard({
  f,
  from,
  to,
  canSeeDevices,
  onMessage,
}: {
  f: Finding;
  from: string;
  to: string;
  canSeeDevices: boolean;
  onMessage: (k: string) => void;
}) {
  const todo = useMutation({
    mutationFn: () =>
      api<{ title: string }>('/api/wifi/todos', {
        method: 'POST',
        body: { from, to, findingScope: f.scope, findingSubject: f.subject, metric: f.evidence.metric },
      }),
    onSuccess: (t) => notifications.show({ color: 'green', title: 'To-do added', message: t.title }),
    onError: (err) => notifications.show({ color: 'red', title: 'Could not add the to-do', message: errorMessage(err) }),
  });
  const label = VERDICT_LABELS[f.kind] ?? { label: f.kind, color: 'gray' };
  return (
    <Paper withBorder p="md" radius="md" data-finding={`${f.kind}:${f.scope}:${f.subject}`}>
      <Stack gap="xs">
        <Group gap="xs" justify="space-between">
          <Group gap="xs">
            <Badge color={label.color}>{label.label}</Badge>
            <Text fw={600}>
              {SCOPE_WORDS[f.scope] ?? f.scope}: {f.subject}
            </Text>
            {f.stage && <Badge variant="light">{f.stage}</Badge>}
            {typeof f.evidence.metric === 'string' && f.evidence.metric !== 'connect' && (
              <Badge variant="outline">{f.evidence.metric}</Badge>
            )}
          </Group>
          {canSeeDevices && (f.kind === 'general' || f.kind === 'device-class') && (
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconChecklist size={14} />}
              loading={todo.isPending}
              onClick={() => todo.mutate()}
            >
              Make a to-do
            </Button>
          )}
        </Group>
        <Text>{f.explanation}</Text>
        <FindingFacts f={f} />
        {f.kind === 'individual' &&
          (canSeeDevices ? <Devices f={f} onMessage={onMessage} window={`from=${from}&to=${to}`} /> : null)}
      </Stack>
    </Paper>
  );
}

export function VerdictView(props: {
  from: string;
  to: string;
  scope: string | null;
  onScope: (s: string | null) => void;
  canSeeDevices: boolean;
}) {
  const { from, to, scope } = props;
  const [messageKey, setMessageKey] = useState<string | null>(null);
  const q = new URLSearchParams({ from, to });
  if (scope) q.set('scope', scope);
  const verdict = useQuery({ queryKey: ['wifi-verdict', q.toString()], queryFn: () => api<Verdict>(`/api/wifi/verdict?${q}`) });
  const places = useQuery({
    queryKey: ['wifi-service', from, to],
    queryFn: () =>
      api<{ buildings: { key: string; label: string }[]; aps: { label: string }[] }>(`/api/wifi/service?from=${from}&to=${to}`),
  });
  const scopes = [
    ...(places.data?.buildings ?? [])
      .filter((b) => b.key)
      .map((b) => ({ value: `building:${b.key}`, label: `Building: ${b.label}` })),
    ...(places.data?.aps ?? []).map((a) => ({ value: `ap:${a.label}`, label: `Access point: ${a.label}` })),
  ];
  return (
    <Stack>
      <Select
        label="Complaint about one place? Narrow the verdict to it"
        placeholder="The whole network"
        data={scopes}
        value={scope}
        onChange={props.onScope}
        clearable
        searchable
        w={360}
      />
      <QueryView query={verdict}>
        {(v) => {
          const label = VERDICT_LABELS[v.verdict] ?? { label: v.verdict, color: 'gray' };
          const s = v.summary as Record<string, number | string | number[]>;
          return (
            <Stack>
              <Paper withBorder p="md" radius="md">
                <Group gap="sm" mb="xs">
                  <Badge size="xl" color={label.color} data-verdict={v.verdict}>
                    {label.label}
                  </Badge>
                  <Title order={2} size="h4">
                    {v.headline}
                  </Title>
                </Group>
                <Text size="sm" c="dimmed">
                  {Number(s.failures).toLocaleString('en-GB')} of {Number(s.attempts).toLocaleString('en-GB')} attempts failed (
                  {pct(Number(s.rate))}) from {Number(s.devices).toLocaleString('en-GB')} devices on {s.aps} access points;
                  failures are {CONCENTRATION[String(s.concentration)] ?? String(s.concentration)} (the top 5% of devices made{' '}
                  {pct(Number(s.top5share))} of them). Baseline {pct(v.baseline.rate)} (
                  {v.baseline.source === 'reference'
                    ? `the ${v.baseline.referenceDays} school days before`
                    : 'the median access point'}
                  ).
                </Text>
              </Paper>
              {v.notes.map((n) => (
                <Alert key={n} color="gray" variant="light">
                  {n}
                </Alert>
              ))}
              {v.findings.map((f) => (
                <FindingCard
                  key={`${f.kind}|${f.scope}|${f.subject}|${String(f.evidence.metric)}`}
                  f={f}
                  from={from}
                  to={to}
                  canSeeDevices={props.canSeeDevices}
                  onMessage={setMessageKey}
                />
              ))}
            </Stack>
          );
        }}
      </QueryView>
      <MessageModal clientKey={messageKey} from={from} to={to} onClose={() => setMessageKey(null)} />
    </Stack>
  );
}
