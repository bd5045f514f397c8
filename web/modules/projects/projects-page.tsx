import { Anchor, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { ForRoles, hasRole, useMe } from '../../lib/auth.tsx';
import { formatShortDay, plural } from '../../lib/format.ts';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { BudgetBar, RagBadge, StatusBadge } from './project-badges.tsx';
import { ProjectModal } from './project-modal.tsx';
import { money, type Project, type ProjectList } from './project-types.ts';
import { RisksTab } from './risks-tab.tsx';

function Stat({ label, value, hint, color }: { label: string; value: string; hint?: string; color?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

const LIVE = (p: Project) => p.status !== 'completed' && p.status !== 'cancelled';

function ProjectsTab() {
  const [show, setShow] = useState('live');
  const [adding, setAdding] = useState(false);
  const query = useQuery({ queryKey: ['projects'], queryFn: () => api<ProjectList>('/api/projects') });
  return (
    <QueryView query={query}>
      {({ projects, totals, live, byRag }) => {
        const list = projects.filter((p) => (show === 'live' ? LIVE(p) : show === 'done' ? !LIVE(p) : true));
        return (
          <Stack>
            {adding && <ProjectModal project={null} projects={projects} onClose={() => setAdding(false)} />}
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Stat
                label="Live projects"
                value={String(live)}
                hint={`${byRag.red ?? 0} red · ${byRag.amber ?? 0} amber · ${byRag.green ?? 0} green`}
              />
              <Stat
                label="Budget of the live projects"
                value={money(totals.totalBudget)}
                hint={`capital ${money(totals.capitalBudget)} · revenue ${money(totals.revenueBudget)}`}
              />
              <Stat
                label="Spent and committed"
                value={money(totals.totalSpent + totals.totalCommitted)}
                hint={`${money(totals.totalSpent)} spent · ${money(totals.totalCommitted)} committed`}
              />
              <Stat
                label="Left"
                value={money(totals.totalAvailable)}
                color={totals.totalAvailable < 0 ? 'red' : undefined}
                hint={totals.usedPercent === null ? undefined : `${totals.usedPercent}% used`}
              />
            </SimpleGrid>
            <Text size="sm" c="dimmed">
              The money is across the {plural(live, 'live project')} (proposed, planned, active or on hold), as in the meeting
              agendas; completed and cancelled projects are left out, whichever list is shown below.
            </Text>
            <Group justify="space-between">
              <SegmentedControl
                value={show}
                onChange={setShow}
                data={[
                  { value: 'live', label: 'Live' },
                  { value: 'done', label: 'Completed and cancelled' },
                  { value: 'all', label: 'All' },
                ]}
              />
              <ForRoles roles={['admin', 'it']}>
                <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                  Add project
                </Button>
              </ForRoles>
            </Group>
            <Paper withBorder>
              <Table.ScrollContainer minWidth={960}>
                <Table verticalSpacing="sm" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Project</Table.Th>
                      <Table.Th>Owner</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>RAG</Table.Th>
                      <Table.Th>Progress</Table.Th>
                      <Table.Th w={200}>Budget</Table.Th>
                      <Table.Th>Next milestone</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/projects/${p.id}`} fw={600} size="sm">
                            {p.name}
                          </Anchor>
                          {p.objective && (
                            <Text size="xs" c="dimmed">
                              {p.objective.code} · {p.initiative?.title ?? p.objective.title}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{p.owner.name}</Text>
                        </Table.Td>
                        <Table.Td>
                          <StatusBadge status={p.status} />
                        </Table.Td>
                        <Table.Td maw={240}>
                          <Group gap={6} wrap="nowrap" align="flex-start">
                            <RagBadge rag={p.rag} />
                            {p.ragReason && p.rag !== 'green' && (
                              <Text size="xs" c="dimmed" lineClamp={2}>
                                {p.ragReason}
                              </Text>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{p.progress === null ? '—' : `${p.progress}%`}</Text>
                        </Table.Td>
                        <Table.Td>
                          <BudgetBar budget={p.budget} />
                        </Table.Td>
                        <Table.Td>
                          {p.nextMilestone ? (
                            <Text size="sm" c={p.nextMilestone.overdue ? 'red' : undefined}>
                              {p.nextMilestone.title}
                              <Text span size="xs" c={p.nextMilestone.overdue ? 'red' : 'dimmed'} display="block">
                                {p.nextMilestone.overdue ? 'overdue since ' : ''}
                                {formatShortDay(p.nextMilestone.dueOn)}
                              </Text>
                            </Text>
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          </Stack>
        );
      }}
    </QueryView>
  );
}

/** Projects (RAG, budget, milestones) and the risk register. */
export function ProjectsPage() {
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  if (!hasRole(me, ['admin', 'it', 'slt'])) return <NoAccess />;
  const tab = params.get('tab') === 'risks' ? 'risks' : 'projects';
  return (
    <>
      <PageTitle title="Projects and risks">
        The project portfolio with its budget, and the cyber and infrastructure risk register.
      </PageTitle>
      <Tabs value={tab} onChange={(v) => setParams(v === 'risks' ? { tab: 'risks' } : {})} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="projects">Projects</Tabs.Tab>
          <Tabs.Tab value="risks">Risk register</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="projects">
          <ProjectsTab />
        </Tabs.Panel>
        <Tabs.Panel value="risks">
          <RisksTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
