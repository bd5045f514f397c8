import {
  Anchor,
  Badge,
  Button,
  Divider,
  Drawer,
  FileButton,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { formatDate, formatShortDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { CADENCE_WORDS, RAG_COLOURS, type RequirementDetail, STATUS_WORDS, type Status } from './standards-types.ts';

/** A date-only 'YYYY-MM-DD' with its year: review dates can be next year. */
const dayWithYear = (d: string) => formatDate(`${d}T12:00:00Z`);

type Owner = { id: string; name: string };

function useChange(id: string, setError: (e: string | null) => void) {
  const qc = useQueryClient();
  return (fn: () => Promise<unknown>) =>
    fn()
      .then(async () => {
        setError(null);
        await qc.invalidateQueries({ queryKey: ['standards'] });
        await qc.invalidateQueries({ queryKey: ['requirement', id] });
      })
      .catch((err) => setError(errorMessage(err)));
}

function Evidence({
  d,
  editable,
  change,
}: {
  d: RequirementDetail;
  editable: boolean;
  change: (fn: () => Promise<unknown>) => void;
}) {
  const id = d.requirement.id;
  const [label, setLabel] = useState('');
  const [url, setUrl] = useState('');
  const add = () =>
    change(() =>
      api(`/api/standards/requirements/${encodeURIComponent(id)}/evidence`, {
        method: 'POST',
        body: { kind: url.startsWith('/') ? 'record' : 'link', label, url },
      }).then(() => {
        setLabel('');
        setUrl('');
      }),
    );
  const upload = (file: File | null) => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    change(() => api(`/api/standards/requirements/${encodeURIComponent(id)}/evidence/file`, { method: 'POST', form }));
  };
  return (
    <Stack gap={6} data-evidence={id}>
      <Text fw={600} size="sm">
        Evidence
      </Text>
      {d.evidence.length === 0 && (
        <Text size="sm" c="dimmed">
          None yet. {d.requirement.evidenceHint}
        </Text>
      )}
      {d.evidence.map((e) => (
        <Group key={e.id} justify="space-between" wrap="nowrap">
          <div>
            {e.kind === 'file' ? (
              <Anchor href={`/api/standards/evidence/${e.id}/file`} size="sm">
                {e.label}
              </Anchor>
            ) : e.kind === 'record' ? (
              <Anchor component={Link} to={e.url ?? '/'} size="sm">
                {e.label}
              </Anchor>
            ) : (
              <Anchor href={e.url ?? '#'} target="_blank" rel="noreferrer" size="sm">
                {e.label}
              </Anchor>
            )}
            <Text size="xs" c="dimmed">
              {e.kind === 'file' ? 'File' : e.kind === 'record' ? 'In Belfry' : 'Link'} · added by {e.addedBy},{' '}
              {formatDate(e.addedAt)}
              {e.originalRequirementId !== id ? ' · carried from the earlier edition' : ''}
            </Text>
          </div>
          {editable && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              onClick={() => change(() => api(`/api/standards/evidence/${e.id}`, { method: 'DELETE' }))}
            >
              Remove
            </Button>
          )}
        </Group>
      ))}
      {editable && (
        <Stack gap={6}>
          {d.requirement.links.length > 0 && (
            <Group gap={6}>
              <Text size="xs" c="dimmed">
                In Belfry:
              </Text>
              {d.requirement.links.map((l) => (
                <Button
                  key={l.url}
                  size="compact-xs"
                  variant="light"
                  onClick={() =>
                    change(() =>
                      api(`/api/standards/requirements/${encodeURIComponent(id)}/evidence`, {
                        method: 'POST',
                        body: { kind: 'record', ...l },
                      }),
                    )
                  }
                >
                  Add {l.label}
                </Button>
              ))}
            </Group>
          )}
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput
              label="Evidence"
              placeholder="Filter test, 12 November"
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 160 }}
            />
            <TextInput
              label="Link"
              placeholder="https://… or /page in Belfry"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 160 }}
            />
            <Button size="sm" variant="light" onClick={add} disabled={!label || !url}>
              Add evidence
            </Button>
            <FileButton onChange={upload}>
              {(props) => (
                <Button size="sm" variant="default" {...props}>
                  Upload a file
                </Button>
              )}
            </FileButton>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

function Actions({
  d,
  editable,
  owners,
  change,
}: {
  d: RequirementDetail;
  editable: boolean;
  owners: Owner[];
  change: (fn: () => Promise<unknown>) => void;
}) {
  const [text, setText] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const id = d.requirement.id;
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        Actions
      </Text>
      {d.actions.length === 0 && (
        <Text size="sm" c="dimmed">
          None.
        </Text>
      )}
      {d.actions.map((a) => (
        <Group key={a.id} justify="space-between" wrap="nowrap" data-action={a.text}>
          <div>
            <Text size="sm">{a.text}</Text>
            <Text size="xs" c="dimmed">
              {a.ownerName}
              {a.dueOn ? `, due ${formatShortDay(a.dueOn)}` : ''} ·{' '}
              {a.task ? `on ${a.task.ownerName}’s to-do list (${a.task.status})` : a.projectId ? 'a project' : a.status}
            </Text>
          </div>
          {editable && !a.task && !a.projectId && a.status === 'open' && (
            <Group gap={4} wrap="nowrap">
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => change(() => api(`/api/standards/actions/${a.id}/task`, { method: 'POST' }))}
              >
                To-do
              </Button>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => change(() => api(`/api/standards/actions/${a.id}/project`, { method: 'POST' }))}
              >
                Project
              </Button>
            </Group>
          )}
          {a.projectId && (
            <Anchor component={Link} to={`/projects/${a.projectId}`} size="xs">
              Open project
            </Anchor>
          )}
        </Group>
      ))}
      {editable && (
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label="New action"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            style={{ flex: 2, minWidth: 180 }}
          />
          <Select
            label="Owner"
            data={owners.map((o) => ({ value: o.id, label: o.name }))}
            value={ownerId}
            onChange={setOwnerId}
            w={170}
          />
          <DateField label="Due" value={dueOn} onChange={(v: string) => setDueOn(v)} w={150} />
          <Button
            size="sm"
            variant="light"
            disabled={text.trim().length < 3}
            onClick={() =>
              change(() =>
                api(`/api/standards/requirements/${encodeURIComponent(id)}/actions`, {
                  method: 'POST',
                  body: { text, ownerId: ownerId ?? undefined, dueOn: dueOn || null },
                }).then(() => setText('')),
              )
            }
          >
            Add action
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** One requirement: status, owner, review, evidence, actions and history; the Director changes them. */
export function RequirementDrawer({ id, editable, onClose }: { id: string; editable: boolean; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const change = useChange(id, setError);
  const query = useQuery({
    queryKey: ['requirement', id],
    queryFn: () => api<RequirementDetail>(`/api/standards/requirements/${encodeURIComponent(id)}`),
  });
  const owners = useQuery({
    queryKey: ['task-owners'],
    queryFn: () => api<{ owners: Owner[] }>('/api/tasks/owners'),
    enabled: editable,
  });
  const assess = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api(`/api/standards/requirements/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  });
  const patch = (body: Record<string, unknown>) => change(() => assess.mutateAsync(body));
  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title="Requirement" closeButtonProps={{ 'aria-label': 'Close' }}>
      <QueryView query={query}>
        {(d) => (
          <Stack data-requirement={id}>
            <div>
              <Text size="xs" c="dimmed">
                {d.requirement.standardTitle}
                {d.requirement.core ? ' (core)' : ''} · {d.requirement.level === 'must' ? 'must' : 'should'} · review{' '}
                {CADENCE_WORDS[d.requirement.cadence]}
                {d.requirement.statutory ? ' · statutory (KCSIE)' : ''}
              </Text>
              <Text fw={600}>{d.requirement.text}</Text>
              {d.requirement.autoFail && (
                <Text size="sm" c="red">
                  Automatic fail: {d.requirement.autoFail}
                </Text>
              )}
            </div>
            <Group gap="xs">
              <Badge
                variant="light"
                color={d.assessment.status === 'met' ? 'green' : d.assessment.status === 'not_met' ? 'red' : 'gray'}
              >
                {STATUS_WORDS[d.assessment.status]}
              </Badge>
              {d.review && (
                <Badge variant="light" color={RAG_COLOURS[d.review.rag]}>
                  {d.review.overdue
                    ? `Review overdue${d.review.due ? ` since ${dayWithYear(d.review.due)}` : ''}: ${d.review.reason}`
                    : d.review.due
                      ? `Next review by ${dayWithYear(d.review.due)}`
                      : 'No review date'}
                </Badge>
              )}
              <Text size="xs" c="dimmed">
                Owner: {d.assessment.ownerName ?? 'nobody yet'} · last reviewed{' '}
                {d.assessment.lastReviewedOn ? formatShortDay(d.assessment.lastReviewedOn) : 'never'}
              </Text>
            </Group>
            {error && (
              <Text size="sm" c="red" role="alert">
                {error}
              </Text>
            )}
            {editable && !d.requirement.retiredIn && (
              <Group align="flex-end" gap="xs" wrap="wrap">
                <Select
                  label="Status"
                  data={(Object.keys(STATUS_WORDS) as Status[])
                    .filter((s) => s !== 'not_assessed')
                    .map((s) => ({ value: s, label: STATUS_WORDS[s] }))}
                  value={d.assessment.status === 'not_assessed' ? null : d.assessment.status}
                  onChange={(v) => v && patch({ status: v })}
                  w={180}
                />
                <Select
                  label="Owner"
                  data={(owners.data?.owners ?? []).map((o) => ({ value: o.id, label: o.name }))}
                  value={d.assessment.ownerId}
                  onChange={(v) => patch({ ownerId: v })}
                  w={200}
                />
                <Button variant="light" onClick={() => patch({ reviewed: true })}>
                  Reviewed today
                </Button>
              </Group>
            )}
            {editable && (
              <Textarea
                label="Notes"
                defaultValue={d.assessment.notes ?? ''}
                autosize
                minRows={2}
                onBlur={(e) => e.currentTarget.value !== (d.assessment.notes ?? '') && patch({ notes: e.currentTarget.value })}
              />
            )}
            {!editable && d.assessment.notes && <Text size="sm">{d.assessment.notes}</Text>}
            <Divider />
            <Evidence d={d} editable={editable} change={change} />
            <Divider />
            <Actions d={d} editable={editable} owners={owners.data?.owners ?? []} change={change} />
            <Divider />
            <Text fw={600} size="sm">
              History
            </Text>
            <Timeline bulletSize={10} lineWidth={2}>
              {d.history.map((h) => (
                <Timeline.Item key={h.id} title={<Text size="sm">{h.note ?? h.kind}</Text>}>
                  <Text size="xs" c="dimmed">
                    {formatDate(h.at)} · {h.by} · {STATUS_WORDS[h.status]}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Stack>
        )}
      </QueryView>
    </Drawer>
  );
}
