import { Anchor, Badge, Button, Grid, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { ForRoles } from '../../lib/auth.tsx';
import { formatShortDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { TrendIcon } from './project-badges.tsx';
import { CATEGORY_LABELS, RATING_COLORS, type Risk } from './project-types.ts';
import { RiskDrawer } from './risk-drawer.tsx';
import { RiskGrid } from './risk-grid.tsx';
import { RiskModal } from './risk-modal.tsx';

/** The risk register: highest score first, with the matrix, trend and review dates. */
export function RisksTab() {
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const query = useQuery({ queryKey: ['projects', 'risks'], queryFn: () => api<{ risks: Risk[] }>('/api/risks') });
  return (
    <QueryView query={query}>
      {({ risks }) => {
        const current = risks.find((r) => r.id === open);
        const due = risks.filter((r) => r.dueForReview).length;
        return (
          <Grid>
            {adding && <RiskModal risk={null} onClose={() => setAdding(false)} />}
            {current && <RiskDrawer risk={current} onClose={() => setOpen(null)} />}
            <Grid.Col span={{ base: 12, xl: 8 }}>
              <Stack>
                <Group justify="space-between">
                  <Text size="sm" c="dimmed">
                    {risks.filter((r) => r.status === 'open').length} open risks · {due} due for review
                  </Text>
                  <ForRoles roles={['admin', 'it']}>
                    <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                      Add risk
                    </Button>
                  </ForRoles>
                </Group>
                <Paper withBorder>
                  <Table.ScrollContainer minWidth={760}>
                    <Table verticalSpacing="sm" highlightOnHover>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Risk</Table.Th>
                          <Table.Th>Score</Table.Th>
                          <Table.Th>Trend</Table.Th>
                          <Table.Th>Owner</Table.Th>
                          <Table.Th>Mitigations</Table.Th>
                          <Table.Th>Review</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {risks.map((r) => (
                          <Table.Tr key={r.id} style={{ opacity: r.status === 'closed' ? 0.55 : 1 }}>
                            <Table.Td>
                              <Anchor component="button" type="button" size="sm" fw={600} onClick={() => setOpen(r.id)} ta="left">
                                {r.code} {r.title}
                              </Anchor>
                              <Text size="xs" c="dimmed">
                                {CATEGORY_LABELS[r.category]}
                                {r.status === 'closed' ? ' · closed' : ''}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <Badge
                                color={RATING_COLORS[r.rating]}
                                variant="filled"
                                style={{ maxWidth: 'none' }}
                                styles={{ label: { overflow: 'visible' } }}
                              >
                                {r.likelihood} × {r.impact} = {r.score}
                              </Badge>
                            </Table.Td>
                            <Table.Td>
                              <TrendIcon trend={r.trend} />
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">{r.owner.name}</Text>
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">
                                {r.mitigations.filter((m) => m.inPlace).length} of {r.mitigations.length} in place
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <Text
                                size="sm"
                                c={r.dueForReview ? 'red' : undefined}
                                fw={r.dueForReview ? 600 : undefined}
                                style={{ whiteSpace: 'nowrap' }}
                              >
                                {r.dueForReview ? 'Due ' : ''}
                                {formatShortDay(r.reviewOn)}
                              </Text>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </Paper>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
              <RiskGrid risks={risks} />
            </Grid.Col>
          </Grid>
        );
      }}
    </QueryView>
  );
}
