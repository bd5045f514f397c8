import { Alert, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';

type School = { id: string; code: string; name: string; phase: string };

const PHASES = [
  { value: 'prep', label: 'Prep' },
  { value: 'senior', label: 'Senior' },
  { value: 'primary', label: 'Primary' },
  { value: 'secondary', label: 'Secondary' },
  { value: 'all-through', label: 'All-through' },
  { value: 'sixth-form', label: 'Sixth form' },
  { value: 'other', label: 'Other' },
];
const phaseLabel = (p: string) => PHASES.find((x) => x.value === p)?.label ?? p;

function SchoolRow({ school }: { school: School }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(school.name);
  const [phase, setPhase] = useState<string | null>(school.phase);
  const save = useMutation({
    mutationFn: () => api<School>(`/api/schools/${school.id}`, { method: 'PATCH', body: { name, phase } }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: `Saved ${name}` });
      void qc.invalidateQueries({ queryKey: ['schools'] });
      setEditing(false);
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  if (!editing)
    return (
      <Table.Tr>
        <Table.Td>{school.code}</Table.Td>
        <Table.Td>{school.name}</Table.Td>
        <Table.Td>{phaseLabel(school.phase)}</Table.Td>
        <Table.Td>
          <Button size="xs" variant="subtle" onClick={() => setEditing(true)}>
            Edit
          </Button>
        </Table.Td>
      </Table.Tr>
    );
  return (
    <Table.Tr>
      <Table.Td>{school.code}</Table.Td>
      <Table.Td>
        <TextInput size="xs" aria-label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      </Table.Td>
      <Table.Td>
        <Select size="xs" aria-label="Phase" data={PHASES} value={phase} onChange={setPhase} allowDeselect={false} />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" onClick={() => save.mutate()} loading={save.isPending}>
            Save
          </Button>
          <Button size="xs" variant="default" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Add and edit the schools (sites): imports of places, people, term dates and APs name them by code or name. */
export function SchoolsTab() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['schools'], queryFn: () => api<{ schools: School[] }>('/api/schools') });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [phase, setPhase] = useState<string | null>('senior');
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => api<School>('/api/schools', { method: 'POST', body: { code, name, phase } }),
    onSuccess: (s) => {
      notifications.show({ color: 'green', message: `Added ${s.name}` });
      void qc.invalidateQueries({ queryKey: ['schools'] });
      void qc.invalidateQueries({ queryKey: ['setup'] });
      setCode('');
      setName('');
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    add.mutate();
  };
  return (
    <Stack>
      <Text size="sm">
        Import files name a school by its code or its name. Add each school before importing its buildings, people, term dates and
        access points.
      </Text>
      <QueryView query={q}>
        {(data) =>
          data.schools.length ? (
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Phase</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.schools.map((s) => (
                  <SchoolRow key={s.id} school={s} />
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text c="dimmed">No schools yet.</Text>
          )
        }
      </QueryView>
      <form onSubmit={submit}>
        <Stack gap="xs" maw={520}>
          <Text fw={600}>Add a school</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label="Code"
            description="Short, lower-case: letters, digits and dashes (e.g. senior)"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            required
          />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <Select label="Phase" data={PHASES} value={phase} onChange={setPhase} allowDeselect={false} />
          <Group>
            <Button type="submit" loading={add.isPending}>
              Add school
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
