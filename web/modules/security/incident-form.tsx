import { Button, Group, Modal, Alert as Notice, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/api.ts';
import { SchoolDateTimeInput } from '../../lib/date-fields.tsx';
import { formatFullDateTime } from '../../lib/format.ts';
import { CATEGORY_OPTIONS, SEVERITY_OPTIONS } from './labels.ts';

export type PersonalData = 'yes' | 'no' | 'unknown';
export const personalDataValue = (p: PersonalData): boolean | null => (p === 'yes' ? true : p === 'no' ? false : null);
export const personalDataChoice = (v: boolean | null): PersonalData => (v === true ? 'yes' : v === false ? 'no' : 'unknown');

export type IncidentDraft = {
  title: string;
  category: string | null;
  severity: string;
  personalData: PersonalData | null;
  becameAwareAt: string | null;
};

/** What opening an incident needs, asked rather than assumed: the ICO clock starts from these answers. */
export function IncidentFields({ draft, onChange }: { draft: IncidentDraft; onChange: (d: IncidentDraft) => void }) {
  const set = <K extends keyof IncidentDraft>(k: K, v: IncidentDraft[K]) => onChange({ ...draft, [k]: v });
  return (
    <Stack gap="sm">
      <TextInput
        label="Title"
        description="Say what happened; the SLT summary never shows titles."
        required
        value={draft.title}
        onChange={(e) => set('title', e.currentTarget.value)}
      />
      <Group grow align="flex-start">
        <Select
          label="Category"
          required
          data={CATEGORY_OPTIONS}
          value={draft.category}
          onChange={(v) => set('category', v)}
          allowDeselect={false}
        />
        <Select
          label="Severity"
          data={SEVERITY_OPTIONS}
          value={draft.severity}
          onChange={(v) => set('severity', v ?? 'medium')}
          allowDeselect={false}
        />
      </Group>
      <Radio.Group
        label="Is personal data involved?"
        description="Yes or not yet known start the ICO's 72-hour clock from when the school became aware."
        required
        value={draft.personalData}
        onChange={(v) => set('personalData', v as PersonalData)}
      >
        <Group gap="lg" mt={6}>
          <Radio value="yes" label="Yes" />
          <Radio value="no" label="No" />
          <Radio value="unknown" label="Not yet known" />
        </Group>
      </Radio.Group>
      <SchoolDateTimeInput
        label="When the school became aware"
        required
        value={draft.becameAwareAt}
        onChange={(v) => set('becameAwareAt', v)}
      />
    </Stack>
  );
}

/** What is missing before the draft can be sent, in words; null when it is complete. */
export function draftProblem(d: IncidentDraft): string | null {
  if (d.title.trim().length < 3) return 'Give the incident a title';
  if (!d.category) return 'Choose a category';
  if (!d.personalData) return 'Say whether personal data is involved (or that it is not yet known)';
  if (!d.becameAwareAt) return 'Give the date and time the school became aware (dd/mm/yyyy and hh:mm)';
  return null;
}

export const draftBody = (d: IncidentDraft) => ({
  title: d.title.trim(),
  category: d.category,
  severity: d.severity,
  personalData: personalDataValue(d.personalData as PersonalData),
  becameAwareAt: d.becameAwareAt,
});

/** The modal both "New incident" and "Escalate" open; `send` posts the body and returns the new incident's id. */
export function IncidentFormModal({
  title,
  initial,
  intro,
  submitLabel,
  send,
  onClose,
  onDone,
}: {
  title: string;
  initial: IncidentDraft;
  intro?: string;
  submitLabel: string;
  send: (body: ReturnType<typeof draftBody>) => Promise<string>;
  onClose: () => void;
  onDone: (incidentId: string) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const problem = draftProblem(draft);
  const save = useMutation({ mutationFn: () => send(draftBody(draft)), onSuccess: onDone });
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!problem) save.mutate();
        }}
      >
        <Stack>
          {intro && (
            <Text size="sm" c="dimmed">
              {intro}
            </Text>
          )}
          <IncidentFields draft={draft} onChange={setDraft} />
          {draft.becameAwareAt && (
            <Text size="xs" c="dimmed" data-testid="aware-reads">
              The school became aware {formatFullDateTime(draft.becameAwareAt)} (school time).
            </Text>
          )}
          {tried && problem && <Notice color="orange">{problem}</Notice>}
          {save.error && <Notice color="red">{errorMessage(save.error)}</Notice>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export const nowDraft = (over: Partial<IncidentDraft> = {}): IncidentDraft => ({
  title: '',
  category: null,
  severity: 'medium',
  personalData: null,
  becameAwareAt: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
  ...over,
});
