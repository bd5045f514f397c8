import { Alert, Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDateTime, formatShortDay } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { MessageEditor } from './message-modal.tsx';
import { type Message, type PersonRef, pct } from './wifi-types.ts';

type ClientDetail = {
  key: string;
  identity: string | null;
  person: PersonRef | null;
  devices: {
    mac: string;
    randomised: boolean;
    device: string | null;
    hostname: string | null;
    firstSeen: string;
    lastSeen: string;
  }[];
  window: { from: string; to: string };
  days: {
    day: string;
    ap: string;
    apId: number;
    building: string | null;
    attempts: number;
    failures: number;
    stages: Record<string, number>;
    peerRate: number | null;
    rssi: number | null;
    peersRssi: number | null;
  }[];
  recentFailures: { ts: string; ap: string; stage: string | null; rssi: number | null; reason: string | null }[];
  rawKeptDays: number;
  evidence: { failures: number; attempts: number; peerSuccess: number | null };
  message: Message;
};

/** /wifi/clients/:key: one pupil's (or device's) Wi-Fi beside everyone else's, and the message to send. IT only. */
export function ClientPage() {
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const q = new URLSearchParams();
  for (const k of ['from', 'to']) if (params.get(k)) q.set(k, params.get(k) as string);
  const detail = useQuery({
    queryKey: ['wifi-client-page', key, q.toString()],
    queryFn: () => api<ClientDetail>(`/api/wifi/clients/${encodeURIComponent(key)}?${q}`),
    enabled: hasRole(me, ['admin', 'it']),
  });
  if (me && !hasRole(me, ['admin', 'it'])) return <NoAccess />;
  return (
    <QueryView query={detail}>
      {(d) => (
        <Stack>
          <Anchor component={Link} to="/wifi" size="sm">
            ← Wi-Fi
          </Anchor>
          <PageTitle title={d.person?.name ?? d.identity ?? d.devices[0]?.mac ?? 'Device'}>
            {[d.person?.yearLabel, d.person?.tutorGroup, d.identity].filter(Boolean).join(' · ')} ·{' '}
            {formatShortDay(d.window.from)} to {formatShortDay(d.window.to)}
          </PageTitle>
          <Group gap="xs">
            {d.devices.map((x) => (
              <Badge key={x.mac} variant="light" size="lg" color={x.randomised ? 'grape' : 'blue'}>
                {x.device ?? 'device'} · {x.mac}
                {x.randomised ? ' (private address)' : ''}
              </Badge>
            ))}
          </Group>
          <Alert color={d.evidence.failures ? 'orange' : 'green'} variant="light">
            {d.evidence.failures} of {d.evidence.attempts} connection attempts failed in this window
            {d.evidence.peerSuccess !== null
              ? `; other devices at the same places and days succeeded ${pct(d.evidence.peerSuccess, 1)} of the time.`
              : '.'}
          </Alert>
          <Title order={3} size="h5">
            Each day on each access point, beside everyone else there
          </Title>
          <Table fz="xs" striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day</Table.Th>
                <Table.Th>Access point</Table.Th>
                <Table.Th ta="right">Attempts</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
                <Table.Th ta="right">Others failed</Table.Th>
                <Table.Th ta="right">Signal (others)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.days.map((x) => (
                <Table.Tr key={`${x.day}${x.apId}`}>
                  <Table.Td>{formatShortDay(x.day)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/wifi/aps/${x.apId}?from=${x.day}&to=${x.day}`} size="xs">
                      {x.ap}
                    </Anchor>
                    {x.building && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {x.building}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{x.attempts}</Table.Td>
                  <Table.Td ta="right">
                    {x.failures}
                    {x.failures > 0 && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {Object.entries(x.stages)
                          .filter(([, n]) => n > 0)
                          .map(([s, n]) => `${s} ${n}`)
                          .join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{pct(x.peerRate, 1)}</Table.Td>
                  <Table.Td ta="right">
                    {x.rssi ?? '–'} ({x.peersRssi ?? '–'}) dBm
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {d.recentFailures.length > 0 && (
            <Paper withBorder p="md" radius="md">
              <Title order={3} size="h5" mb="xs">
                Failed attempts (raw events are kept {d.rawKeptDays} days)
              </Title>
              {d.recentFailures.slice(0, 30).map((f) => (
                <Text key={`${f.ts}${f.ap}${f.stage}`} size="xs">
                  {formatDateTime(f.ts)} · {f.ap} · failed at {f.stage ?? '?'}
                  {f.reason ? ` (${f.reason})` : ''}
                </Text>
              ))}
            </Paper>
          )}
          <Paper withBorder p="md" radius="md">
            <Title order={3} size="h5" mb="xs">
              Message to send
            </Title>
            <MessageEditor to={d.person?.email ?? d.identity} message={d.message} />
          </Paper>
        </Stack>
      )}
    </QueryView>
  );
}
