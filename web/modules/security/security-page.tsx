import { Badge, Button, Card, Group, SegmentedControl, Stack, Table, Tabs, Text, UnstyledButton } from '@mantine/core';
import { IconFileImport, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useMe } from '../../lib/auth.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ImportDialog } from '../../lib/import-dialog.tsx';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { AlertDetail } from './alert-detail.tsx';
import { type Alert, SEVERITY_COLOR } from './alert-types.ts';
import { alertStatusLabel, severityLabel } from './labels.ts';
import { RulesPanel } from './rules-panel.tsx';

const ENTRA_FIELDS = [
  'date',
  'requestId',
  'user',
  'userDisplay',
  'ip',
  'location',
  'status',
  'errorCode',
  'failureReason',
  'clientApp',
  'userAgent',
  'authRequirement',
  'asn',
];

const IMPORTS: { kind: string; label: string; accept: string; fields?: string[] }[] = [
  { kind: 'entra-signins', label: 'Entra sign-ins (CSV)', accept: '.csv,text/csv', fields: ENTRA_FIELDS },
  { kind: 'entra-signins-json', label: 'Entra sign-ins (JSON)', accept: '.json' },
  { kind: 'entra-risk-detections', label: 'Entra risk detections', accept: '.json' },
  { kind: 'google-logins', label: 'Google logins', accept: '.json' },
  { kind: 'google-alerts', label: 'Google alerts', accept: '.json' },
];

/** The morning queue: alerts grouped by person or address, worst first. */
export function SecurityPage() {
  const me = useMe();
  const qc = useQueryClient();
  const [view, setView] = useState('open');
  // ?alert=<id> opens that alert (a link from the weekly briefing's notes).
  const [open, setOpen] = useState<string | null>(() => new URLSearchParams(window.location.search).get('alert'));
  const [importing, setImporting] = useState<(typeof IMPORTS)[number] | null>(null);
  const status = view === 'open' ? 'new,acknowledged' : view === 'closed' ? 'dismissed,escalated' : '';
  // Nothing is asked of the server before the role is known to allow it.
  const allowed = !!me.data && ['admin', 'it'].includes(me.data.role);
  const q = useQuery({
    enabled: allowed,
    queryKey: ['security-alerts', status],
    queryFn: () => api<{ alerts: Alert[] }>(`/api/security/alerts${status ? `?status=${status}` : ''}`),
  });
  const geo = useQuery({
    enabled: allowed,
    queryKey: ['security-geoip'],
    queryFn: () => api<{ databaseDate: string; attribution: string; countryCentres: string }>('/api/security/geoip'),
  });
  const detect = useMutation({
    mutationFn: () => api('/api/security/detect', { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['security-alerts'] }),
  });
  if (me.data && !['admin', 'it'].includes(me.data.role)) return <NoAccess />;
  return (
    <>
      <PageTitle title="Account security">
        Alerts from sign-in logs: acknowledge, dismiss with a reason, or escalate to an incident.
      </PageTitle>
      <Tabs defaultValue="queue">
        <Tabs.List mb="md">
          <Tabs.Tab value="queue">Alert queue</Tabs.Tab>
          <Tabs.Tab value="rules">Suppressions and rules</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rules">
          <RulesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="queue">
          <Group mb="md" justify="space-between">
            <SegmentedControl
              value={view}
              onChange={setView}
              data={[
                { value: 'open', label: 'To review' },
                { value: 'closed', label: 'Dealt with' },
                { value: 'all', label: 'All' },
              ]}
            />
            <Group gap="xs">
              {IMPORTS.map((i) => (
                <Button
                  key={i.kind}
                  size="xs"
                  variant={i.kind === 'entra-signins' ? 'filled' : 'default'}
                  leftSection={<IconFileImport size={14} />}
                  onClick={() => setImporting(i)}
                >
                  {i.label}
                </Button>
              ))}
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlayerPlay size={14} />}
                loading={detect.isPending}
                onClick={() => detect.mutate()}
              >
                Run detections
              </Button>
            </Group>
          </Group>
          <QueryView query={q}>
            {({ alerts }) => {
              const groups = new Map<string, Alert[]>();
              for (const a of alerts) groups.set(a.groupKey, [...(groups.get(a.groupKey) ?? []), a]);
              if (alerts.length === 0) return <Text c="dimmed">Nothing to review.</Text>;
              return (
                <Stack gap="sm">
                  {[...groups.entries()].map(([key, list]) => (
                    <Card key={key} withBorder padding="xs">
                      <Text size="xs" c="dimmed" mb={4}>
                        {key.replace(/^(user|ip|type):/, '')} · {list.length} alert{list.length > 1 ? 's' : ''}
                      </Text>
                      <Table highlightOnHover fz="sm">
                        <Table.Tbody>
                          {list.map((a) => (
                            <Table.Tr key={a.id} style={{ cursor: 'pointer' }} onClick={() => setOpen(a.id)}>
                              <Table.Td w={110}>
                                <Badge color={SEVERITY_COLOR[a.severity]}>{severityLabel(a.severity)}</Badge>
                              </Table.Td>
                              <Table.Td>
                                {/* The row opens on a click; the title is its keyboard way in (issue 11 item 17). */}
                                <UnstyledButton
                                  onClick={(e) => {
                                    e.stopPropagation();
                                    setOpen(a.id);
                                  }}
                                >
                                  <Text size="sm" fw={500} td="underline">
                                    {a.title}
                                  </Text>
                                </UnstyledButton>
                                <Text size="xs" c="dimmed" lineClamp={1}>
                                  {a.summary}
                                </Text>
                              </Table.Td>
                              <Table.Td w={120}>
                                <Badge variant="outline">{alertStatusLabel(a.status)}</Badge>
                              </Table.Td>
                              <Table.Td w={140}>
                                <Text size="xs">{formatDateTime(a.lastSeen)}</Text>
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Card>
                  ))}
                </Stack>
              );
            }}
          </QueryView>
          {geo.data && (
            <Text size="xs" c="dimmed" mt="md">
              {geo.data.attribution}; database of {geo.data.databaseDate}. ASNs come from the vendor's log where given, otherwise
              unknown. Impossible travel between sign-ins that give only a country: {geo.data.countryCentres}.
            </Text>
          )}
        </Tabs.Panel>
      </Tabs>
      <AlertDetail id={open} onClose={() => setOpen(null)} />
      {importing && (
        <ImportDialog
          kind={importing.kind}
          title={`Import ${importing.label}`}
          opened={!!importing}
          onClose={() => setImporting(null)}
          accept={importing.accept}
          fields={importing.fields}
          invalidates={[['security-alerts']]}
        />
      )}
    </>
  );
}
