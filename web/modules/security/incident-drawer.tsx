import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Drawer,
  Group,
  Alert as Notice,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { SchoolDateTimeInput } from '../../lib/date-fields.tsx';
import { formatFullDateTime } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { IcoDeadline, type IncidentRow } from './incident-deadline.tsx';
import { type PersonalData, personalDataChoice, personalDataValue } from './incident-form.tsx';
import { IncidentActions, IncidentIco } from './incident-ico.tsx';
import {
  CATEGORY_OPTIONS,
  categoryLabel,
  DATA_SUBJECT_OPTIONS,
  SEVERITY_OPTIONS,
  STATUS_OPTIONS,
  statusLabel,
} from './labels.ts';

export type FullIncident = IncidentRow & {
  severity: string;
  occurredAt: string | null;
  detectedAt: string | null;
  containedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  personalDataNotes: string | null;
  dataSubjects: string[];
  peopleAffected: number | null;
  icoDecisionAt: string | null;
  icoReference: string | null;
  icoRationale: string | null;
  dpoName: string | null;
  outcome: string | null;
  lessons: string | null;
  rootCause: string | null;
  createdBy: string;
  updatedAt: string;
};
type Full = {
  incident: FullIncident;
  decisions: { id: number; at: string; by: string; decision: string; rationale: string }[];
  actions: { id: string; text: string; owner: string | null; dueOn: string | null; doneAt: string | null }[];
  alerts: { id: string; title: string; rule: { author: string; license: string } | null }[];
};

type Form = {
  title: string;
  status: string;
  category: string;
  severity: string;
  becameAwareAt: string | null;
  occurredAt: string | null;
  detectedAt: string | null;
  containedAt: string | null;
  resolvedAt: string | null;
  personalData: PersonalData;
  personalDataNotes: string;
  dataSubjects: string[];
  peopleAffected: number | string;
  rootCause: string;
  outcome: string;
  lessons: string;
};

const formOf = (i: FullIncident): Form => ({
  title: i.title,
  status: i.status,
  category: i.category,
  severity: i.severity,
  becameAwareAt: i.becameAwareAt,
  occurredAt: i.occurredAt,
  detectedAt: i.detectedAt,
  containedAt: i.containedAt,
  resolvedAt: i.resolvedAt,
  personalData: personalDataChoice(i.personalData),
  personalDataNotes: i.personalDataNotes ?? '',
  dataSubjects: i.dataSubjects,
  peopleAffected: i.peopleAffected ?? '',
  rootCause: i.rootCause ?? '',
  outcome: i.outcome ?? '',
  lessons: i.lessons ?? '',
});

/** What stops this form being saved, field by field (the server checks the same). */
function problems(f: Form, i: FullIncident): Partial<Record<keyof Form, string>> {
  const p: Partial<Record<keyof Form, string>> = {};
  if (f.title.trim().length < 3) p.title = 'At least 3 characters';
  if (!f.becameAwareAt) p.becameAwareAt = 'Give the date and time';
  if (f.status === 'closed' && i.status !== 'closed') {
    if (!f.outcome.trim()) p.outcome = 'Closing needs the outcome';
    if (!f.lessons.trim()) p.lessons = 'Closing needs the lessons learned (write "none" if there were none)';
    if (f.personalData === 'unknown') p.personalData = 'Say whether personal data was involved before closing';
    else if (f.personalData === 'yes' && i.icoDecision === 'pending') p.status = 'Record the ICO decision before closing';
  }
  return p;
}

function IncidentDetails({ f: inc }: { f: FullIncident }) {
  const qc = useQueryClient();
  const [form, setForm] = useState(() => formOf(inc));
  const [tried, setTried] = useState(false);
  // A saved change (or another person's) reloads the form; a refetch of the same version leaves edits alone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the version, not the object
  useEffect(() => setForm(formOf(inc)), [inc.updatedAt]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((x) => ({ ...x, [k]: v }));
  const errors = problems(form, inc);
  const show = (k: keyof Form) => (tried ? errors[k] : undefined);
  const save = useMutation({
    mutationFn: () =>
      api(`/api/incidents/${inc.id}`, {
        method: 'PATCH',
        body: {
          title: form.title,
          status: form.status,
          category: form.category,
          severity: form.severity,
          becameAwareAt: form.becameAwareAt,
          occurredAt: form.occurredAt,
          detectedAt: form.detectedAt,
          containedAt: form.containedAt,
          resolvedAt: form.resolvedAt,
          personalData: personalDataValue(form.personalData),
          personalDataNotes: form.personalDataNotes.trim() || null,
          dataSubjects: form.dataSubjects,
          peopleAffected: form.peopleAffected === '' ? null : Number(form.peopleAffected),
          rootCause: form.rootCause.trim() || null,
          outcome: form.outcome.trim() || null,
          lessons: form.lessons.trim() || null,
        },
      }),
    onSuccess: () => {
      setTried(false);
      for (const key of [['incident', inc.id], ['incidents'], ['incident-summary'], ['today']])
        void qc.invalidateQueries({ queryKey: key });
    },
  });
  const closing = form.status === 'closed' && inc.status !== 'closed';
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.keys(errors).length === 0) save.mutate();
      }}
    >
      <Stack gap="sm">
        <Title order={4} size="h5">
          Details
        </Title>
        <TextInput
          label="Title"
          required
          value={form.title}
          error={show('title')}
          onChange={(e) => set('title', e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Select
            label="Status"
            data={STATUS_OPTIONS}
            value={form.status}
            error={show('status')}
            onChange={(v) => set('status', v ?? form.status)}
            allowDeselect={false}
          />
          <Select
            label="Category"
            data={CATEGORY_OPTIONS}
            value={form.category}
            onChange={(v) => set('category', v ?? form.category)}
            allowDeselect={false}
          />
          <Select
            label="Severity"
            data={SEVERITY_OPTIONS}
            value={form.severity}
            onChange={(v) => set('severity', v ?? form.severity)}
            allowDeselect={false}
          />
        </SimpleGrid>
        <SchoolDateTimeInput
          label="Became aware"
          required
          size="xs"
          value={form.becameAwareAt}
          error={show('becameAwareAt')}
          onChange={(v) => set('becameAwareAt', v)}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
          <SchoolDateTimeInput label="Happened" size="xs" value={form.occurredAt} onChange={(v) => set('occurredAt', v)} />
          <SchoolDateTimeInput label="Detected" size="xs" value={form.detectedAt} onChange={(v) => set('detectedAt', v)} />
          <SchoolDateTimeInput label="Contained" size="xs" value={form.containedAt} onChange={(v) => set('containedAt', v)} />
          <SchoolDateTimeInput label="Resolved" size="xs" value={form.resolvedAt} onChange={(v) => set('resolvedAt', v)} />
        </SimpleGrid>
        <Radio.Group
          label="Is personal data involved?"
          value={form.personalData}
          error={show('personalData')}
          onChange={(v) => set('personalData', v as PersonalData)}
        >
          <Group gap="lg" mt={4}>
            <Radio value="yes" label="Yes" />
            <Radio value="no" label="No" />
            <Radio value="unknown" label="Not yet known" />
          </Group>
        </Radio.Group>
        {form.personalData !== 'no' && (
          <>
            <Checkbox.Group label="Whose data" value={form.dataSubjects} onChange={(v) => set('dataSubjects', v)}>
              <Group gap="md" mt={4}>
                {DATA_SUBJECT_OPTIONS.map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Checkbox.Group>
            <Group grow align="flex-start">
              <NumberInput
                label="People affected"
                min={0}
                allowDecimal={false}
                value={form.peopleAffected}
                onChange={(v) => set('peopleAffected', v)}
              />
            </Group>
            <Textarea
              label="About the personal data"
              description="What data, how much, and how sensitive (no names here)."
              autosize
              minRows={2}
              value={form.personalDataNotes}
              onChange={(e) => set('personalDataNotes', e.currentTarget.value)}
            />
          </>
        )}
        <Textarea
          label="Root cause"
          autosize
          minRows={2}
          value={form.rootCause}
          onChange={(e) => set('rootCause', e.currentTarget.value)}
        />
        <Textarea
          label="Outcome"
          required={closing}
          autosize
          minRows={2}
          value={form.outcome}
          error={show('outcome')}
          onChange={(e) => set('outcome', e.currentTarget.value)}
        />
        <Textarea
          label="Lessons learned"
          required={closing}
          autosize
          minRows={2}
          value={form.lessons}
          error={show('lessons')}
          onChange={(e) => set('lessons', e.currentTarget.value)}
        />
        {save.error && <Notice color="red">{errorMessage(save.error)}</Notice>}
        <Group>
          <Button type="submit" size="xs" loading={save.isPending}>
            {closing ? 'Close the incident' : 'Save the details'}
          </Button>
          {save.isSuccess && !tried && (
            <Text size="xs" c="dimmed" aria-live="polite">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function DecisionLog({ id, decisions }: { id: string; decisions: Full['decisions'] }) {
  const qc = useQueryClient();
  const [decision, setDecision] = useState('');
  const [rationale, setRationale] = useState('');
  const add = useMutation({
    mutationFn: () => api(`/api/incidents/${id}/decisions`, { method: 'POST', body: { decision, rationale } }),
    onSuccess: () => {
      setDecision('');
      setRationale('');
      void qc.invalidateQueries({ queryKey: ['incident', id] });
    },
  });
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        Decision log
      </Title>
      <Text size="xs" c="dimmed">
        Entries cannot be changed or removed.
      </Text>
      {decisions.map((d) => (
        <Text key={d.id} size="sm">
          <Text span size="xs" c="dimmed">
            {formatFullDateTime(d.at)} · {d.by}
          </Text>
          <br />
          {d.decision}
          {d.rationale ? ` (${d.rationale})` : ''}
        </Text>
      ))}
      <TextInput size="xs" label="Decision" value={decision} onChange={(e) => setDecision(e.currentTarget.value)} />
      <Textarea size="xs" label="Why" autosize value={rationale} onChange={(e) => setRationale(e.currentTarget.value)} />
      <Group>
        <Button size="xs" variant="light" onClick={() => add.mutate()} disabled={decision.trim().length < 2}>
          Add to the log
        </Button>
      </Group>
      {add.error && <Notice color="red">{errorMessage(add.error)}</Notice>}
    </Stack>
  );
}

export function IncidentDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const q = useQuery({ queryKey: ['incident', id], queryFn: () => api<Full>(`/api/incidents/${id}`), enabled: !!id });
  return (
    <Drawer opened={!!id} onClose={onClose} position="right" size="xl" title="Incident">
      <QueryView query={q}>
        {(f) => (
          <Stack>
            <Text fw={600}>
              {f.incident.ref}: {f.incident.title}
            </Text>
            <Group gap="xs">
              <Badge data-testid="incident-status">{statusLabel(f.incident.status)}</Badge>
              <Badge variant="light">{categoryLabel(f.incident.category)}</Badge>
              <IcoDeadline ico={f.incident.ico} />
            </Group>
            <Text size="sm">
              Became aware {formatFullDateTime(f.incident.becameAwareAt)}; personal data{' '}
              {f.incident.personalData === null ? 'not yet known' : f.incident.personalData ? 'involved' : 'not involved'}
              {f.incident.closedAt ? `; closed ${formatFullDateTime(f.incident.closedAt)}` : ''}. Opened by {f.incident.createdBy}
              .
            </Text>
            {f.alerts.map((a) => (
              <Text key={a.id} size="xs" c="dimmed">
                From the alert: {a.title}
                {a.rule ? ` (Sigma rule by ${a.rule.author}, ${a.rule.license})` : ''}
              </Text>
            ))}
            <Divider />
            <IncidentIco id={f.incident.id} incident={f.incident} />
            <Divider />
            <IncidentActions id={f.incident.id} actions={f.actions} />
            <Divider />
            <IncidentDetails f={f.incident} />
            <Divider />
            <DecisionLog id={f.incident.id} decisions={f.decisions} />
          </Stack>
        )}
      </QueryView>
    </Drawer>
  );
}
