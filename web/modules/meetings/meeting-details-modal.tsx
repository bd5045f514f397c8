import { Alert, Button, Group, Modal, NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import type { Meeting } from './meeting-types.ts';

/** When and where, and the notes for the minutes (who came, apologies). */
export function MeetingDetailsModal({ meeting, onClose }: { meeting: Meeting; onClose: () => void }) {
  const qc = useQueryClient();
  const [date, setDate] = useState(meeting.date);
  const [time, setTime] = useState(meeting.time);
  const [minutes, setMinutes] = useState(meeting.minutes);
  const [location, setLocation] = useState(meeting.location ?? '');
  const [notes, setNotes] = useState(meeting.notes ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api<Meeting>(`/api/meetings/${meeting.id}`, {
        method: 'PATCH',
        body: { date, time, minutes, location: location || null, notes: notes || null },
      }),
    onSuccess: (m) => {
      qc.setQueryData(['meeting', meeting.id], m);
      void qc.invalidateQueries({ queryKey: ['meetings'] });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Modal opened onClose={onClose} title="When, where and notes">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <SimpleGrid cols={3}>
            <DateField label="Date" required value={date} onChange={(v: string) => setDate(v)} />
            <TextInput label="Time" type="time" required value={time} onChange={(e) => setTime(e.currentTarget.value)} />
            <NumberInput label="Minutes" min={10} max={480} value={minutes} onChange={(v) => setMinutes(Number(v) || 60)} />
          </SimpleGrid>
          <TextInput label="Where" value={location} onChange={(e) => setLocation(e.currentTarget.value)} />
          <Textarea
            label="Notes for the minutes"
            description="Who came, apologies"
            autosize
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
          />
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
