import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconChartBar, IconLock, IconPlus, IconSearch, IconUpload } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatAgo, placeWords } from '../../lib/format.ts';
import { ImportDialog } from '../../lib/import-dialog.tsx';
import { NoAccess, PageTitle, QueryView } from '../../lib/ui.tsx';
import { DueText, PriorityBadge, StatusBadge } from './badges.tsx';
import type { Options, TicketSummary } from './types.ts';

const VIEWS = [
  { value: 'mine', label: 'Mine' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'breaching', label: 'Breaching soon' },
  { value: 'open', label: 'All open' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'resolved', label: 'Resolved' },
];
const IMPORT_FIELDS = [
  'externalId',
  'subject',
  'description',
  'createdAt',
  'status',
  'priority',
  'category',
  'requesterEmail',
  'requesterName',
  'assignee',
  'firstResponseAt',
  'resolvedAt',
  'closedAt',
  'school',
  'building',
  'room',
  'tags',
];
const PAGE = 50;

function TicketTable({ tickets, onOpen }: { tickets: TicketSummary[]; onOpen: (id: string) => void }) {
  if (tickets.length === 0)
    return (
      <Text c="dimmed" py="lg" ta="center">
        No tickets here.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Ref</Table.Th>
            <Table.Th>Subject</Table.Th>
            <Table.Th>Requester</Table.Th>
            <Table.Th>Where</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Assignee</Table.Th>
            <Table.Th>Next due</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((t) => {
            const due = t.responseDueAt ?? t.resolutionDueAt;
            return (
              <Table.Tr key={t.id} style={{ cursor: 'pointer' }} onClick={() => onOpen(t.id)}>
                <Table.Td>
                  <Anchor component={Link} to={`/helpdesk/tickets/${t.id}`} onClick={(e) => e.stopPropagation()}>
                    #{t.number}
                  </Anchor>
                </Table.Td>
                <Table.Td maw={320}>
                  <Group gap={6} wrap="nowrap">
                    {t.restricted && <IconLock size={14} aria-label="Restricted" />}
                    <Text size="sm" truncate>
                      {t.subject}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t.category}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t.requesterName}</Text>
                  {t.requesterKind === 'pupil' && (
                    <Badge size="xs" variant="light" color="gray">
                      pupil
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t.locationLabel ? placeWords(t.locationLabel) : '–'}</Text>
                </Table.Td>
                <Table.Td>
                  <PriorityBadge priority={t.priority} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <StatusBadge status={t.status} agent />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={t.assigneeName ? undefined : 'dimmed'}>
                    {t.assigneeName ?? 'nobody'}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {['resolved', 'closed'].includes(t.status) ? (
                    <Text size="sm">–</Text>
                  ) : (
                    <DueText due={due} paused={t.slaPaused} unknown={t.dueUnknown} />
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatAgo(t.updatedAt)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** /helpdesk: the IT team's queues, search, and the history import. */
export function QueuePage() {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [view, setView] = useState('open');
  const [school, setSchool] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [importing, importDialog] = useDisclosure(false);
  const allowed = hasRole(me, ['admin', 'it']);
  const options = useQuery({
    queryKey: ['helpdesk', 'options'],
    queryFn: () => api<Options>('/api/helpdesk/options'),
    enabled: allowed,
  });
  const params = new URLSearchParams({ view, limit: String(PAGE), offset: String(page * PAGE) });
  if (school) params.set('schoolId', school);
  const queue = useQuery({
    queryKey: ['helpdesk', 'queue', params.toString()],
    queryFn: () => api<{ tickets: TicketSummary[]; hasMore: boolean }>(`/api/helpdesk/queue?${params}`),
    enabled: allowed && !debounced,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const search = useQuery({
    queryKey: ['helpdesk', 'search', debounced],
    queryFn: () => api<{ tickets: TicketSummary[] }>(`/api/helpdesk/search?q=${encodeURIComponent(debounced)}`),
    enabled: allowed && !!debounced,
  });
  if (!allowed) return <NoAccess />;
  const open = (id: string) => navigate(`/helpdesk/tickets/${id}`);
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <PageTitle title="Help desk">The queues, newest activity first; due times are in school working hours.</PageTitle>
        <Group gap="xs">
          <Button component={Link} to="/help?raise=1" leftSection={<IconPlus size={16} />} variant="light">
            New ticket
          </Button>
          <Button component={Link} to="/helpdesk/metrics" leftSection={<IconChartBar size={16} />} variant="light">
            Metrics
          </Button>
          <Button leftSection={<IconUpload size={16} />} variant="default" onClick={importDialog.open}>
            Import history
          </Button>
        </Group>
      </Group>
      <Paper withBorder p="md">
        <Stack>
          <Group justify="space-between" wrap="wrap">
            <SegmentedControl
              data={VIEWS}
              value={view}
              onChange={(v) => {
                setView(v);
                setPage(0);
                setQ('');
              }}
              aria-label="Queue"
            />
            <Group gap="xs">
              <Select
                placeholder="All schools"
                aria-label="School"
                data={(options.data?.places ?? []).map((p) => ({ value: p.schoolId, label: p.schoolName }))}
                value={school}
                onChange={(v) => {
                  setSchool(v);
                  setPage(0);
                }}
                clearable
                w={200}
              />
              <TextInput
                placeholder="Search tickets and replies"
                aria-label="Search tickets"
                leftSection={<IconSearch size={16} />}
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                w={260}
              />
            </Group>
          </Group>
          {debounced ? (
            <QueryView query={search}>{(d) => <TicketTable tickets={d.tickets} onOpen={open} />}</QueryView>
          ) : (
            <QueryView query={queue}>
              {(d) => (
                <Stack gap="xs">
                  <TicketTable tickets={d.tickets} onOpen={open} />
                  <Group justify="flex-end" gap="xs">
                    <Button size="xs" variant="default" disabled={page === 0} onClick={() => setPage(page - 1)}>
                      Previous
                    </Button>
                    <Button size="xs" variant="default" disabled={!d.hasMore} onClick={() => setPage(page + 1)}>
                      Next
                    </Button>
                  </Group>
                </Stack>
              )}
            </QueryView>
          )}
        </Stack>
      </Paper>
      <ImportDialog
        kind="tickets"
        title="Import past tickets"
        opened={importing}
        onClose={importDialog.close}
        accept=".csv,text/csv"
        fields={IMPORT_FIELDS}
        invalidates={[['helpdesk']]}
      />
    </Stack>
  );
}
