import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { ForRoles } from '../../lib/auth.tsx';
import { formatShortDay } from '../../lib/format.ts';
import { ImportDialog } from '../../lib/import-dialog.tsx';
import { PageTitle, QueryView } from '../../lib/ui.tsx';
import { type CalendarEntry, EntryModal } from './entry-modal.tsx';
import { KIND_COLORS, KIND_LABELS } from './kinds.ts';
import { YearGrid } from './year-grid.tsx';

type School = { id: string; code: string; name: string };

function currentAcademicYear(): string {
  const now = new Date();
  const start = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

function yearOptions(entries: CalendarEntry[]): string[] {
  const years = new Set(entries.map((e) => e.academicYear));
  years.add(currentAcademicYear());
  return [...years].sort();
}

export function CalendarPage() {
  const qc = useQueryClient();
  const [year, setYear] = useState(currentAcademicYear());
  const [schoolId, setSchoolId] = useState<string | null>(null);
  const [view, setView] = useState('year');
  const [editing, setEditing] = useState<CalendarEntry | 'new' | null>(null);
  const [importOpen, importCtl] = useDisclosure();
  const schools = useQuery({ queryKey: ['schools'], queryFn: () => api<{ schools: School[] }>('/api/schools') });
  const entries = useQuery({ queryKey: ['calendar'], queryFn: () => api<{ entries: CalendarEntry[] }>('/api/calendar') });
  const school = schoolId ?? schools.data?.schools[0]?.id ?? null;
  const days = useQuery({
    queryKey: ['calendar-year', year, school],
    queryFn: () =>
      api<{ days: { date: string; kind: string; name: string; isWeekend: boolean }[] }>(
        `/api/calendar/year?academicYear=${year}${school ? `&schoolId=${school}` : ''}`,
      ),
  });
  const remove = useMutation({
    mutationFn: (e: CalendarEntry) => api(`/api/calendar/${e.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['calendar'] });
      void qc.invalidateQueries({ queryKey: ['calendar-year'] });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const schoolName = (id: string | null) => (id ? (schools.data?.schools.find((s) => s.id === id)?.name ?? '') : 'All schools');
  const all = entries.data?.entries ?? [];
  const inYear = all.filter((e) => e.academicYear === year);

  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageTitle title="School calendar">
          Terms, half-terms, INSET days and bank holidays: what the help desk clock and the reports count by.
        </PageTitle>
        <ForRoles roles={['admin']}>
          <Group>
            <Button variant="light" leftSection={<IconUpload size={16} />} onClick={importCtl.open}>
              Import term dates
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              Add dates
            </Button>
          </Group>
        </ForRoles>
      </Group>
      <ImportDialog
        kind="term-dates"
        title="Import term dates (CSV: school, kind, name, start, end)"
        opened={importOpen}
        onClose={importCtl.close}
        accept=".csv,text/csv"
        invalidates={[['calendar'], ['calendar-year']]}
      />
      {editing && (
        <EntryModal
          entry={editing === 'new' ? null : editing}
          schools={schools.data?.schools ?? []}
          onClose={() => setEditing(null)}
        />
      )}
      <Group mb="md" gap="sm">
        <Select
          aria-label="Academic year"
          data={yearOptions(all)}
          value={year}
          onChange={(v) => v && setYear(v)}
          allowDeselect={false}
          w={120}
        />
        <Select
          aria-label="School"
          data={(schools.data?.schools ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={school}
          onChange={setSchoolId}
          allowDeselect={false}
          w={240}
        />
        <SegmentedControl
          value={view}
          onChange={setView}
          data={[
            { value: 'year', label: 'Year' },
            { value: 'list', label: 'List' },
          ]}
        />
      </Group>
      {view === 'year' ? (
        <QueryView query={days}>
          {({ days: list }) => (
            <Stack>
              <Group gap="xs">
                {Object.entries(KIND_LABELS).map(([k, label]) => (
                  <Badge key={k} color={KIND_COLORS[k]} variant={k === 'term' ? 'light' : 'filled'}>
                    {label}
                  </Badge>
                ))}
                <Badge variant="outline" color="red">
                  Today
                </Badge>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }}>
                <YearGrid days={list} />
              </SimpleGrid>
            </Stack>
          )}
        </QueryView>
      ) : (
        <QueryView query={entries}>
          {() => (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="xs" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>What</Table.Th>
                      <Table.Th>From</Table.Th>
                      <Table.Th>To</Table.Th>
                      <Table.Th>School</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {inYear.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td>
                          <Group gap="xs">
                            <Badge color={KIND_COLORS[e.kind]} variant="light" size="sm">
                              {KIND_LABELS[e.kind]}
                            </Badge>
                            <Text size="sm">{e.name}</Text>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatShortDay(e.startsOn)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatShortDay(e.endsOn)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{schoolName(e.schoolId)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <ForRoles roles={['admin']}>
                            <Group gap={4} wrap="nowrap">
                              <Tooltip label="Change">
                                <ActionIcon variant="subtle" aria-label={`Change ${e.name}`} onClick={() => setEditing(e)}>
                                  <IconPencil size={16} />
                                </ActionIcon>
                              </Tooltip>
                              <Tooltip label="Remove">
                                <ActionIcon
                                  variant="subtle"
                                  color="red"
                                  aria-label={`Remove ${e.name}`}
                                  onClick={() => window.confirm(`Remove ${e.name}?`) && remove.mutate(e)}
                                >
                                  <IconTrash size={16} />
                                </ActionIcon>
                              </Tooltip>
                            </Group>
                          </ForRoles>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )}
        </QueryView>
      )}
    </>
  );
}
