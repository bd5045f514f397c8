import {
  Alert,
  Badge,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { DueText, formatMinutes } from './badges.tsx';
import type { Options, TicketDetail } from './types.ts';

const STATE_COLOR: Record<string, string> = { met: 'green', breached: 'red', pending: 'blue' };

/** The SLA, computed from the ticket's history on the school calendar (the same figure the metrics use). */
export function SlaPanel({ detail }: { detail: TicketDetail }) {
  const s = detail.sla;
  if (!s) return null;
  const row = (label: string, state: string, used: number, target: number, due: string | null) => (
    <Group justify="space-between" wrap="nowrap">
      <Stack gap={0}>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="xs" c="dimmed">
          {formatMinutes(used)} of {formatMinutes(target)} working time
        </Text>
      </Stack>
      <Stack gap={2} align="flex-end">
        <Badge color={STATE_COLOR[state]} variant="light">
          {state}
        </Badge>
        {state === 'pending' && <DueText due={due} paused={s.paused} unknown={s.dueUnknown} />}
      </Stack>
    </Group>
  );
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        Service level
      </Title>
      <Stack gap="sm">
        {row('First response', s.responseState, s.responseMinutes, s.responseTarget, s.responseDueAt)}
        {row('Resolution', s.resolutionState, s.resolutionMinutes, s.resolutionTarget, s.resolutionDueAt)}
        {s.paused && (
          <Text size="xs" c="dimmed">
            The clock is paused while the ticket waits on the requester.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Status, priority, category, who and where, restriction, merge: each change is one event in the history. */
export function AgentPanel({ detail, options }: { detail: TicketDetail; options: Options }) {
  const t = detail.ticket;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [into, setInto] = useState<number | string>('');
  const [asset, setAsset] = useState(t.asset ?? '');
  const [named, setNamed] = useState<string[]>([]);
  const change = useMutation({
    mutationFn: (patch: Record<string, unknown>) => api(`/api/helpdesk/tickets/${t.id}`, { method: 'PATCH', body: patch }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['helpdesk'] }),
  });
  const merge = useMutation({
    mutationFn: (addRequester?: boolean) =>
      api<{ intoId: string }>(`/api/helpdesk/tickets/${t.id}/merge`, {
        method: 'POST',
        body: { into: Number(into), ...(addRequester === undefined ? {} : { addRequester }) },
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['helpdesk'] });
      navigate(`/helpdesk/tickets/${r.intoId}`);
    },
  });
  const school = options.places.find((p) => p.schoolId === t.schoolId);
  const building = school?.buildings.find((b) => b.id === t.buildingId);
  const disabled = t.status === 'merged' || change.isPending;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        Ticket
      </Title>
      <Stack gap="xs">
        <Select
          label="Status"
          data={options.statuses.filter((s) => s.value !== 'merged')}
          value={t.status}
          disabled={disabled}
          onChange={(v) => v && change.mutate({ status: v })}
        />
        <Select
          label="Priority"
          data={options.priorities}
          value={t.priority}
          disabled={disabled}
          onChange={(v) => v && change.mutate({ priority: v })}
        />
        <Select
          label="Category"
          data={options.categories}
          value={t.category}
          disabled={disabled}
          onChange={(v) => v && change.mutate({ category: v })}
          searchable
        />
        <Select
          label="Assignee"
          data={options.agents.map((a) => ({ value: a.id, label: a.name }))}
          value={t.assigneeId}
          disabled={disabled}
          onChange={(v) => change.mutate({ assigneeId: v })}
          clearable
          placeholder="Nobody"
        />
        <Select
          label="Team"
          data={options.teams}
          value={t.team}
          disabled={disabled}
          onChange={(v) => change.mutate({ team: v })}
          clearable
        />
        <Select
          label="School"
          data={options.places.map((p) => ({ value: p.schoolId, label: p.schoolName }))}
          value={t.schoolId}
          disabled={disabled}
          onChange={(v) => change.mutate({ schoolId: v, buildingId: null, roomId: null })}
          clearable
        />
        <Select
          label="Building"
          data={(school?.buildings ?? []).map((b) => ({ value: b.id, label: b.name }))}
          value={t.buildingId}
          disabled={disabled || !school}
          onChange={(v) => change.mutate({ schoolId: t.schoolId, buildingId: v, roomId: null })}
          clearable
          searchable
        />
        <Select
          label="Room"
          data={(building?.rooms ?? []).map((r) => ({ value: r.id, label: r.code }))}
          value={t.roomId}
          disabled={disabled || !building}
          onChange={(v) => change.mutate({ schoolId: t.schoolId, buildingId: t.buildingId, roomId: v })}
          clearable
          searchable
        />
        <TextInput
          label="Device (serial or asset tag)"
          value={asset}
          disabled={disabled}
          onChange={(e) => setAsset(e.currentTarget.value)}
          onBlur={() => asset !== (t.asset ?? '') && change.mutate({ asset: asset || null })}
        />
        <TagsInput label="Tags" value={t.tags} disabled={disabled} onChange={(tags) => change.mutate({ tags })} />
        <Switch
          label="Restricted (safeguarding)"
          description="Only the Director and the people named below can open it; every opening is logged."
          checked={t.restricted}
          disabled={disabled}
          onChange={(e) => change.mutate({ restricted: e.currentTarget.checked, restrictedTo: named })}
          mt="xs"
        />
        {t.restricted && (
          <MultiSelect
            label="Named people"
            data={options.namable.map((p) => ({ value: p.id, label: `${p.name} (${p.role})` }))}
            value={named}
            onChange={setNamed}
            onBlur={() => change.mutate({ restrictedTo: named })}
            searchable
          />
        )}
        {change.error && <Alert color="red">{errorMessage(change.error)}</Alert>}
        <Group align="flex-end" gap="xs" mt="sm">
          <NumberInput label="Merge into ticket #" value={into} onChange={setInto} min={1} w={160} disabled={disabled} />
          <Button
            variant="default"
            disabled={!into || disabled}
            loading={merge.isPending}
            onClick={() => merge.mutate(undefined)}
          >
            Merge
          </Button>
        </Group>
        {merge.error instanceof ApiError && merge.error.status === 409 ? (
          <Alert color="orange" title="Merging would let someone new read that ticket">
            <Stack gap="xs">
              <Text size="sm">{merge.error.message}</Text>
              <Group gap="xs">
                <Button size="xs" variant="default" onClick={() => merge.mutate(false)}>
                  Merge without adding them
                </Button>
                <Button size="xs" variant="light" color="orange" onClick={() => merge.mutate(true)}>
                  Add them and merge
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          merge.error && <Alert color="red">{errorMessage(merge.error)}</Alert>
        )}
      </Stack>
    </Paper>
  );
}

const EVENT_TEXT: Record<string, (d: Record<string, unknown>) => string> = {
  created: () => 'raised the ticket',
  status: (d) => `status ${String(d.from ?? '')} → ${String(d.to)}`,
  agent_reply: (d) => `replied${d.channel === 'email' ? ' by email' : ''}`,
  requester_reply: () => 'requester replied',
  note: () => 'added an internal note',
  auto_ack: () => 'acknowledgement sent',
  automatic_message: (d) => `automatic mail stored (${String(d.autoKind)})`,
  assigned: (d) => `assigned to ${String(d.toName ?? 'nobody')}`,
  priority: (d) => `priority ${String(d.from).toUpperCase()} → ${String(d.to).toUpperCase()}`,
  category: (d) => `category ${String(d.from)} → ${String(d.to)}`,
  location: (d) => `location → ${String(d.to ?? 'none')}`,
  restricted: (d) => (d.restricted ? 'restricted the ticket' : 'lifted the restriction'),
  merged: (d) => `merged into #${String(d.intoNumber)}`,
  survey_sent: () => 'satisfaction survey sent',
  survey_answered: (d) => `rated ${String(d.rating)}/5`,
  sla_warning: (d) => `warned: ${String(d.target)} due`,
  kudos: () => 'requester said thank you',
  delivery_failed: (d) => `mail to ${String((d.recipients as string[] | undefined)?.join(', '))} bounced`,
  collaborator_added: (d) => `${String(d.email)} joined by email`,
  changed: (d) => `${String(d.field)} changed`,
};

export function HistoryPanel({ detail }: { detail: TicketDetail }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        History
      </Title>
      <Timeline bulletSize={10} lineWidth={2}>
        {detail.events.map((e) => (
          <Timeline.Item key={`${e.at}-${e.kind}-${JSON.stringify(e.data)}`}>
            <Text size="sm">
              {e.actor}: {(EVENT_TEXT[e.kind] ?? (() => e.kind))(e.data)}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(e.at)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Paper>
  );
}
