import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { formatAgo } from '../../lib/format.ts';
import { PageTitle, QueryView } from '../../lib/ui.tsx';
import { StatusBadge } from './badges.tsx';
import type { Options, TicketSummary } from './types.ts';

function RaiseForm({ options, onDone }: { options: Options; onDone: (id: string) => void }) {
  const qc = useQueryClient();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [schoolId, setSchoolId] = useState<string | null>(
    options.places.length === 1 ? (options.places[0]?.schoolId ?? null) : null,
  );
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [roomId, setRoomId] = useState<string | null>(null);
  const [asset, setAsset] = useState('');
  const [onBehalf, setOnBehalf] = useState('');
  const [channel, setChannel] = useState<string | null>('phone');
  const [priority, setPriority] = useState<string | null>(null);
  const school = options.places.find((p) => p.schoolId === schoolId);
  const building = school?.buildings.find((b) => b.id === buildingId);
  const raise = useMutation({
    mutationFn: () =>
      api<{ id: string; number: number }>('/api/helpdesk/tickets', {
        method: 'POST',
        body: {
          subject,
          description,
          category: category ?? 'Other',
          schoolId,
          buildingId,
          roomId,
          asset: asset || undefined,
          ...(options.isAgent && onBehalf ? { requesterEmail: onBehalf, channel: channel ?? 'phone' } : {}),
          ...(options.isAgent && priority ? { priority } : {}),
        },
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['helpdesk'] });
      onDone(r.id);
    },
  });
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        raise.mutate();
      }}
      aria-label="Raise a request"
    >
      <Stack>
        <Title order={2} size="h4">
          Ask IT Services for help
        </Title>
        <TextInput
          label="What is the problem?"
          placeholder="e.g. The projector in S005 shows no picture"
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          required
        />
        <Textarea
          label="Tell us more"
          description="What happened, since when, and anything you have tried."
          autosize
          minRows={3}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          required
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Category"
            data={options.categories}
            value={category}
            onChange={setCategory}
            placeholder="Choose one"
            searchable
          />
          <TextInput
            label="Device (optional)"
            placeholder="Asset tag or serial number"
            value={asset}
            onChange={(e) => setAsset(e.currentTarget.value)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="School"
            data={options.places.map((p) => ({ value: p.schoolId, label: p.schoolName }))}
            value={schoolId}
            onChange={(v) => {
              setSchoolId(v);
              setBuildingId(null);
              setRoomId(null);
            }}
            clearable
          />
          <Select
            label="Building"
            data={(school?.buildings ?? []).map((b) => ({ value: b.id, label: b.name }))}
            value={buildingId}
            onChange={(v) => {
              setBuildingId(v);
              setRoomId(null);
            }}
            disabled={!school}
            clearable
            searchable
          />
          <Select
            label="Room"
            data={(building?.rooms ?? []).map((r) => ({ value: r.id, label: r.code }))}
            value={roomId}
            onChange={setRoomId}
            disabled={!building}
            clearable
            searchable
          />
        </SimpleGrid>
        {options.isAgent && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="On behalf of (email)"
              placeholder="leave empty for yourself"
              value={onBehalf}
              onChange={(e) => setOnBehalf(e.currentTarget.value)}
            />
            <Select
              label="Came in by"
              data={[
                { value: 'phone', label: 'Phone' },
                { value: 'walk_up', label: 'Walk-up' },
                { value: 'portal', label: 'Portal' },
              ]}
              value={channel}
              onChange={setChannel}
              disabled={!onBehalf}
            />
            <Select
              label="Priority"
              data={options.priorities}
              value={priority}
              onChange={setPriority}
              placeholder="P3 normal"
              clearable
            />
          </SimpleGrid>
        )}
        {raise.error && <Alert color="red">{errorMessage(raise.error)}</Alert>}
        <Group>
          <Button type="submit" loading={raise.isPending} disabled={subject.trim().length < 3 || !description.trim()}>
            Send to IT Services
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** /help: everyone's portal. Raise a request, follow your own, reply and rate. */
export function PortalPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [raising, setRaising] = useState(params.get('raise') === '1');
  const options = useQuery({ queryKey: ['helpdesk', 'options'], queryFn: () => api<Options>('/api/helpdesk/options') });
  const mine = useQuery({
    queryKey: ['helpdesk', 'mine'],
    queryFn: () => api<{ tickets: TicketSummary[] }>('/api/helpdesk/my-tickets'),
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <PageTitle title="IT help">Raise a request, follow it, and tell us how we did.</PageTitle>
        {!raising && <Button onClick={() => setRaising(true)}>Raise a request</Button>}
      </Group>
      {raising && (
        <QueryView query={options}>{(o) => <RaiseForm options={o} onDone={(id) => navigate(`/help/tickets/${id}`)} />}</QueryView>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Your requests
        </Title>
        <QueryView query={mine}>
          {(d) =>
            d.tickets.length === 0 ? (
              <Text c="dimmed">You have not raised anything yet.</Text>
            ) : (
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th visibleFrom="sm">Ref</Table.Th>
                    <Table.Th>Request</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th visibleFrom="sm">Last change</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.tickets.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td visibleFrom="sm">#{t.number}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/help/tickets/${t.id}`}>
                          {t.subject}
                        </Anchor>
                        {/* On a phone the reference and the last change sit under the request, so Status stays in view. */}
                        <Text size="xs" c="dimmed" hiddenFrom="sm">
                          #{t.number} · {formatAgo(t.updatedAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={t.status} />
                      </Table.Td>
                      <Table.Td visibleFrom="sm">{formatAgo(t.updatedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryView>
      </Paper>
    </Stack>
  );
}
