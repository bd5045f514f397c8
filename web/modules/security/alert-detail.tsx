import { Anchor, Badge, Button, Drawer, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { BriefingNoteButton } from '../../lib/briefing-note.tsx';
import { formatDateTime, formatFullDateTime } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { type Alert, SEVERITY_COLOR } from './alert-types.ts';
import { EvidenceTable } from './evidence-table.tsx';
import { IncidentFormModal, nowDraft } from './incident-form.tsx';
import { alertStatusLabel, alertTypeLabel, CATEGORY_FOR_ALERT, DISMISS_REASONS, dismissLabel, severityLabel } from './labels.ts';

type Detail = Alert & { linked: Alert[] };
type Ev = {
  ts: string;
  user: string;
  ip: string | null;
  result: string;
  errorCode: number | null;
  failureReason: string | null;
  clientApp: string | null;
  country: string | null;
  city: string | null;
  asn: number | null;
};

export function AlertDetail({ id, onClose }: { id: string | null; onClose: () => void }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['security-alert', id],
    queryFn: () => api<Detail>(`/api/security/alerts/${id}`),
    enabled: !!id,
  });
  const navigate = useNavigate();
  const [reason, setReason] = useState<string | null>(null);
  const [escalating, setEscalating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['security-alerts'] });
    void qc.invalidateQueries({ queryKey: ['security-alert', id] });
  };
  const act = useMutation({
    mutationFn: (p: { path: string; body?: unknown }) =>
      api(`/api/security/alerts/${id}/${p.path}`, { method: 'POST', body: p.body ?? {} }),
    onSuccess: done,
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Drawer opened={!!id} onClose={onClose} position="right" size="xl" title="Alert">
      <QueryView query={q}>
        {(a) => {
          const ev = a.evidence as Record<string, unknown>;
          const events = (ev.events as Ev[] | undefined) ?? [];
          const rule = ev.rule as { title: string; author: string; license: string } | undefined;
          const geo = ev.geoip as { databaseDate: string; attribution: string } | undefined;
          return (
            <Stack>
              <Group gap="xs">
                <Badge color={SEVERITY_COLOR[a.severity]}>{severityLabel(a.severity)}</Badge>
                <Badge variant="light">{alertTypeLabel(a.type)}</Badge>
                <Badge variant="outline" data-testid="alert-status">
                  {alertStatusLabel(a.status)}
                </Badge>
              </Group>
              <Title order={3} size="h4">
                {a.title}
              </Title>
              <Text size="sm">{a.summary}</Text>
              <Group>
                <BriefingNoteButton
                  source={{
                    module: 'security',
                    kind: 'alert',
                    id: a.id,
                    label: `Alert: ${a.title}`,
                    url: `/security?alert=${a.id}`,
                  }}
                />
              </Group>
              {rule && (
                <Text size="sm" c="dimmed">
                  Sigma rule “{rule.title}” by {rule.author} ({rule.license})
                </Text>
              )}
              {a.status === 'dismissed' && a.dismissReason && <Text size="sm">Dismissed: {dismissLabel(a.dismissReason)}</Text>}
              {a.incidentId && (
                <Anchor component={Link} to={`/incidents?open=${a.incidentId}`} size="sm">
                  Open the incident
                </Anchor>
              )}
              {(a.status === 'new' || a.status === 'acknowledged') && (
                <Stack gap="xs">
                  <Group gap="xs">
                    {a.status === 'new' && (
                      <Button size="xs" onClick={() => act.mutate({ path: 'acknowledge' })}>
                        Acknowledge
                      </Button>
                    )}
                    <Select
                      size="xs"
                      aria-label="Dismiss reason"
                      placeholder="Why dismiss it?"
                      data={DISMISS_REASONS}
                      value={reason}
                      onChange={setReason}
                      w={230}
                      comboboxProps={{ withinPortal: true }}
                    />
                    <Button
                      size="xs"
                      variant="default"
                      disabled={!reason}
                      onClick={() => act.mutate({ path: 'dismiss', body: { reason } })}
                    >
                      Dismiss
                    </Button>
                  </Group>
                  <Group gap="xs">
                    <Button size="xs" color="red" variant="light" onClick={() => setEscalating(true)}>
                      Escalate to an incident
                    </Button>
                  </Group>
                  {error && (
                    <Text size="sm" c="red">
                      {error}
                    </Text>
                  )}
                </Stack>
              )}
              <Text size="sm" fw={600}>
                Evidence
              </Text>
              <EvidenceTable evidence={ev} />
              {events.length > 0 && (
                <Table fz="xs" striped withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Time</Table.Th>
                      <Table.Th>User</Table.Th>
                      <Table.Th>IP</Table.Th>
                      <Table.Th>Result</Table.Th>
                      <Table.Th>Where</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {events.map((e) => (
                      <Table.Tr key={`${e.ts}${e.user}${e.ip}${e.errorCode}`}>
                        <Table.Td>{formatDateTime(e.ts)}</Table.Td>
                        <Table.Td>{e.user}</Table.Td>
                        <Table.Td>{e.ip}</Table.Td>
                        <Table.Td>
                          {e.result === 'success' ? 'success' : `${e.errorCode ?? ''} ${e.failureReason ?? ''}`}
                        </Table.Td>
                        <Table.Td>
                          {[e.city, e.country, e.asn ? `AS${e.asn}` : 'ASN unknown'].filter(Boolean).join(', ')}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {a.linked.length > 0 && (
                <Text size="sm">Linked: {a.linked.map((l) => `${l.title} (${l.source.replace(/_/g, ' ')})`).join('; ')}</Text>
              )}
              {escalating && (
                <IncidentFormModal
                  title="Escalate to an incident"
                  intro={`First seen ${formatFullDateTime(a.firstSeen)}; raised ${formatFullDateTime(a.createdAt)}. The ICO's 72 hours run from when the school became aware of a breach: give that time, not the alert's.`}
                  initial={nowDraft({
                    title: a.title,
                    category: CATEGORY_FOR_ALERT[a.type] ?? null,
                    severity: a.severity === 'info' ? 'low' : a.severity,
                  })}
                  submitLabel="Open the incident"
                  send={async (incident) => {
                    const r = await api<{ incidentId: string }>(`/api/security/alerts/${a.id}/escalate`, {
                      method: 'POST',
                      body: { incident: { ...incident, detectedAt: a.firstSeen } },
                    });
                    return r.incidentId;
                  }}
                  onClose={() => setEscalating(false)}
                  onDone={(incidentId) => {
                    setEscalating(false);
                    done();
                    void qc.invalidateQueries({ queryKey: ['incidents'] });
                    navigate(`/incidents?open=${incidentId}`);
                  }}
                />
              )}
              {geo && (
                <Text size="xs" c="dimmed">
                  {geo.attribution}; database of {geo.databaseDate}.
                </Text>
              )}
              {typeof ev.distanceSource === 'string' && (
                <Text size="xs" c="dimmed">
                  The sign-ins give only their countries: the distance is the least the two countries allow. {ev.distanceSource}.
                </Text>
              )}
            </Stack>
          );
        }}
      </QueryView>
    </Drawer>
  );
}
