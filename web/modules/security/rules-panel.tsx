import { Badge, Button, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { UkDateInput } from '../../lib/date-fields.tsx';
import { formatDate } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { ALERT_TYPE_LABEL, alertTypeLabel } from './labels.ts';

type Suppression = {
  id: string;
  alertType: string | null;
  userMatch: string | null;
  ipMatch: string | null;
  owner: string;
  reason: string;
  expiresAt: string;
  hits: number;
  active: boolean;
};
type Rule = { id: string; title: string; author: string; license: string; level: string; origin: string; enabled: boolean };

const TYPES = Object.entries(ALERT_TYPE_LABEL).map(([value, label]) => ({ value, label }));

/** Suppressions (with the legacy-auth allowlist) and the Sigma rules in force. */
export function RulesPanel() {
  const qc = useQueryClient();
  const sup = useQuery({
    queryKey: ['security-suppressions'],
    queryFn: () => api<{ suppressions: Suppression[] }>('/api/security/suppressions'),
  });
  const rules = useQuery({ queryKey: ['security-sigma'], queryFn: () => api<{ rules: Rule[] }>('/api/security/sigma-rules') });
  const [form, setForm] = useState({
    alertType: 'legacy_auth',
    userMatch: '',
    ipMatch: '',
    owner: '',
    reason: '',
    expiresAt: '',
  });
  const add = useMutation({
    mutationFn: () =>
      api('/api/security/suppressions', {
        method: 'POST',
        body: {
          alertType: form.alertType || undefined,
          userMatch: form.userMatch || undefined,
          ipMatch: form.ipMatch || undefined,
          owner: form.owner,
          reason: form.reason,
          expiresAt: form.expiresAt,
        },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['security-suppressions'] }),
  });
  const end = useMutation({
    mutationFn: (id: string) => api(`/api/security/suppressions/${id}/end`, { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['security-suppressions'] }),
  });
  const set = (k: keyof typeof form) => (v: string | null) => setForm((f) => ({ ...f, [k]: v ?? '' }));
  return (
    <Stack>
      <Text fw={600}>Suppressions and the legacy-authentication allowlist</Text>
      <Text size="sm" c="dimmed">
        Matching alerts are not raised. Each needs an owner, a reason and an expiry.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <Select label="Alert type" data={TYPES} value={form.alertType} onChange={set('alertType')} clearable />
        <TextInput
          label="Account (* wildcard)"
          value={form.userMatch}
          onChange={(e) => set('userMatch')(e.currentTarget.value)}
        />
        <TextInput label="Network (CIDR)" value={form.ipMatch} onChange={(e) => set('ipMatch')(e.currentTarget.value)} />
        <TextInput label="Owner" value={form.owner} onChange={(e) => set('owner')(e.currentTarget.value)} />
        <TextInput label="Reason" value={form.reason} onChange={(e) => set('reason')(e.currentTarget.value)} />
        <UkDateInput label="Expires" value={form.expiresAt || null} onChange={set('expiresAt')} />
      </SimpleGrid>
      <Group>
        <Button size="xs" onClick={() => add.mutate()} loading={add.isPending}>
          Add suppression
        </Button>
        {add.error && (
          <Text size="sm" c="red">
            {errorMessage(add.error)}
          </Text>
        )}
      </Group>
      <QueryView query={sup}>
        {({ suppressions }) => (
          <Table fz="sm">
            <Table.Tbody>
              {suppressions.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    {[s.alertType && alertTypeLabel(s.alertType), s.userMatch, s.ipMatch].filter(Boolean).join(' · ')}
                  </Table.Td>
                  <Table.Td>
                    {s.reason} ({s.owner})
                  </Table.Td>
                  <Table.Td>{s.active ? `until ${formatDate(s.expiresAt)}` : 'ended'}</Table.Td>
                  <Table.Td>{s.hits} suppressed</Table.Td>
                  <Table.Td>
                    {s.active && (
                      <Button size="compact-xs" variant="subtle" onClick={() => end.mutate(s.id)}>
                        End now
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
      <Text fw={600} mt="md">
        Sigma rules
      </Text>
      <Text size="sm" c="dimmed">
        SigmaHQ rules are under the Detection Rule License 1.1: the author is shown with every match. Add your own with the
        sigma-rules import.
      </Text>
      <QueryView query={rules}>
        {({ rules: list }) => (
          <Table fz="sm">
            <Table.Tbody>
              {list.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.title}</Table.Td>
                  <Table.Td>{r.author}</Table.Td>
                  <Table.Td>{r.license}</Table.Td>
                  <Table.Td>{r.level}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={r.enabled ? 'green' : 'gray'}>
                      {r.enabled ? 'on' : 'off'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
    </Stack>
  );
}
