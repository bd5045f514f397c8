import {
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Alert as Notice,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../../lib/auth.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { IncidentIcoAndActions } from './incident-ico.tsx';

type Ico = { required: boolean; deadline: string | null; overdue: boolean; hoursLeft: number | null };
type Incident = {
  id: string;
  ref: string;
  title: string;
  status: string;
  category: string;
  severity: string;
  becameAwareAt: string;
  personalData: boolean;
  icoDecision: string;
  ico: Ico;
};
type Full = {
  incident: Incident;
  decisions: { id: number; at: string; by: string; decision: string; rationale: string }[];
  actions: { id: string; text: string; owner: string | null; dueOn: string | null; doneAt: string | null }[];
  alerts: { id: string; title: string; rule: { author: string; license: string } | null }[];
};
type SltRow = {
  month: string;
  category: string;
  incidents: number;
  personalData: number;
  reportedToIco: number;
  icoDecisionsOnTime: number;
  icoDecisionsDue: number;
  open: number;
  medianHoursToContain: number | null;
};

function Deadline({ ico }: { ico: Ico }) {
  if (!ico.required || !ico.deadline)
    return (
      <Text size="xs" c="dimmed">
        no ICO clock
      </Text>
    );
  return (
    <Badge color={ico.overdue ? 'red' : ico.hoursLeft === null ? 'gray' : 'orange'} variant="light" data-testid="ico-deadline">
      {ico.overdue ? 'ICO overdue' : ico.hoursLeft === null ? 'ICO decided' : `ICO by ${formatDateTime(ico.deadline)}`}
    </Badge>
  );
}

function IncidentDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['incident', id], queryFn: () => api<Full>(`/api/incidents/${id}`), enabled: !!id });
  const [decision, setDecision] = useState('');
  const [rationale, setRationale] = useState('');
  const add = useMutation({
    mutationFn: () => api(`/api/incidents/${id}/decisions`, { method: 'POST', body: { decision, rationale } }),
    onSuccess: () => {
      setDecision('');
      setRationale('');
      void qc.invalidateQueries({ queryKey: ['incident', id] });
    },
  });
  return (
    <Drawer opened={!!id} onClose={onClose} position="right" size="xl" title="Incident">
      <QueryView query={q}>
        {(f) => (
          <Stack>
            <Text fw={600}>
              {f.incident.ref}: {f.incident.title}
            </Text>
            <Group gap="xs">
              <Badge>{f.incident.status}</Badge>
              <Badge variant="light">{f.incident.category.replace(/_/g, ' ')}</Badge>
              <Deadline ico={f.incident.ico} />
            </Group>
            <Text size="sm">
              Became aware {formatDateTime(f.incident.becameAwareAt)}; personal data{' '}
              {f.incident.personalData ? 'involved' : 'not involved'}; ICO decision: {f.incident.icoDecision.replace('_', ' ')}.
            </Text>
            {f.alerts.map((a) => (
              <Text key={a.id} size="xs" c="dimmed">
                Alert: {a.title}
                {a.rule ? ` (Sigma rule by ${a.rule.author}, ${a.rule.license})` : ''}
              </Text>
            ))}
            <IncidentIcoAndActions id={f.incident.id} icoDecision={f.incident.icoDecision} actions={f.actions} />
            <Text size="sm" fw={600}>
              Decision log (entries cannot be changed)
            </Text>
            {f.decisions.map((d) => (
              <Text key={d.id} size="sm">
                {formatDateTime(d.at)} · {d.by}: {d.decision}
                {d.rationale ? ` (${d.rationale})` : ''}
              </Text>
            ))}
            <TextInput label="Decision" value={decision} onChange={(e) => setDecision(e.currentTarget.value)} />
            <Textarea label="Rationale" value={rationale} onChange={(e) => setRationale(e.currentTarget.value)} />
            <Button size="xs" onClick={() => add.mutate()} disabled={decision.trim().length < 2}>
              Add to the log
            </Button>
            {add.error && <Notice color="red">{errorMessage(add.error)}</Notice>}
          </Stack>
        )}
      </QueryView>
    </Drawer>
  );
}

export function IncidentsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const canEdit = me.data && ['admin', 'it'].includes(me.data.role);
  const list = useQuery({
    queryKey: ['incidents'],
    queryFn: () => api<{ incidents: Incident[] }>('/api/incidents'),
    enabled: !!canEdit,
  });
  const summary = useQuery({ queryKey: ['incident-summary'], queryFn: () => api<{ rows: SltRow[] }>('/api/incidents/summary') });
  if (me.data && !['admin', 'it', 'slt'].includes(me.data.role)) return <NoAccess />;
  const open = params.get('open');
  return (
    <>
      <PageTitle title="Incidents">
        The register UK GDPR Art. 33(5) asks for: every personal-data breach recorded, reported or not; the ICO clock runs 72
        hours from awareness.
      </PageTitle>
      <Tabs defaultValue={canEdit ? 'register' : 'summary'}>
        <Tabs.List mb="md">
          {canEdit && <Tabs.Tab value="register">Register</Tabs.Tab>}
          <Tabs.Tab value="summary">SLT summary</Tabs.Tab>
        </Tabs.List>
        {canEdit && (
          <Tabs.Panel value="register">
            <Anchor href="/api/incidents/register.csv" size="sm">
              Export CSV
            </Anchor>
            <QueryView query={list}>
              {({ incidents }) => (
                <Table highlightOnHover mt="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Ref</Table.Th>
                      <Table.Th>Title</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Aware</Table.Th>
                      <Table.Th>ICO</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {incidents.map((i) => (
                      <Table.Tr key={i.id} style={{ cursor: 'pointer' }} onClick={() => setParams({ open: i.id })}>
                        <Table.Td>{i.ref}</Table.Td>
                        <Table.Td>{i.title}</Table.Td>
                        <Table.Td>{i.status}</Table.Td>
                        <Table.Td>{formatDateTime(i.becameAwareAt)}</Table.Td>
                        <Table.Td>
                          <Deadline ico={i.ico} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </QueryView>
          </Tabs.Panel>
        )}
        <Tabs.Panel value="summary">
          <Anchor href="/api/incidents/summary.csv" size="sm">
            Export CSV
          </Anchor>
          <QueryView query={summary}>
            {({ rows }) => (
              <Table mt="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Month</Table.Th>
                    <Table.Th>Category</Table.Th>
                    <Table.Th>Incidents</Table.Th>
                    <Table.Th>Personal data</Table.Th>
                    <Table.Th>ICO on time</Table.Th>
                    <Table.Th>Open</Table.Th>
                    <Table.Th>Median hours to contain</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={`${r.month}${r.category}`}>
                      <Table.Td>{r.month}</Table.Td>
                      <Table.Td>{r.category.replace(/_/g, ' ')}</Table.Td>
                      <Table.Td>{r.incidents}</Table.Td>
                      <Table.Td>{r.personalData}</Table.Td>
                      <Table.Td>
                        {r.icoDecisionsOnTime} of {r.icoDecisionsDue}
                      </Table.Td>
                      <Table.Td>{r.open}</Table.Td>
                      <Table.Td>{r.medianHoursToContain ?? '–'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </QueryView>
        </Tabs.Panel>
      </Tabs>
      {canEdit && <IncidentDrawer id={open} onClose={() => setParams({})} />}
    </>
  );
}
