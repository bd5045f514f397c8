import { Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';

type Action = { id: string; text: string; owner: string | null; dueOn: string | null; doneAt: string | null };

/** The ICO decision ("not reportable" needs a rationale and the DPO) and the incident's actions. */
export function IncidentIcoAndActions({ id, icoDecision, actions }: { id: string; icoDecision: string; actions: Action[] }) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['incident', id] });
    void qc.invalidateQueries({ queryKey: ['incidents'] });
  };
  const [ico, setIco] = useState({ decision: 'reported', reference: '', rationale: '', dpoName: '' });
  const [action, setAction] = useState({ text: '', owner: '', dueOn: '' });
  const decide = useMutation({
    mutationFn: () => api(`/api/incidents/${id}/ico`, { method: 'POST', body: ico }),
    onSuccess: refresh,
  });
  const add = useMutation({
    mutationFn: () =>
      api(`/api/incidents/${id}/actions`, {
        method: 'POST',
        body: { text: action.text, owner: action.owner || undefined, dueOn: action.dueOn || undefined },
      }),
    onSuccess: () => {
      setAction({ text: '', owner: '', dueOn: '' });
      refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (a: Action) => api(`/api/incidents/${id}/actions/${a.id}`, { method: 'POST', body: { done: !a.doneAt } }),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      {icoDecision === 'pending' && (
        <>
          <Text size="sm" fw={600}>
            ICO decision
          </Text>
          <Group gap="xs" align="end">
            <Select
              size="xs"
              label="Decision"
              data={[
                { value: 'reported', label: 'Reported to the ICO' },
                { value: 'not_reportable', label: 'Not reportable' },
              ]}
              value={ico.decision}
              onChange={(v) => setIco((x) => ({ ...x, decision: v ?? 'reported' }))}
              w={190}
            />
            <TextInput
              size="xs"
              label="ICO reference"
              value={ico.reference}
              onChange={(e) => setIco((x) => ({ ...x, reference: e.currentTarget.value }))}
            />
            <TextInput
              size="xs"
              label="DPO consulted"
              value={ico.dpoName}
              onChange={(e) => setIco((x) => ({ ...x, dpoName: e.currentTarget.value }))}
            />
          </Group>
          <TextInput
            size="xs"
            label="Rationale"
            value={ico.rationale}
            onChange={(e) => setIco((x) => ({ ...x, rationale: e.currentTarget.value }))}
          />
          <Group>
            <Button size="xs" onClick={() => decide.mutate()}>
              Record the ICO decision
            </Button>
            {decide.error && (
              <Text size="sm" c="red">
                {errorMessage(decide.error)}
              </Text>
            )}
          </Group>
        </>
      )}
      <Text size="sm" fw={600}>
        Actions
      </Text>
      {actions.map((a) => (
        <Checkbox
          key={a.id}
          size="xs"
          checked={!!a.doneAt}
          onChange={() => toggle.mutate(a)}
          label={`${a.text}${a.owner ? ` (${a.owner})` : ''}${a.dueOn ? `, due ${a.dueOn}` : ''}`}
        />
      ))}
      <Group gap="xs" align="end">
        <TextInput
          size="xs"
          label="New action"
          value={action.text}
          onChange={(e) => setAction((x) => ({ ...x, text: e.currentTarget.value }))}
        />
        <TextInput
          size="xs"
          label="Owner"
          value={action.owner}
          onChange={(e) => setAction((x) => ({ ...x, owner: e.currentTarget.value }))}
        />
        <TextInput
          size="xs"
          label="Due (YYYY-MM-DD)"
          value={action.dueOn}
          onChange={(e) => setAction((x) => ({ ...x, dueOn: e.currentTarget.value }))}
        />
        <Button size="xs" variant="light" onClick={() => add.mutate()} disabled={action.text.trim().length < 2}>
          Add
        </Button>
      </Group>
    </Stack>
  );
}
