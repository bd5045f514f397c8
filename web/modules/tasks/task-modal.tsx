import { Alert, Button, Chip, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../../lib/auth.tsx';
import { DateField } from '../../lib/date-field.tsx';
import { londonDate, nextWeekday, type Owner, PRIORITY_OPTIONS, type Task } from './task-types.ts';

export const invalidateTasks = (qc: ReturnType<typeof useQueryClient>) => {
  void qc.invalidateQueries({ queryKey: ['tasks'] });
  void qc.invalidateQueries({ queryKey: ['today'] });
};

export function useOwners(enabled = true) {
  return useQuery({
    queryKey: ['task-owners'],
    queryFn: () => api<{ owners: Owner[] }>('/api/tasks/owners'),
    staleTime: 300_000,
    enabled,
  });
}

/** Adds a to-do (the quick-add shortcut opens this too) or changes one. */
export function TaskModal({ task, onClose, title }: { task: Task | null; onClose: () => void; title?: string }) {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const owners = useOwners();
  const [text, setText] = useState(task?.title ?? '');
  const [notes, setNotes] = useState(task?.notes ?? '');
  const [dueOn, setDueOn] = useState(task?.dueOn ?? '');
  const [priority, setPriority] = useState<string>(task?.priority ?? 'normal');
  const [ownerId, setOwnerId] = useState<string | null>(task?.owner.id ?? me?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body = { title: text, notes: notes || null, dueOn: dueOn || null, priority, ownerId: ownerId ?? undefined };
      return task ? api(`/api/tasks/${task.id}`, { method: 'PATCH', body }) : api('/api/tasks', { method: 'POST', body });
    },
    onSuccess: () => {
      invalidateTasks(qc);
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const quick = [
    { label: 'Today', value: londonDate() },
    { label: 'Tomorrow', value: londonDate(1) },
    { label: 'Friday', value: nextWeekday(5) },
    { label: 'Next Monday', value: nextWeekday(1) },
  ];
  return (
    <Modal opened onClose={onClose} title={title ?? (task ? 'Change the to-do' : 'Add a to-do')} size="lg">
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
          <TextInput label="What" required data-autofocus value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <Group align="flex-end" gap="sm">
            <DateField label="Due" value={dueOn} onChange={(v: string) => setDueOn(v)} w={170} />
            <Chip.Group value={dueOn} onChange={(v) => setDueOn(v as string)}>
              <Group gap={6} pb={6}>
                {quick.map((q) => (
                  <Chip key={q.label} value={q.value} size="xs" variant="light">
                    {q.label}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Group>
          <Group grow>
            <Select
              label="Priority"
              data={PRIORITY_OPTIONS}
              value={priority}
              onChange={(v) => v && setPriority(v)}
              allowDeselect={false}
            />
            <Select
              label="Owner"
              data={(owners.data?.owners ?? []).map((o) => ({ value: o.id, label: o.name }))}
              value={ownerId}
              onChange={setOwnerId}
              searchable
              allowDeselect={false}
            />
          </Group>
          <Textarea label="Notes" autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {task ? 'Save' : 'Add to-do'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
