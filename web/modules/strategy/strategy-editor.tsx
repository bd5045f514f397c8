import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { plural } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { ManagedStrategy } from './strategy-types.ts';

type Editing =
  | { kind: 'header' }
  | { kind: 'objective'; id?: string; code: string; title: string; summary: string; status: string }
  | { kind: 'initiative'; id?: string; objectiveId: string; title: string; summary: string };

function EditModal({ editing, strategy, onClose }: { editing: Editing; strategy: ManagedStrategy; onClose: () => void }) {
  const qc = useQueryClient();
  const [f, setF] = useState<Record<string, string>>(
    editing.kind === 'header'
      ? {
          title: strategy.title,
          vision: strategy.vision,
          period: strategy.period,
          reviewedOn: strategy.reviewedOn ?? '',
          nextReviewOn: strategy.nextReviewOn ?? '',
        }
      : (Object.fromEntries(Object.entries(editing).filter(([k]) => k !== 'kind')) as Record<string, string>),
  );
  const [error, setError] = useState<string | null>(null);
  const set = (k: string) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      if (editing.kind === 'header')
        return api('/api/strategy', {
          method: 'PUT',
          body: { ...f, reviewedOn: f.reviewedOn || null, nextReviewOn: f.nextReviewOn || null },
        });
      const { id, ...body } = f;
      const path = editing.kind === 'objective' ? 'objectives' : 'initiatives';
      return id
        ? api(`/api/strategy/${path}/${id}`, { method: 'PATCH', body })
        : api(`/api/strategy/${path}`, { method: 'POST', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['strategy'] });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const text = (k: string, label: string, long = false) =>
    long ? (
      <Textarea label={label} autosize minRows={3} value={f[k] ?? ''} onChange={(e) => set(k)(e.currentTarget.value)} />
    ) : (
      <TextInput label={label} value={f[k] ?? ''} onChange={(e) => set(k)(e.currentTarget.value)} />
    );
  return (
    <Modal
      opened
      onClose={onClose}
      title={editing.kind === 'header' ? 'The strategy' : editing.kind === 'objective' ? 'Objective' : 'Initiative'}
      size="lg"
    >
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          {editing.kind === 'header' && (
            <>
              {text('title', 'Title')}
              {text('vision', 'Vision, in plain words', true)}
              {text('period', 'Period (e.g. 2025–2028)')}
              <Group grow>
                <DateField label="Agreed on" value={f.reviewedOn ?? ''} onChange={(v: string) => set('reviewedOn')(v)} />
                <DateField label="Next review" value={f.nextReviewOn ?? ''} onChange={(v: string) => set('nextReviewOn')(v)} />
              </Group>
            </>
          )}
          {editing.kind === 'objective' && (
            <>
              {text('code', 'Code (O1, O2 ...)')}
              {text('title', 'Objective')}
              {text('summary', 'What it means for staff and pupils', true)}
              <Select
                label="Status"
                data={[
                  { value: 'draft', label: 'Draft (IT management group only)' },
                  { value: 'published', label: 'Published to all staff' },
                  { value: 'retired', label: 'Retired' },
                ]}
                value={f.status ?? 'draft'}
                onChange={(v) => v && set('status')(v)}
                allowDeselect={false}
              />
            </>
          )}
          {editing.kind === 'initiative' && (
            <>
              {text('title', 'Initiative')}
              {text('summary', 'In plain words', true)}
            </>
          )}
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

/** The Director's view: every objective (drafts too) with its initiatives and projects. */
export function StrategyEditor() {
  const [editing, setEditing] = useState<Editing | null>(null);
  const query = useQuery({ queryKey: ['strategy'], queryFn: () => api<ManagedStrategy>('/api/strategy') });
  return (
    <QueryView query={query}>
      {(s) => (
        <Stack>
          {editing && <EditModal editing={editing} strategy={s} onClose={() => setEditing(null)} />}
          <Group>
            <Button variant="light" leftSection={<IconPencil size={16} />} onClick={() => setEditing({ kind: 'header' })}>
              Title, vision and review dates
            </Button>
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() =>
                setEditing({ kind: 'objective', code: `O${s.objectives.length + 1}`, title: '', summary: '', status: 'draft' })
              }
            >
              Add objective
            </Button>
          </Group>
          {s.objectives.map((o) => (
            <Card key={o.id} withBorder>
              <Group justify="space-between">
                <Group gap="xs">
                  <Text fw={700}>
                    {o.code} {o.title}
                  </Text>
                  <Badge variant="light" color={o.status === 'published' ? 'green' : 'gray'}>
                    {o.status}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {o.progress ?? 0}% · {plural(o.counts.projects, 'project')}, {o.counts.red} red, {o.counts.amber} amber
                  </Text>
                </Group>
                <Group gap={4}>
                  <Tooltip label="Change objective">
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Change ${o.code}`}
                      onClick={() =>
                        setEditing({
                          kind: 'objective',
                          id: o.id,
                          code: o.code,
                          title: o.title,
                          summary: o.summary,
                          status: o.status,
                        })
                      }
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setEditing({ kind: 'initiative', objectiveId: o.id, title: '', summary: '' })}
                  >
                    Add initiative
                  </Button>
                </Group>
              </Group>
              <Stack gap={4} mt="xs">
                {o.initiatives.map((i) => (
                  <Group key={i.id} gap="xs">
                    <Text size="sm">
                      {i.title}: {i.projects.map((p) => p.name).join(', ') || 'no projects yet'}
                    </Text>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label={`Change ${i.title}`}
                      onClick={() =>
                        setEditing({ kind: 'initiative', id: i.id, objectiveId: o.id, title: i.title, summary: i.summary })
                      }
                    >
                      <IconPencil size={14} />
                    </ActionIcon>
                  </Group>
                ))}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
    </QueryView>
  );
}
