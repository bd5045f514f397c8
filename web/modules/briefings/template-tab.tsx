import {
  ActionIcon,
  Button,
  Grid,
  Group,
  MultiSelect,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { DateField } from '../../lib/date-field.tsx';
import { formatDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { NoticeView, TemplateView } from './briefing-types.ts';

type Row = TemplateView['sections'][number];

const slug = (title: string, taken: Set<string>) => {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^[^a-z]+/, '')
      .slice(0, 30) || 'section';
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}-${i}`;
  return key;
};

function SectionsEditor({ template }: { template: TemplateView }) {
  const qc = useQueryClient();
  const [rows, setRows] = useState<Row[]>(template.sections);
  useEffect(() => setRows(template.sections), [template.sections]);
  const save = useMutation({
    mutationFn: () =>
      api<TemplateView>('/api/briefings/template', {
        method: 'PUT',
        body: { sections: rows.map(({ key, title, feeds, guidance, enabled }) => ({ key, title, feeds, guidance, enabled })) },
      }),
    onSuccess: (t) => {
      qc.setQueryData(['briefings', 'template'], t);
      notifications.show({ color: 'green', message: 'Template saved: the next draft follows it' });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    const [r] = next.splice(i, 1);
    if (r) next.splice(i + by, 0, r);
    setRows(next);
  };
  const usedBy = (feed: string, i: number) => rows.findIndex((r, j) => j !== i && r.feeds.includes(feed));
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        The sections in your order. A section with feeds is drafted from the week’s data; one without is yours to write. A section
        with nothing to say is left out of the briefing.
      </Text>
      {rows.map((r, i) => (
        <Paper key={r.key} withBorder p="sm" data-template-section={r.key}>
          <Grid align="flex-end">
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput label="Section" value={r.title} onChange={(e) => set(i, { title: e.currentTarget.value })} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <MultiSelect
                label="Drafted from"
                placeholder={r.feeds.length ? undefined : 'You write it'}
                data={template.feeds.map((f) => ({
                  value: f.id,
                  label: f.label,
                  disabled: usedBy(f.id, i) >= 0,
                }))}
                value={r.feeds}
                onChange={(feeds) => set(i, { feeds })}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <Switch
                  label="In use"
                  checked={r.enabled}
                  onChange={(e) => set(i, { enabled: e.currentTarget.checked })}
                  mr="xs"
                />
                <ActionIcon variant="default" aria-label={`Move ${r.title} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  <IconArrowUp size={14} />
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  aria-label={`Move ${r.title} down`}
                  disabled={i === rows.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <IconArrowDown size={14} />
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  color="red"
                  aria-label={`Remove ${r.title}`}
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            </Grid.Col>
            <Grid.Col span={12}>
              <TextInput
                size="xs"
                label="Hint shown while writing it"
                value={r.guidance}
                onChange={(e) => set(i, { guidance: e.currentTarget.value })}
              />
            </Grid.Col>
          </Grid>
        </Paper>
      ))}
      <Group justify="space-between">
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() =>
            setRows([
              ...rows,
              {
                key: slug('New section', new Set(rows.map((r) => r.key))),
                title: 'New section',
                feeds: [],
                guidance: '',
                enabled: true,
                position: rows.length,
              },
            ])
          }
        >
          Add a section
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          Save the template
        </Button>
      </Group>
    </Stack>
  );
}

function NoticesEditor() {
  const qc = useQueryClient();
  const notices = useQuery({
    queryKey: ['briefings', 'notices'],
    queryFn: () => api<{ notices: NoticeView[] }>('/api/briefings/notices'),
  });
  const [text, setText] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const onError = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });
  const add = useMutation({
    mutationFn: () => api('/api/briefings/notices', { method: 'POST', body: { text, endsOn: endsOn || null } }),
    onSuccess: async () => {
      setText('');
      setEndsOn('');
      await qc.invalidateQueries({ queryKey: ['briefings', 'notices'] });
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/briefings/notices/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['briefings', 'notices'] }),
    onError,
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        A standing notice is in every briefing until you remove it (or until its last date).
      </Text>
      <QueryView query={notices}>
        {({ notices: list }) => (
          <Stack gap="xs">
            {list.length === 0 && <Text size="sm">No standing notices.</Text>}
            {list.map((n) => (
              <Paper key={n.id} withBorder p="sm">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {n.text}
                </Text>
                <Group justify="space-between" mt={4}>
                  <Text size="xs" c="dimmed">
                    From {formatDay(n.startsOn)}
                    {n.endsOn ? ` until ${formatDay(n.endsOn)}` : ' until removed'}
                  </Text>
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(n.id)}>
                    Remove
                  </Button>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </QueryView>
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Textarea
            label="New standing notice (Markdown)"
            autosize
            minRows={2}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Group align="flex-end">
            <DateField label="Last week it appears (optional)" value={endsOn} onChange={(v: string) => setEndsOn(v)} />
            <Button onClick={() => add.mutate()} disabled={!text.trim()} loading={add.isPending}>
              Add the notice
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

/** The Director's template and standing notices. */
export function TemplateTab() {
  const template = useQuery({ queryKey: ['briefings', 'template'], queryFn: () => api<TemplateView>('/api/briefings/template') });
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Title order={2} size="h4" mb="sm">
          Sections
        </Title>
        <QueryView query={template}>{(t) => <SectionsEditor template={t} />}</QueryView>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Title order={2} size="h4" mb="sm">
          Standing notices
        </Title>
        <NoticesEditor />
      </Grid.Col>
    </Grid>
  );
}
