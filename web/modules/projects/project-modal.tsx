import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { type Project, STATUS_OPTIONS, toPence } from './project-types.ts';

type Strategy = { objectives: { id: string; code: string; title: string; initiatives: { id: string; title: string }[] }[] };
type Owner = { id: string; name: string };

const MONEY = [
  ['capitalBudget', 'Capital budget'],
  ['capitalCommitted', 'Capital committed'],
  ['capitalSpent', 'Capital spent'],
  ['revenueBudget', 'Revenue budget'],
  ['revenueCommitted', 'Revenue committed'],
  ['revenueSpent', 'Revenue spent'],
] as const;

/** Adds a project or changes one; every change goes into its history with the note. */
export function ProjectModal({
  project,
  projects,
  onClose,
}: {
  project: Project | null;
  projects: Project[];
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const strategy = useQuery({ queryKey: ['strategy'], queryFn: () => api<Strategy>('/api/strategy') });
  const owners = useQuery({ queryKey: ['task-owners'], queryFn: () => api<{ owners: Owner[] }>('/api/tasks/owners') });
  const [f, setF] = useState({
    name: project?.name ?? '',
    summary: project?.summary ?? '',
    staffSummary: project?.staffSummary ?? '',
    owner: project?.owner.id ?? (project ? `name:${project.owner.name}` : ''),
    ownerName: project && !project.owner.id ? project.owner.name : '',
    status: project?.status ?? 'planned',
    rag: project?.rag ?? 'green',
    ragReason: project?.ragReason ?? '',
    initiativeId: project?.initiative?.id ?? project?.objective?.id ?? '',
    startOn: project?.startOn ?? '',
    targetOn: project?.targetOn ?? '',
    dependsOn: project?.dependsOn.map((d) => d.id) ?? [],
    note: '',
  });
  const [money, setMoney] = useState<Record<string, number>>(
    Object.fromEntries(MONEY.map(([k]) => [k, project ? project.budget[k] / 100 : 0])),
  );
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (v: string | string[] | null) => setF((x) => ({ ...x, [k]: v ?? '' }));
  const objectiveIds = new Set(strategy.data?.objectives.map((o) => o.id));
  const save = useMutation({
    mutationFn: () => {
      const link = objectiveIds.has(f.initiativeId)
        ? { objectiveId: f.initiativeId, initiativeId: null }
        : { initiativeId: f.initiativeId || null, ...(f.initiativeId ? {} : { objectiveId: null }) };
      const owner =
        f.owner === 'other' || f.owner.startsWith('name:')
          ? { ownerName: f.ownerName || undefined }
          : { ownerId: f.owner || undefined };
      const body = {
        name: f.name,
        summary: f.summary,
        staffSummary: f.staffSummary || null,
        ...owner,
        status: f.status,
        rag: f.rag,
        ragReason: f.ragReason || null,
        ...link,
        startOn: f.startOn || null,
        targetOn: f.targetOn || null,
        dependsOn: f.dependsOn,
        ...Object.fromEntries(MONEY.map(([k]) => [k, toPence(money[k] ?? 0)])),
        ...(project ? { note: f.note || null } : {}),
      };
      return project
        ? api(`/api/projects/${project.id}`, { method: 'PATCH', body })
        : api('/api/projects', { method: 'POST', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['projects'] });
      void qc.invalidateQueries({ queryKey: ['strategy'] });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const initiativeOptions = (strategy.data?.objectives ?? []).map((o) => ({
    group: `${o.code} ${o.title}`,
    items: [
      { value: o.id, label: `${o.code} (objective itself)` },
      ...o.initiatives.map((i) => ({ value: i.id, label: i.title })),
    ],
  }));
  const ownerOptions = [
    ...(owners.data?.owners ?? []).map((o) => ({ value: o.id, label: o.name })),
    ...(project && !project.owner.id ? [{ value: `name:${project.owner.name}`, label: project.owner.name }] : []),
    { value: 'other', label: 'Someone without an account…' },
  ];
  return (
    <Modal opened onClose={onClose} title={project ? `Change ${project.name}` : 'Add a project'} size="xl">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setError(null);
          save.mutate();
        }}
      >
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Name" required value={f.name} onChange={(e) => set('name')(e.currentTarget.value)} />
          <Textarea
            label="Summary"
            autosize
            minRows={2}
            value={f.summary}
            onChange={(e) => set('summary')(e.currentTarget.value)}
          />
          <Textarea
            label="For staff, in plain words"
            description="Shown on the strategy page every member of staff can read"
            autosize
            value={f.staffSummary}
            onChange={(e) => set('staffSummary')(e.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label="Owner" data={ownerOptions} value={f.owner || null} onChange={set('owner')} searchable />
            {(f.owner === 'other' || f.owner.startsWith('name:')) && (
              <TextInput label="Owner’s name" value={f.ownerName} onChange={(e) => set('ownerName')(e.currentTarget.value)} />
            )}
            <Select label="Status" data={STATUS_OPTIONS} value={f.status} onChange={set('status')} allowDeselect={false} />
            <Select
              label="RAG"
              data={[
                { value: 'green', label: 'Green' },
                { value: 'amber', label: 'Amber' },
                { value: 'red', label: 'Red' },
              ]}
              value={f.rag}
              onChange={set('rag')}
              allowDeselect={false}
            />
          </SimpleGrid>
          <TextInput
            label="Why this RAG"
            required={f.rag !== 'green'}
            value={f.ragReason}
            onChange={(e) => set('ragReason')(e.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label="Strategy"
              data={initiativeOptions}
              value={f.initiativeId || null}
              onChange={set('initiativeId')}
              clearable
            />
            <DateField label="Start" value={f.startOn} onChange={(v: string) => set('startOn')(v)} />
            <DateField label="Target" value={f.targetOn} onChange={(v: string) => set('targetOn')(v)} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, sm: 3 }}>
            {MONEY.map(([k, label]) => (
              <NumberInput
                key={k}
                label={`${label} (£)`}
                min={0}
                decimalScale={2}
                thousandSeparator=","
                value={money[k]}
                onChange={(v) => setMoney((m) => ({ ...m, [k]: Number(v) || 0 }))}
              />
            ))}
          </SimpleGrid>
          <MultiSelect
            label="Waits for"
            data={projects.filter((p) => p.id !== project?.id).map((p) => ({ value: p.id, label: p.name }))}
            value={f.dependsOn}
            onChange={set('dependsOn')}
            searchable
          />
          {project && (
            <TextInput
              label="Note for the history"
              placeholder="e.g. Order placed"
              value={f.note}
              onChange={(e) => set('note')(e.currentTarget.value)}
            />
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
