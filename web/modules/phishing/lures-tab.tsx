import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { ForRoles } from '../../lib/auth.tsx';
import { QueryView } from '../../lib/ui.tsx';
import type { Lure } from './types.ts';

/** The lure library: the starter lures for a UK school and the school's own. */
export function LuresTab() {
  const q = useQuery({ queryKey: ['phishing', 'lures'], queryFn: () => api<{ lures: Lure[] }>('/api/phishing/lures') });
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Difficulty follows the NIST Phish Scale: how many cues a lure carries and how well it fits the reader's work.
        </Text>
        <ForRoles roles={['admin']}>
          <Button component={Link} to="/phishing/lures/new" leftSection={<IconPlus size={16} />}>
            New lure
          </Button>
        </ForRoles>
      </Group>
      <QueryView query={q}>
        {({ lures }) => (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Lure</Table.Th>
                  <Table.Th>Theme</Table.Th>
                  <Table.Th>Technique</Table.Th>
                  <Table.Th>Difficulty</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lures.map((l) => (
                  <Table.Tr key={l.id} opacity={l.archived ? 0.5 : 1}>
                    <Table.Td>
                      <Anchor component={Link} to={`/phishing/lures/${l.id}`} fw={600}>
                        {l.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {l.subject.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, f: string) => `[${f.replace('_', ' ')}]`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{l.themeLabel}</Table.Td>
                    <Table.Td>{l.techniqueLabel}</Table.Td>
                    <Table.Td>{l.difficultyLabel}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {l.starterKey && (
                          <Badge variant="light" color="gray">
                            Starter
                          </Badge>
                        )}
                        {l.needsSignOff && <Badge color="yellow">Needs SLT sign-off</Badge>}
                        {l.signOff && (
                          <Badge color="green" variant="light">
                            SLT signed off
                          </Badge>
                        )}
                        {l.archived && <Badge color="gray">Archived</Badge>}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
    </Stack>
  );
}
