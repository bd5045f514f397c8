import {
  Badge,
  Button,
  Checkbox,
  Group,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconSearch, IconUpload } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { ImportDialog } from '../../lib/import-dialog.tsx';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { PlacesTab } from './places-tab.tsx';

export type Person = {
  id: string;
  externalId: string;
  kind: 'staff' | 'pupil';
  displayName: string;
  email: string | null;
  schoolId: string | null;
  yearLabel: string | null;
  yearGroup: number | null;
  house: string | null;
  tutorGroup: string | null;
  jobTitle: string | null;
  department: string | null;
  isActive: boolean;
};
type Summary = { schools: { id: string; code: string; name: string; pupils: number; staff: number }[]; houses: string[] };

const PAGE = 50;
const FIELD_LABELS: Record<string, string> = {
  externalId: 'MIS id (required)',
  kind: 'Staff or pupil',
  givenName: 'Given name (required)',
  familyName: 'Family name (required)',
  preferredName: 'Preferred name',
  email: 'Email',
  school: 'School',
  yearGroup: 'Year group',
  house: 'House',
  tutorGroup: 'Tutor group',
  jobTitle: 'Job title',
  department: 'Department',
  groups: 'Groups',
};
const YEARS = [
  { value: '-1', label: 'Nursery' },
  { value: '0', label: 'Reception' },
  ...Array.from({ length: 13 }, (_, i) => ({ value: String(i + 1), label: `Year ${i + 1}` })),
];

function PeopleTab({ summary }: { summary: Summary }) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [kind, setKind] = useState<string | null>(null);
  const [school, setSchool] = useState<string | null>(null);
  const [year, setYear] = useState<string | null>(null);
  const [house, setHouse] = useState<string | null>(null);
  const [leavers, setLeavers] = useState(false);
  const [page, setPage] = useState(1);
  const params = new URLSearchParams({ limit: String(PAGE), offset: String((page - 1) * PAGE) });
  if (debounced) params.set('q', debounced);
  if (kind) params.set('kind', kind);
  if (school) params.set('schoolId', school);
  if (year) params.set('yearGroup', year);
  if (house) params.set('house', house);
  if (leavers) params.set('includeLeavers', 'true');
  const people = useQuery({
    queryKey: ['people', params.toString()],
    queryFn: () => api<{ people: Person[]; total: number }>(`/api/people?${params}`),
    placeholderData: keepPreviousData,
  });
  const schoolName = (id: string | null) => summary.schools.find((s) => s.id === id)?.name ?? '';
  const reset = () => setPage(1);
  return (
    <Stack>
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name, email or MIS id"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            reset();
          }}
          w={260}
        />
        <Select
          label="Staff or pupils"
          data={[
            { value: 'pupil', label: 'Pupils' },
            { value: 'staff', label: 'Staff' },
          ]}
          value={kind}
          onChange={(v) => {
            setKind(v);
            reset();
          }}
          clearable
          w={150}
        />
        <Select
          label="School"
          data={summary.schools.map((s) => ({ value: s.id, label: s.name }))}
          value={school}
          onChange={(v) => {
            setSchool(v);
            reset();
          }}
          clearable
          w={210}
        />
        <Select
          label="Year group"
          data={YEARS}
          value={year}
          onChange={(v) => {
            setYear(v);
            reset();
          }}
          clearable
          w={140}
        />
        <Select
          label="House"
          data={summary.houses}
          value={house}
          onChange={(v) => {
            setHouse(v);
            reset();
          }}
          clearable
          w={150}
          searchable
        />
        <Checkbox
          label="Include leavers"
          checked={leavers}
          onChange={(e) => {
            setLeavers(e.currentTarget.checked);
            reset();
          }}
          mb={8}
        />
      </Group>
      <QueryView query={people}>
        {({ people: list, total }) => (
          <>
            <Text size="sm" c="dimmed" aria-live="polite">
              {total.toLocaleString('en-GB')} {total === 1 ? 'person' : 'people'}
            </Text>
            <Paper withBorder>
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="xs" striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>School</Table.Th>
                      <Table.Th>Year or role</Table.Th>
                      <Table.Th>House / form</Table.Th>
                      <Table.Th>Email</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {p.displayName}{' '}
                            {!p.isActive && (
                              <Badge size="xs" color="gray">
                                left
                              </Badge>
                            )}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {p.externalId}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{schoolName(p.schoolId)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{p.kind === 'pupil' ? p.yearLabel : p.jobTitle}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {p.kind === 'pupil' ? [p.house, p.tutorGroup].filter(Boolean).join(' · ') : p.department}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{p.email ?? ''}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            {total > PAGE && (
              <Pagination total={Math.ceil(total / PAGE)} value={page} onChange={setPage} aria-label="Pages of people" />
            )}
          </>
        )}
      </QueryView>
    </Stack>
  );
}

export function PeoplePage() {
  const { data: me } = useMe();
  const [opened, { open, close }] = useDisclosure();
  const [tab, setTab] = useState<string | null>('people');
  const [defaultKind, setDefaultKind] = useState<string | null>(null);
  const [deactivate, setDeactivate] = useState(false);
  const summary = useQuery({
    queryKey: ['people-summary'],
    queryFn: () => api<Summary>('/api/people/summary'),
    enabled: hasRole(me, ['admin', 'it']),
  });
  if (!hasRole(me, ['admin', 'it'])) return <NoAccess />;
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageTitle title="People">Staff and pupils from the school's MIS: the directory every part of Belfry uses.</PageTitle>
        <Button leftSection={<IconUpload size={16} />} onClick={open}>
          Import people
        </Button>
      </Group>
      <ImportDialog
        kind="people"
        title="Import staff or pupils (CSV from the MIS)"
        opened={opened}
        onClose={close}
        accept=".csv,text/csv"
        fields={Object.keys(FIELD_LABELS)}
        fieldLabels={FIELD_LABELS}
        extra={{ kind: defaultKind ?? undefined, deactivateMissing: deactivate }}
        invalidates={[['people'], ['people-summary']]}
        extraControls={
          <Group align="flex-end">
            <Select
              label="When the file has no staff/pupil column, everyone is"
              data={[
                { value: 'pupil', label: 'a pupil' },
                { value: 'staff', label: 'staff' },
              ]}
              value={defaultKind}
              onChange={setDefaultKind}
              clearable
              w={320}
            />
            <Checkbox
              label="Mark people missing from the file as left"
              checked={deactivate}
              onChange={(e) => setDeactivate(e.currentTarget.checked)}
              mb={8}
            />
          </Group>
        }
      />
      <QueryView query={summary}>
        {(s) => (
          <>
            <SimpleGrid cols={{ base: 1, sm: Math.max(1, s.schools.length) }} mb="md">
              {s.schools.map((sc) => (
                <Paper key={sc.id} withBorder p="md">
                  <Text fw={600}>{sc.name}</Text>
                  <Text size="sm" c="dimmed">
                    {sc.pupils.toLocaleString('en-GB')} pupils · {sc.staff.toLocaleString('en-GB')} staff
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
            <Tabs value={tab} onChange={setTab}>
              <Tabs.List mb="md">
                <Tabs.Tab value="people">People</Tabs.Tab>
                <Tabs.Tab value="places">Buildings and rooms</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="people">
                <PeopleTab summary={s} />
              </Tabs.Panel>
              <Tabs.Panel value="places">
                <PlacesTab />
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </QueryView>
    </>
  );
}
