import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { KIND_LABELS } from './kinds.ts';

export type CalendarEntry = {
  id: string;
  kind: string;
  schoolId: string | null;
  name: string;
  startsOn: string;
  endsOn: string;
  academicYear: string;
};

const KINDS = ['term', 'half_term', 'inset', 'holiday', 'closure'].map((k) => ({ value: k, label: KIND_LABELS[k] ?? k }));

/** Adds or changes one term, half-term, INSET day or closure. */
export function EntryModal({
  entry,
  schools,
  onClose,
}: {
  entry: CalendarEntry | null;
  schools: { id: string; name: string }[];
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [kind, setKind] = useState(entry?.kind ?? 'half_term');
  const [schoolId, setSchoolId] = useState<string>(entry?.schoolId ?? 'all');
  const [name, setName] = useState(entry?.name ?? '');
  const [startsOn, setStartsOn] = useState(entry?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(entry?.endsOn ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body = { kind, schoolId: schoolId === 'all' ? null : schoolId, name, startsOn, endsOn: endsOn || startsOn };
      return entry ? api(`/api/calendar/${entry.id}`, { method: 'PUT', body }) : api('/api/calendar', { method: 'POST', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['calendar'] });
      void qc.invalidateQueries({ queryKey: ['calendar-year'] });
      void qc.invalidateQueries({ queryKey: ['today'] });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Modal opened onClose={onClose} title={entry ? `Change ${entry.name}` : 'Add term dates or a closure'}>
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
          <Select
            label="Kind"
            data={KINDS}
            value={kind}
            onChange={(v) => v && setKind(v)}
            allowDeselect={false}
            disabled={!!entry}
          />
          <Select
            label="School"
            data={[{ value: 'all', label: 'All schools' }, ...schools.map((s) => ({ value: s.id, label: s.name }))]}
            value={schoolId}
            onChange={(v) => v && setSchoolId(v)}
            allowDeselect={false}
          />
          <TextInput
            label="Name"
            placeholder="e.g. Spring half-term"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Group grow>
            <DateField label="First day" required value={startsOn} onChange={(v: string) => setStartsOn(v)} />
            <DateField
              label="Last day"
              value={endsOn}
              onChange={(v: string) => setEndsOn(v)}
              description="Leave empty for one day"
            />
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
