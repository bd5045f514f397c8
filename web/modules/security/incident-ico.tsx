import { Button, Checkbox, Group, Alert as Notice, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { UkDateInput } from '../../lib/date-fields.tsx';
import { formatFullDateTime, formatNumericDate } from '../../lib/format.ts';

type Action = { id: string; text: string; owner: string | null; dueOn: string | null; doneAt: string | null };
type IcoState = {
  icoDecision: string;
  icoDecisionAt: string | null;
  icoReference: string | null;
  icoRationale: string | null;
  dpoName: string | null;
  personalData: boolean | null;
};

function useRefresh(id: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['incident', id] });
    void qc.invalidateQueries({ queryKey: ['incidents'] });
    void qc.invalidateQueries({ queryKey: ['incident-summary'] });
    void qc.invalidateQueries({ queryKey: ['today'] });
  };
}

/** What the ICO decision still lacks, in words (the server checks the same). */
export function icoProblem(f: {
  decision: string | null;
  rationale: string;
  reference: string;
  toFollow: boolean;
  dpoName: string;
}) {
  if (!f.decision) return 'Choose: reported to the ICO, or not reportable';
  if (f.rationale.trim().length < 3) return 'Give the rationale for the decision';
  if (f.decision === 'reported' && !f.reference.trim() && !f.toFollow)
    return "Give the ICO's reference, or tick that it is still to come";
  if (f.decision === 'not_reportable' && !f.dpoName.trim()) return 'Name the DPO consulted';
  return null;
}

/** The ICO decision: an explicit choice with a rationale; a report carries the ICO's reference or says it is to come. */
export function IncidentIco({ id, incident }: { id: string; incident: IcoState }) {
  const refresh = useRefresh(id);
  const [form, setForm] = useState({
    decision: null as string | null,
    reference: '',
    toFollow: false,
    rationale: '',
    dpoName: '',
  });
  const [tried, setTried] = useState(false);
  const [reference, setReference] = useState('');
  const problem = icoProblem(form);
  const decide = useMutation({
    mutationFn: () =>
      api(`/api/incidents/${id}/ico`, {
        method: 'POST',
        body: {
          decision: form.decision,
          rationale: form.rationale,
          ...(form.decision === 'reported'
            ? form.reference.trim()
              ? { reference: form.reference }
              : { referenceToFollow: true }
            : {}),
          ...(form.dpoName.trim() ? { dpoName: form.dpoName } : {}),
        },
      }),
    onSuccess: refresh,
  });
  const addReference = useMutation({
    mutationFn: () => api(`/api/incidents/${id}`, { method: 'PATCH', body: { icoReference: reference } }),
    onSuccess: () => {
      setReference('');
      refresh();
    },
  });
  if (incident.personalData === false)
    return (
      <Text size="sm" c="dimmed">
        No personal data is involved: there is no ICO decision to make.
      </Text>
    );
  if (incident.icoDecision !== 'pending')
    return (
      <Stack gap={6}>
        <Title order={4} size="h5">
          ICO decision
        </Title>
        <Text size="sm" data-testid="ico-decided">
          {incident.icoDecision === 'reported' ? 'Reported to the ICO' : 'Not reportable to the ICO'}
          {incident.icoDecisionAt ? `, ${formatFullDateTime(incident.icoDecisionAt)}` : ''}
          {incident.icoDecision === 'reported'
            ? incident.icoReference
              ? `; ICO reference ${incident.icoReference}`
              : '; the ICO reference is still to come'
            : ''}
          {incident.dpoName ? `; DPO consulted: ${incident.dpoName}` : ''}.
        </Text>
        {incident.icoRationale && <Text size="sm">Rationale: {incident.icoRationale}</Text>}
        {incident.icoDecision === 'reported' && !incident.icoReference && (
          <Group gap="xs" align="end">
            <TextInput
              size="xs"
              label="ICO reference, now it has come"
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
            />
            <Button size="xs" variant="light" disabled={!reference.trim()} onClick={() => addReference.mutate()}>
              Add the reference
            </Button>
          </Group>
        )}
        {addReference.error && <Notice color="red">{errorMessage(addReference.error)}</Notice>}
      </Stack>
    );
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!problem) decide.mutate();
      }}
    >
      <Stack gap="xs">
        <Title order={4} size="h5">
          ICO decision
        </Title>
        <Radio.Group
          label="Decision"
          required
          value={form.decision}
          onChange={(v) => setForm({ ...form, decision: v })}
          error={tried && !form.decision ? 'Choose one' : undefined}
        >
          <Group gap="lg" mt={4}>
            <Radio value="reported" label="Reported to the ICO" />
            <Radio value="not_reportable" label="Not reportable" />
          </Group>
        </Radio.Group>
        {form.decision === 'reported' && (
          <Group gap="md" align="end">
            <TextInput
              size="xs"
              label="ICO reference"
              value={form.reference}
              disabled={form.toFollow}
              onChange={(e) => setForm({ ...form, reference: e.currentTarget.value })}
            />
            <Checkbox
              size="xs"
              mb={6}
              label="The reference is still to come"
              checked={form.toFollow}
              onChange={(e) => setForm({ ...form, toFollow: e.currentTarget.checked, reference: '' })}
            />
          </Group>
        )}
        <TextInput
          size="xs"
          label="DPO consulted"
          required={form.decision === 'not_reportable'}
          value={form.dpoName}
          onChange={(e) => setForm({ ...form, dpoName: e.currentTarget.value })}
        />
        <Textarea
          size="xs"
          label="Rationale"
          required
          autosize
          minRows={2}
          value={form.rationale}
          onChange={(e) => setForm({ ...form, rationale: e.currentTarget.value })}
        />
        {tried && problem && <Notice color="orange">{problem}</Notice>}
        {decide.error && <Notice color="red">{errorMessage(decide.error)}</Notice>}
        <Group>
          <Button size="xs" type="submit" loading={decide.isPending}>
            Record the ICO decision
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The incident's actions: who does what by when; ticked when done. */
export function IncidentActions({ id, actions }: { id: string; actions: Action[] }) {
  const refresh = useRefresh(id);
  const [action, setAction] = useState({ text: '', owner: '', dueOn: null as string | null });
  const add = useMutation({
    mutationFn: () =>
      api(`/api/incidents/${id}/actions`, {
        method: 'POST',
        body: { text: action.text, owner: action.owner || undefined, dueOn: action.dueOn || undefined },
      }),
    onSuccess: () => {
      setAction({ text: '', owner: '', dueOn: null });
      refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (a: Action) => api(`/api/incidents/${id}/actions/${a.id}`, { method: 'POST', body: { done: !a.doneAt } }),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        Actions
      </Title>
      {actions.length === 0 && (
        <Text size="sm" c="dimmed">
          No actions yet.
        </Text>
      )}
      {actions.map((a) => (
        <Checkbox
          key={a.id}
          size="xs"
          checked={!!a.doneAt}
          onChange={() => toggle.mutate(a)}
          label={`${a.text}${a.owner ? ` (${a.owner})` : ''}${a.dueOn ? `, due ${formatNumericDate(a.dueOn)}` : ''}`}
        />
      ))}
      <Group gap="xs" align="end">
        <TextInput
          size="xs"
          label="New action"
          value={action.text}
          onChange={(e) => setAction({ ...action, text: e.currentTarget.value })}
          style={{ flex: 1, minWidth: 180 }}
        />
        <TextInput
          size="xs"
          label="Owner"
          value={action.owner}
          onChange={(e) => setAction({ ...action, owner: e.currentTarget.value })}
          w={150}
        />
        <UkDateInput size="xs" label="Due" value={action.dueOn} onChange={(d) => setAction({ ...action, dueOn: d })} w={130} />
        <Button size="xs" variant="light" onClick={() => add.mutate()} disabled={action.text.trim().length < 2}>
          Add
        </Button>
      </Group>
      {add.error && <Notice color="red">{errorMessage(add.error)}</Notice>}
    </Stack>
  );
}
