import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Divider,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { CommsPanel } from './comms-panel.tsx';
import type { Catalogue, InstrumentDetail, Item, Question } from './types.ts';

/** The builder: dates, how answers are collected, the questions in order, publishing, links and emails. */

type Draft = Omit<Item, 'position' | 'sourceHeader' | 'id'> & { id?: string; key: string };

const toLocal = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16) : '');
const fromLocal = (v: string) => (v ? new Date(v).toISOString() : null);

export function Builder({ id }: { id: string }) {
  const detail = useQuery({
    queryKey: ['surveys', 'instrument', id],
    queryFn: () => api<InstrumentDetail>(`/api/surveys/instruments/${id}`),
  });
  const catalogue = useQuery({ queryKey: ['surveys', 'catalogue'], queryFn: () => api<Catalogue>('/api/surveys/catalogue') });
  const questions = useQuery({
    queryKey: ['surveys', 'questions'],
    queryFn: () => api<{ questions: Question[] }>('/api/surveys/questions'),
  });
  return (
    <QueryView query={detail}>
      {(d) => <BuilderForm d={d} catalogue={catalogue.data} questions={questions.data?.questions ?? []} />}
    </QueryView>
  );
}

function BuilderForm({ d, catalogue, questions }: { d: InstrumentDetail; catalogue?: Catalogue; questions: Question[] }) {
  const qc = useQueryClient();
  const [opensAt, setOpensAt] = useState(toLocal(d.opensAt));
  const [closesAt, setClosesAt] = useState(toLocal(d.closesAt));
  const [collection, setCollection] = useState<string>(d.collection);
  const [intro, setIntro] = useState(d.intro);
  const [items, setItems] = useState<Draft[]>([]);
  const [links, setLinks] = useState<string[] | null>(null);
  useEffect(() => setItems(d.items.map((i) => ({ ...i, key: i.id }))), [d.items]);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['surveys'] });
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => api(`/api/surveys/instruments/${d.id}`, { method: 'PATCH', body }),
    onSuccess: refresh,
  });
  const saveItems = useMutation({
    mutationFn: () =>
      api(`/api/surveys/instruments/${d.id}/items`, {
        method: 'PUT',
        body: {
          items: items.map(({ key: _k, ...i }) => ({
            id: i.id,
            kind: i.kind,
            wording: i.wording,
            scaleId: i.scaleId,
            options: i.options,
            allowNotUsed: i.allowNotUsed,
            questionId: i.questionId,
            comparability: i.comparability,
          })),
        },
      }),
    onSuccess: refresh,
  });
  const makeLinks = useMutation({
    mutationFn: (count: number) =>
      api<{ links: string[] }>(`/api/surveys/instruments/${d.id}/links`, { method: 'POST', body: { count } }),
    onSuccess: (r) => setLinks(r.links),
  });
  const exclude = useMutation({
    mutationFn: (b: { id: string; excluded: boolean }) =>
      api(`/api/surveys/instruments/${d.id}/bursts/${b.id}`, { method: 'POST', body: { excluded: b.excluded } }),
    onSuccess: refresh,
  });
  const update = (k: string, change: Partial<Draft>) => setItems((xs) => xs.map((x) => (x.key === k ? { ...x, ...change } : x)));
  const move = (i: number, by: number) =>
    setItems((xs) => {
      const next = [...xs];
      const [x] = next.splice(i, 1);
      if (x) next.splice(i + by, 0, x);
      return next;
    });
  const shareLink = d.shareToken ? `${window.location.origin}/s/${d.shareToken}` : null;
  const scales = (catalogue?.scales ?? []).filter((s) => s.id !== 'smiley3').map((s) => ({ value: s.id, label: s.name }));
  const error = patch.error ?? saveItems.error ?? makeLinks.error;
  return (
    <Stack>
      <Title order={2} size="h4">
        {d.title} ({d.state})
      </Title>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      <Group grow>
        <TextInput type="datetime-local" label="Opens" value={opensAt} onChange={(e) => setOpensAt(e.currentTarget.value)} />
        <TextInput type="datetime-local" label="Closes" value={closesAt} onChange={(e) => setClosesAt(e.currentTarget.value)} />
      </Group>
      <Select
        label="How people answer"
        value={collection}
        onChange={(v) => v && setCollection(v)}
        data={[
          { value: 'shared', label: 'One shared link (anyone with it can answer)' },
          { value: 'single_use', label: 'Single-use links (each works once)' },
        ]}
      />
      <Textarea
        label="First page (privacy notice)"
        autosize
        minRows={3}
        value={intro}
        onChange={(e) => setIntro(e.currentTarget.value)}
      />
      {d.audience === 'prep' && (
        <Text size="sm" c="dimmed">
          Years {d.smileyYears.join(' and ')} see the smiley-face scale; older pupils see each question's word scale.
        </Text>
      )}
      <Group>
        <Button
          variant="default"
          loading={patch.isPending}
          onClick={() => patch.mutate({ opensAt: fromLocal(opensAt), closesAt: fromLocal(closesAt), collection, intro })}
        >
          Save details
        </Button>
        {d.state === 'draft' && (
          <Button
            color="green"
            onClick={() =>
              patch.mutate({ opensAt: fromLocal(opensAt), closesAt: fromLocal(closesAt), collection, intro, published: true })
            }
          >
            Publish
          </Button>
        )}
      </Group>
      {shareLink && collection === 'shared' && (
        <Group gap="xs">
          <Text size="sm">Link: {shareLink}</Text>
          <CopyButton value={shareLink}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      {(d.bursts ?? []).map((b) => (
        <Alert key={b.id} color={b.excluded ? 'gray' : 'orange'} title="Many answers from one address">
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              {b.responses} answers came from one network address between {formatDateTime(b.startedAt)} and{' '}
              {formatDateTime(b.lastAt)}
              {b.excluded ? ': left out of the results.' : ': one person may have answered many times.'}
            </Text>
            <Button
              size="xs"
              variant="light"
              loading={exclude.isPending}
              onClick={() => exclude.mutate({ id: b.id, excluded: !b.excluded })}
            >
              {b.excluded ? 'Count them again' : 'Leave them out of the results'}
            </Button>
          </Group>
        </Alert>
      ))}
      {collection === 'single_use' && (
        <Group gap="xs">
          <Text size="sm">
            {d.tokens.issued} single-use links made, {d.tokens.used} used.
          </Text>
          <Button size="xs" variant="light" onClick={() => makeLinks.mutate(d.eligible ?? 100)}>
            Make {d.eligible ?? 100} links
          </Button>
          {links && (
            <Button
              size="xs"
              component="a"
              download={`${d.code}-links.csv`}
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(`link\r\n${links.join('\r\n')}\r\n`)}`}
            >
              Download the {links.length} links (shown once)
            </Button>
          )}
        </Group>
      )}
      <Divider label="Questions" />
      {items.map((it, i) => (
        <Stack key={it.key} gap={6} p="sm" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}>
          <Group gap="xs" wrap="nowrap">
            <Select
              w={150}
              aria-label="Kind"
              value={it.kind}
              onChange={(v) => v && update(it.key, { kind: v as Item['kind'] })}
              data={[
                { value: 'scale', label: 'Scale' },
                { value: 'choice', label: 'One choice' },
                { value: 'multi', label: 'Several choices' },
                { value: 'text', label: 'Free text' },
              ]}
            />
            <TextInput
              style={{ flex: 1 }}
              aria-label="Question"
              value={it.wording}
              onChange={(e) => update(it.key, { wording: e.currentTarget.value })}
            />
            <ActionIcon variant="subtle" aria-label="Move up" disabled={i === 0} onClick={() => move(i, -1)}>
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" aria-label="Move down" disabled={i === items.length - 1} onClick={() => move(i, 1)}>
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Remove"
              onClick={() => setItems((xs) => xs.filter((x) => x.key !== it.key))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
          {it.kind === 'scale' && (
            <Group grow>
              <Select aria-label="Scale" data={scales} value={it.scaleId} onChange={(v) => update(it.key, { scaleId: v })} />
              <Select
                aria-label="Canonical question"
                placeholder="Measures (canonical question)"
                clearable
                data={questions.map((q) => ({ value: q.id, label: `${q.code}: ${q.construct}` }))}
                value={it.questionId}
                onChange={(v) => update(it.key, { questionId: v, comparability: v ? (it.comparability ?? 'identical') : null })}
              />
            </Group>
          )}
          {(it.kind === 'choice' || it.kind === 'multi') && (
            <Textarea
              aria-label="Options, one per line"
              description="Options, one per line"
              autosize
              value={it.options.map((o) => o.label).join('\n')}
              onChange={(e) =>
                update(it.key, {
                  options: e.currentTarget.value
                    .split('\n')
                    .map((label, n) => ({ code: `OPT${n + 1}`, label: label.trim() }))
                    .filter((o) => o.label),
                })
              }
            />
          )}
          {it.kind !== 'text' && (
            <Checkbox
              label={`Offer "I don't use this"`}
              checked={it.allowNotUsed}
              onChange={(e) => update(it.key, { allowNotUsed: e.currentTarget.checked })}
            />
          )}
        </Stack>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() =>
            setItems((xs) => [
              ...xs,
              {
                key: crypto.randomUUID(),
                kind: 'scale',
                wording: '',
                scaleId: d.audience === 'staff' ? 'agree5' : 'often5',
                options: [],
                allowNotUsed: false,
                questionId: null,
                comparability: null,
              },
            ])
          }
        >
          Add a question
        </Button>
        <Button onClick={() => saveItems.mutate()} loading={saveItems.isPending}>
          Save questions
        </Button>
      </Group>
      <Divider label="Emails and dates" />
      <CommsPanel id={d.id} />
    </Stack>
  );
}
