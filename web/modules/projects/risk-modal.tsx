import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
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
import { CATEGORY_LABELS, type ProjectList, type Risk } from './project-types.ts';

/** Adds a risk or changes one; mitigations one a line, ticked when in place. */
export function RiskModal({ risk, onClose }: { risk: Risk | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [title, setTitle] = useState(risk?.title ?? '');
  const [description, setDescription] = useState(risk?.description ?? '');
  const [category, setCategory] = useState<string>(risk?.category ?? 'cyber');
  const [likelihood, setLikelihood] = useState(risk?.likelihood ?? 3);
  const [impact, setImpact] = useState(risk?.impact ?? 3);
  const [ownerName, setOwnerName] = useState(risk?.owner.id ? '' : (risk?.owner.name ?? ''));
  const [mitigations, setMitigations] = useState(risk?.mitigations ?? []);
  const [newMitigation, setNewMitigation] = useState('');
  const [reviewOn, setReviewOn] = useState(risk?.reviewOn ?? '');
  const [every, setEvery] = useState(risk?.reviewEveryDays ?? 90);
  const [status, setStatus] = useState<string>(risk?.status ?? 'open');
  const [objectiveId, setObjectiveId] = useState<string | null>(risk?.objectiveId ?? null);
  const [projectId, setProjectId] = useState<string | null>(risk?.projectId ?? null);
  const strategy = useQuery({
    queryKey: ['strategy'],
    queryFn: () => api<{ objectives: { id: string; code: string; title: string }[] }>('/api/strategy'),
  });
  const projects = useQuery({ queryKey: ['projects'], queryFn: () => api<ProjectList>('/api/projects') });
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const all = newMitigation.trim() ? [...mitigations, { text: newMitigation.trim(), inPlace: false }] : mitigations;
      const body = {
        title,
        description,
        category,
        likelihood,
        impact,
        ...(ownerName ? { ownerName } : {}),
        mitigations: all,
        reviewOn: reviewOn || null,
        reviewEveryDays: every,
        objectiveId,
        projectId,
        ...(risk ? { status } : {}),
      };
      return risk ? api(`/api/risks/${risk.id}`, { method: 'PATCH', body }) : api('/api/risks', { method: 'POST', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['projects', 'risks'] });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Modal opened onClose={onClose} title={risk ? `Change ${risk.code}` : 'Add a risk'} size="lg">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setError(null);
          save.mutate();
        }}
      >
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Risk" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <Textarea
            label="What could happen"
            autosize
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <SimpleGrid cols={3}>
            <Select
              label="Category"
              data={Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }))}
              value={category}
              onChange={(v) => v && setCategory(v)}
              allowDeselect={false}
            />
            <NumberInput
              label="Likelihood (1-5)"
              min={1}
              max={5}
              value={likelihood}
              onChange={(v) => setLikelihood(Number(v) || 1)}
            />
            <NumberInput label="Impact (1-5)" min={1} max={5} value={impact} onChange={(v) => setImpact(Number(v) || 1)} />
          </SimpleGrid>
          <TextInput
            label="Owner"
            description="Leave empty to own it yourself"
            value={ownerName}
            onChange={(e) => setOwnerName(e.currentTarget.value)}
          />
          <Stack gap={4}>
            {mitigations.map((m, i) => (
              <Checkbox
                key={m.text}
                label={m.text}
                checked={m.inPlace}
                onChange={(e) => {
                  const inPlace = e.currentTarget.checked;
                  setMitigations((list) => list.map((x, j) => (j === i ? { ...x, inPlace } : x)));
                }}
              />
            ))}
            <TextInput label="Add a mitigation" value={newMitigation} onChange={(e) => setNewMitigation(e.currentTarget.value)} />
          </Stack>
          <SimpleGrid cols={2}>
            <Select
              label="Strategy objective"
              clearable
              data={(strategy.data?.objectives ?? []).map((o) => ({ value: o.id, label: `${o.code} ${o.title}` }))}
              value={objectiveId}
              onChange={setObjectiveId}
            />
            <Select
              label="Project that reduces it"
              clearable
              searchable
              data={(projects.data?.projects ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={projectId}
              onChange={setProjectId}
            />
          </SimpleGrid>
          <SimpleGrid cols={3}>
            <DateField label="Next review" value={reviewOn} onChange={(v: string) => setReviewOn(v)} />
            <NumberInput
              label="Review every (days)"
              min={7}
              max={730}
              value={every}
              onChange={(v) => setEvery(Number(v) || 90)}
            />
            {risk && (
              <Select
                label="Status"
                data={[
                  { value: 'open', label: 'Open' },
                  { value: 'closed', label: 'Closed' },
                ]}
                value={status}
                onChange={(v) => v && setStatus(v)}
                allowDeselect={false}
              />
            )}
          </SimpleGrid>
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
