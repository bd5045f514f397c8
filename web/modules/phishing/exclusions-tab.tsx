import { Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { formatDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { Taxonomy } from './types.ts';

type Exclusion = {
  id: string;
  personId: string;
  personName: string;
  kind: string;
  kindLabel: string;
  fromOn: string;
  untilOn: string | null;
  createdBy: string;
};
type Staff = { id: string; name: string; email: string | null; department: string | null };

/** People left out of simulations: leave, new starters, a declared wellbeing reason, the DSL in an incident. */
export function ExclusionsTab() {
  const qc = useQueryClient();
  const tax = useQuery({ queryKey: ['phishing', 'taxonomy'], queryFn: () => api<Taxonomy>('/api/phishing/taxonomy') });
  const q = useQuery({
    queryKey: ['phishing', 'exclusions'],
    queryFn: () => api<{ exclusions: Exclusion[] }>('/api/phishing/exclusions'),
  });
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const staff = useQuery({
    queryKey: ['phishing', 'staff', debounced],
    queryFn: () => api<{ people: Staff[] }>(`/api/phishing/staff?q=${encodeURIComponent(debounced)}`),
    enabled: debounced.trim().length >= 2,
  });
  const [personId, setPersonId] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>('leave');
  const [fromOn, setFromOn] = useState('');
  const [untilOn, setUntilOn] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api<{ cancelledSends: number }>('/api/phishing/exclusions', {
        method: 'POST',
        body: { personId, kind, fromOn: fromOn || undefined, untilOn: untilOn || null },
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['phishing'] });
      notifications.show({
        message: r.cancelledSends ? `Left out; ${r.cancelledSends} pending message cancelled` : 'Left out of simulations',
      });
      setPersonId(null);
      setSearch('');
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const end = useMutation({
    mutationFn: (id: string) => api(`/api/phishing/exclusions/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['phishing'] }),
  });
  return (
    <Stack>
      <Card withBorder>
        <Text fw={600} mb="xs">
          Leave someone out
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Stack gap={4}>
            <TextInput
              label="Find a member of staff"
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              placeholder="Name or email"
            />
            <Select
              aria-label="Member of staff"
              data={(staff.data?.people ?? []).map((p) => ({
                value: p.id,
                label: `${p.name}${p.department ? ` (${p.department})` : ''}`,
              }))}
              value={personId}
              onChange={setPersonId}
              placeholder={debounced.length >= 2 ? 'Choose' : 'Type two letters first'}
            />
          </Stack>
          <Select
            label="Reason"
            data={tax.data?.exclusionKinds ?? []}
            value={kind}
            onChange={setKind}
            description={
              kind === 'new_starter'
                ? 'From the start date, for the weeks set in phishing.newStarterWeeks'
                : kind === 'wellbeing'
                  ? 'Only that there is a reason is kept, never what it is'
                  : undefined
            }
          />
          <DateField
            label={kind === 'new_starter' ? 'Start date' : 'From (default today)'}
            value={fromOn}
            onChange={(v: string) => setFromOn(v)}
          />
          {kind !== 'new_starter' && (
            <DateField label="Until (blank: until ended)" value={untilOn} onChange={(v: string) => setUntilOn(v)} />
          )}
        </SimpleGrid>
        <Button mt="sm" onClick={() => add.mutate()} disabled={!personId || !kind} loading={add.isPending}>
          Leave out
        </Button>
      </Card>
      <QueryView query={q}>
        {({ exclusions }) =>
          exclusions.length === 0 ? (
            <Text c="dimmed">Nobody is left out at the moment.</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th>From</Table.Th>
                    <Table.Th>Until</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {exclusions.map((x) => (
                    <Table.Tr key={x.id}>
                      <Table.Td>{x.personName}</Table.Td>
                      <Table.Td>{x.kindLabel}</Table.Td>
                      <Table.Td>{formatDay(x.fromOn)}</Table.Td>
                      <Table.Td>{x.untilOn ? formatDay(x.untilOn) : 'Until ended'}</Table.Td>
                      <Table.Td>
                        <Group justify="flex-end">
                          <Button size="compact-xs" variant="subtle" onClick={() => end.mutate(x.id)}>
                            End
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </Stack>
  );
}
