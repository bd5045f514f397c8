import { Alert, Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../../lib/auth.tsx';
import { invalidateTasks, useOwners } from './task-modal.tsx';
import { PRIORITY_OPTIONS } from './task-types.ts';

export type Recurrence = {
  id: string;
  title: string;
  notes: string | null;
  priority: string;
  owner: { id: string; name: string };
  rule: 'weekly' | 'monthly' | 'term_end';
  weekday: number | null;
  interval: number;
  dayOfMonth: number | null;
  schoolDaysBefore: number;
  termOnly: boolean;
  schoolId: string | null;
  startsOn: string;
  endsOn: string | null;
  leadDays: number;
  isActive: boolean;
  description: string;
  next: string[];
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((d, i) => ({
  value: String(i + 1),
  label: d,
}));

export function RecurrenceModal({ recurrence: r, onClose }: { recurrence: Recurrence | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const owners = useOwners();
  const schools = useQuery({
    queryKey: ['schools'],
    queryFn: () => api<{ schools: { id: string; name: string }[] }>('/api/schools'),
  });
  const [title, setTitle] = useState(r?.title ?? '');
  const [notes, setNotes] = useState(r?.notes ?? '');
  const [rule, setRule] = useState<string>(r?.rule ?? 'weekly');
  const [weekday, setWeekday] = useState(String(r?.weekday ?? 5));
  const [interval, setInterval] = useState<number>(r?.interval ?? 1);
  const [dayOfMonth, setDayOfMonth] = useState<number>(r?.dayOfMonth ?? 1);
  const [before, setBefore] = useState<number>(r?.schoolDaysBefore ?? 5);
  const [termOnly, setTermOnly] = useState(r?.termOnly ?? true);
  const [schoolId, setSchoolId] = useState<string>(r?.schoolId ?? 'all');
  const [leadDays, setLeadDays] = useState<number>(r?.leadDays ?? 7);
  const [priority, setPriority] = useState(r?.priority ?? 'normal');
  const [ownerId, setOwnerId] = useState<string | null>(r?.owner.id ?? me?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        title,
        notes: notes || null,
        rule,
        weekday: Number(weekday),
        interval,
        dayOfMonth,
        schoolDaysBefore: before,
        termOnly,
        schoolId: schoolId === 'all' ? null : schoolId,
        leadDays,
        priority,
        ownerId: ownerId ?? undefined,
      };
      return r
        ? api(`/api/tasks/recurring/${r.id}`, { method: 'PUT', body })
        : api('/api/tasks/recurring', { method: 'POST', body });
    },
    onSuccess: () => {
      invalidateTasks(qc);
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Modal opened onClose={onClose} title={r ? `Change ${r.title}` : 'Add a repeating to-do'} size="lg">
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
          <TextInput label="What" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <Select
            label="Repeats"
            allowDeselect={false}
            value={rule}
            onChange={(v) => v && setRule(v)}
            data={[
              { value: 'weekly', label: 'Weekly' },
              { value: 'monthly', label: 'Monthly' },
              { value: 'term_end', label: 'Before the end of each term' },
            ]}
          />
          {rule === 'weekly' && (
            <Group grow>
              <Select label="On" data={WEEKDAYS} value={weekday} onChange={(v) => v && setWeekday(v)} allowDeselect={false} />
              <NumberInput
                label="Every n weeks"
                min={1}
                max={52}
                value={interval}
                onChange={(v) => setInterval(Number(v) || 1)}
              />
            </Group>
          )}
          {rule === 'monthly' && (
            <NumberInput
              label="Day of the month"
              min={1}
              max={31}
              value={dayOfMonth}
              onChange={(v) => setDayOfMonth(Number(v) || 1)}
            />
          )}
          {rule === 'term_end' && (
            <NumberInput
              label="School days before the last day of term"
              min={0}
              max={30}
              value={before}
              onChange={(v) => setBefore(Number(v) || 0)}
            />
          )}
          {rule !== 'term_end' && (
            <Checkbox
              label="Term time only (skips half-terms and holidays; a Friday INSET day moves it to Thursday)"
              checked={termOnly}
              onChange={(e) => setTermOnly(e.currentTarget.checked)}
            />
          )}
          <Group grow>
            <Select
              label="School calendar"
              allowDeselect={false}
              value={schoolId}
              onChange={(v) => v && setSchoolId(v)}
              data={[
                { value: 'all', label: 'Any school in term' },
                ...(schools.data?.schools ?? []).map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
            <NumberInput
              label="Show it this many days ahead"
              min={0}
              max={60}
              value={leadDays}
              onChange={(v) => setLeadDays(Number(v) || 0)}
            />
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
              allowDeselect={false}
            />
          </Group>
          <Textarea label="Notes" autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
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
