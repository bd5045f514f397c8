import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import type { SeriesSummary } from './meeting-types.ts';

type MemberDraft = {
  userId?: string | null;
  personId?: string | null;
  name: string;
  email?: string | null;
  roleLabel?: string | null;
};
type Person = { id: string; displayName: string; email: string | null; jobTitle: string | null };

/** A series: its name, rhythm and members (accounts, people from the directory, or anyone by address). */
export function SeriesModal({ series, onClose }: { series: SeriesSummary | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(series?.name ?? '');
  const [kind, setKind] = useState<string>(series?.kind ?? 'other');
  const [purpose, setPurpose] = useState(series?.purpose ?? '');
  const [cadence, setCadence] = useState(series?.cadenceWeeks ?? 4);
  const [time, setTime] = useState(series?.defaultTime ?? '09:00');
  const [location, setLocation] = useState(series?.location ?? '');
  const [members, setMembers] = useState<MemberDraft[]>(series?.members ?? []);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [other, setOther] = useState({ name: '', email: '' });
  const [error, setError] = useState<string | null>(null);
  const people = useQuery({
    queryKey: ['people-search', q],
    queryFn: () => api<{ people: Person[] }>(`/api/people?kind=staff&limit=8&q=${encodeURIComponent(q)}`),
    enabled: q.length >= 2,
  });
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        kind,
        purpose,
        cadenceWeeks: cadence,
        defaultTime: time,
        location: location || null,
        members: members.map((m) => ({
          userId: m.userId ?? null,
          personId: m.personId ?? null,
          name: m.name,
          email: m.email ?? null,
          roleLabel: m.roleLabel ?? null,
        })),
      };
      return series
        ? api(`/api/meetings/series/${series.id}`, { method: 'PATCH', body })
        : api('/api/meetings/series', { method: 'POST', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['meetings'] });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const add = (m: MemberDraft) => setMembers((list) => (list.some((x) => x.email && x.email === m.email) ? list : [...list, m]));
  return (
    <Modal opened onClose={onClose} title={series ? `Change ${series.name}` : 'Add a meeting series'} size="lg">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setError(null);
          save.mutate();
        }}
      >
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select
            label="Agenda pack"
            description="Which sections the agenda builds itself from"
            data={[
              { value: 'finance', label: 'Director of Finance: projects, budget, milestones, risks' },
              { value: 'itmg', label: 'IT management group: strategy, projects, milestones, risks, standards' },
              { value: 'other', label: 'Other: open actions and any other business' },
            ]}
            value={kind}
            onChange={(v) => v && setKind(v)}
            allowDeselect={false}
          />
          <Textarea label="Purpose" autosize value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} />
          <SimpleGrid cols={3}>
            <NumberInput label="Every n weeks" min={1} max={26} value={cadence} onChange={(v) => setCadence(Number(v) || 4)} />
            <TextInput label="Usual time" type="time" value={time} onChange={(e) => setTime(e.currentTarget.value)} />
            <TextInput label="Where" value={location} onChange={(e) => setLocation(e.currentTarget.value)} />
          </SimpleGrid>
          <Text size="sm" fw={600}>
            Members
          </Text>
          {members.map((m, i) => (
            <Group key={m.email ?? m.name} justify="space-between">
              <Text size="sm">
                {m.name}
                <Text span size="xs" c="dimmed">
                  {' '}
                  {m.roleLabel ? `${m.roleLabel} · ` : ''}
                  {m.email ?? 'no email'}
                </Text>
              </Text>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${m.name}`}
                onClick={() => setMembers((l) => l.filter((_, j) => j !== i))}
              >
                <IconX size={14} />
              </ActionIcon>
            </Group>
          ))}
          <Select
            label="Add someone from the directory"
            placeholder="Type a name"
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            data={(people.data?.people ?? [])
              .filter((p) => p.email)
              .map((p) => ({ value: p.id, label: `${p.displayName}${p.jobTitle ? `, ${p.jobTitle}` : ''}` }))}
            value={null}
            onChange={(id) => {
              const p = people.data?.people.find((x) => x.id === id);
              if (p) add({ personId: p.id, name: p.displayName, email: p.email, roleLabel: p.jobTitle });
              setSearch('');
            }}
            nothingFoundMessage={q.length >= 2 ? 'Nobody found' : 'Type two letters'}
          />
          <Group align="flex-end" grow>
            <TextInput
              label="Or anyone else: name"
              value={other.name}
              onChange={(e) => setOther({ ...other, name: e.currentTarget.value })}
            />
            <TextInput label="Email" value={other.email} onChange={(e) => setOther({ ...other, email: e.currentTarget.value })} />
            <Button
              variant="light"
              disabled={!other.name}
              onClick={() => {
                add({ name: other.name, email: other.email || null });
                setOther({ name: '', email: '' });
              }}
            >
              Add
            </Button>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
