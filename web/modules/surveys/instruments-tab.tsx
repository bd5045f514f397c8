import { Badge, Button, Drawer, Group, Modal, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { Builder } from './builder.tsx';
import { type InstrumentSummary, pct } from './types.ts';

const STATE_COLOURS: Record<InstrumentSummary['state'], string> = {
  draft: 'gray',
  scheduled: 'blue',
  open: 'green',
  closed: 'dark',
  imported: 'grape',
};

/** Every survey, imported or run here; the Director creates this year's and opens the builder. */
export function InstrumentsTab() {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['surveys', 'instruments'],
    queryFn: () => api<{ instruments: InstrumentSummary[] }>('/api/surveys/instruments'),
  });
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [audience, setAudience] = useState<string | null>('staff');
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const create = useMutation({
    mutationFn: () => api<{ id: string }>('/api/surveys/instruments', { method: 'POST', body: { audience, year } }),
    onSuccess: (r) => {
      setCreating(false);
      setOpen(r.id);
      void qc.invalidateQueries({ queryKey: ['surveys'] });
    },
  });
  return (
    <Stack>
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New survey
        </Button>
      </Group>
      <QueryView query={list}>
        {(d) => (
          <Table striped highlightOnHover fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Survey</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Responses</Table.Th>
                <Table.Th>Open</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...d.instruments].reverse().map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {i.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {i.code} ·{' '}
                      {i.source === 'belfry'
                        ? 'run in Belfry'
                        : i.source === 'msforms'
                          ? 'Microsoft Forms export'
                          : 'Google Forms export'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATE_COLOURS[i.state]} variant="light">
                      {i.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {i.responses} of {i.eligible ?? '?'} ({pct(i.responseRate)})
                  </Table.Td>
                  <Table.Td>{i.opensAt && i.closesAt ? `${formatDate(i.opensAt)} to ${formatDate(i.closesAt)}` : ''}</Table.Td>
                  <Table.Td>
                    {i.source === 'belfry' && (
                      <Button size="xs" variant="light" onClick={() => setOpen(i.id)}>
                        Open
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New survey">
        <Stack>
          <Select
            label="Audience"
            data={[
              { value: 'staff', label: 'Staff' },
              { value: 'senior', label: 'Senior pupils' },
              { value: 'prep', label: 'Prep pupils' },
            ]}
            value={audience}
            onChange={setAudience}
          />
          <NumberInput label="Year" value={year} onChange={(v) => setYear(Number(v))} min={2000} max={2100} />
          <Text size="sm" c="dimmed">
            The eligible numbers for response rates come from People. To load an earlier year's export, use Import instead.
          </Text>
          {create.error && <Text c="red">{errorMessage(create.error)}</Text>}
          <Button onClick={() => create.mutate()} loading={create.isPending}>
            Create
          </Button>
        </Stack>
      </Modal>
      <Drawer opened={!!open} onClose={() => setOpen(null)} position="right" size="xl" title="Survey">
        {open && <Builder id={open} />}
      </Drawer>
    </Stack>
  );
}
