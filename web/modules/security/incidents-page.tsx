import { Anchor, Button, Group, Table, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { useMe } from '../../lib/auth.tsx';
import { formatFullDateTime } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { IcoDeadline, type IncidentRow } from './incident-deadline.tsx';
import { IncidentDrawer } from './incident-drawer.tsx';
import { IncidentFormModal, nowDraft } from './incident-form.tsx';
import { categoryLabel, statusLabel } from './labels.ts';

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

const monthFmt = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthLabel = (ym: string) => monthFmt.format(new Date(`${ym}-01T00:00:00Z`));

export function IncidentsPage() {
  const me = useMe();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const canEdit = me.data && ['admin', 'it'].includes(me.data.role);
  const list = useQuery({
    queryKey: ['incidents'],
    queryFn: () => api<{ incidents: IncidentRow[] }>('/api/incidents'),
    enabled: !!canEdit,
  });
  const summary = useQuery({
    queryKey: ['incident-summary'],
    queryFn: () => api<{ rows: SltRow[] }>('/api/incidents/summary'),
    enabled: !!me.data && ['admin', 'it', 'slt'].includes(me.data.role),
  });
  if (me.data && !['admin', 'it', 'slt'].includes(me.data.role)) return <NoAccess />;
  const open = params.get('open');
  const tab = params.get('tab') ?? (canEdit ? 'register' : 'summary');
  return (
    <>
      <PageTitle title="Incidents">
        The register UK GDPR Art. 33(5) asks for: every personal-data breach recorded, reported or not; the ICO clock runs 72
        hours from awareness. Times are the school's (UK) clock.
      </PageTitle>
      <Tabs value={tab} onChange={(v) => setParams(v ? { tab: v } : {})}>
        <Tabs.List mb="md">
          {canEdit && <Tabs.Tab value="register">Register</Tabs.Tab>}
          <Tabs.Tab value="summary">SLT summary</Tabs.Tab>
        </Tabs.List>
        {canEdit && (
          <Tabs.Panel value="register">
            <Group justify="space-between" mb="sm">
              <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                New incident
              </Button>
              <Anchor href="/api/incidents/register.csv" size="sm">
                Export CSV
              </Anchor>
            </Group>
            <QueryView query={list}>
              {({ incidents }) =>
                incidents.length === 0 ? (
                  <Text c="dimmed">No incidents recorded yet.</Text>
                ) : (
                  <Table.ScrollContainer minWidth={640}>
                    <Table highlightOnHover>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Ref</Table.Th>
                          <Table.Th>Title</Table.Th>
                          <Table.Th>Status</Table.Th>
                          <Table.Th>Became aware</Table.Th>
                          <Table.Th>ICO</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {incidents.map((i) => (
                          <Table.Tr key={i.id} style={{ cursor: 'pointer' }} onClick={() => setParams({ open: i.id })}>
                            <Table.Td>
                              <Anchor
                                component={Link}
                                to={`/incidents?open=${i.id}`}
                                size="sm"
                                onClick={(e) => e.stopPropagation()}
                              >
                                {i.ref}
                              </Anchor>
                            </Table.Td>
                            <Table.Td>
                              {i.title}
                              <Text size="xs" c="dimmed">
                                {categoryLabel(i.category)}
                              </Text>
                            </Table.Td>
                            <Table.Td>{statusLabel(i.status)}</Table.Td>
                            <Table.Td>{formatFullDateTime(i.becameAwareAt)}</Table.Td>
                            <Table.Td>
                              <IcoDeadline ico={i.ico} />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )
              }
            </QueryView>
          </Tabs.Panel>
        )}
        <Tabs.Panel value="summary">
          <Group justify="space-between" mb="sm">
            <Text size="sm" c="dimmed">
              Counts and timings by month and category, without titles or names.
            </Text>
            <Anchor href="/api/incidents/summary.csv" size="sm">
              Export CSV
            </Anchor>
          </Group>
          <QueryView query={summary}>
            {({ rows }) =>
              rows.length === 0 ? (
                <Text c="dimmed">No incidents recorded yet.</Text>
              ) : (
                <Table.ScrollContainer minWidth={720}>
                  <Table data-testid="slt-summary">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Month</Table.Th>
                        <Table.Th>Category</Table.Th>
                        <Table.Th>Incidents</Table.Th>
                        <Table.Th>Personal data</Table.Th>
                        <Table.Th>Reported to the ICO</Table.Th>
                        <Table.Th>ICO decided on time</Table.Th>
                        <Table.Th>Open</Table.Th>
                        <Table.Th>Median hours to contain</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((r) => (
                        <Table.Tr key={`${r.month}${r.category}`}>
                          <Table.Td>{monthLabel(r.month)}</Table.Td>
                          <Table.Td>{categoryLabel(r.category)}</Table.Td>
                          <Table.Td>{r.incidents}</Table.Td>
                          <Table.Td>{r.personalData}</Table.Td>
                          <Table.Td>{r.reportedToIco}</Table.Td>
                          <Table.Td>
                            {r.icoDecisionsDue ? `${r.icoDecisionsOnTime} of ${r.icoDecisionsDue}` : 'none due'}
                          </Table.Td>
                          <Table.Td>{r.open}</Table.Td>
                          <Table.Td>{r.medianHoursToContain ?? 'not yet contained'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )
            }
          </QueryView>
        </Tabs.Panel>
      </Tabs>
      {canEdit && <IncidentDrawer id={open} onClose={() => setParams({})} />}
      {creating && (
        <IncidentFormModal
          title="New incident"
          intro="Not every incident starts as an alert: a lost laptop, a misdirected email. Record it as soon as the school knows."
          initial={nowDraft()}
          submitLabel="Open the incident"
          send={async (body) => (await api<{ id: string }>('/api/incidents', { method: 'POST', body })).id}
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setCreating(false);
            void qc.invalidateQueries({ queryKey: ['incidents'] });
            void qc.invalidateQueries({ queryKey: ['incident-summary'] });
            setParams({ open: id });
          }}
        />
      )}
    </>
  );
}
