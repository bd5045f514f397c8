import { Alert, Badge, Button, Grid, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import type { SectionView } from './briefing-types.ts';
import { MarkdownView } from './markdown.tsx';

/**
 * One section of the draft: what will be published, rendered; Edit opens the Markdown beside a
 * live preview; Regenerate drafts this section again from its feeds (the others are untouched).
 */
export function SectionCard({ briefingId, section }: { briefingId: string; section: SectionView }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ['briefings', briefingId] });
  const onError = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(err) });
  const save = useMutation({
    mutationFn: (markdown: string) => api(`/api/briefings/sections/${section.id}`, { method: 'PATCH', body: { markdown } }),
    onSuccess: async () => {
      await refresh();
      setEditing(null);
    },
    onError,
  });
  const regenerate = useMutation({
    mutationFn: () => api(`/api/briefings/sections/${section.id}/regenerate`, { method: 'POST' }),
    onSuccess: async () => {
      await refresh();
      setConfirm(false);
      notifications.show({ color: 'green', message: `${section.title}: drafted again from this week's data` });
    },
    onError,
  });
  const drafted = section.feeds.length > 0;
  const empty = !section.markdown.trim();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`section-${section.key}`} data-section={section.key}>
      <Group justify="space-between" align="flex-start" mb="xs" gap="xs">
        <div style={{ flex: '1 1 220px' }}>
          <Title order={2} size="h4" id={`section-${section.key}`}>
            {section.title}
          </Title>
          <Group gap={6} mt={2}>
            {drafted && (
              <Text size="xs" c="dimmed">
                Drafted from {section.feeds.map((f) => f.from).join(' and ')}
              </Text>
            )}
            {section.edited && (
              <Badge size="xs" variant="light" color="blue">
                Your words: kept when the week is drafted again
              </Badge>
            )}
          </Group>
        </div>
        {editing === null && (
          <Group gap="xs" wrap="nowrap">
            {drafted && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconRefresh size={14} />}
                loading={regenerate.isPending}
                onClick={() => (section.edited ? setConfirm(true) : regenerate.mutate())}
                aria-label={`Regenerate ${section.title}`}
              >
                Regenerate
              </Button>
            )}
            <Button
              size="xs"
              leftSection={<IconPencil size={14} />}
              onClick={() => setEditing(section.markdown)}
              aria-label={`Edit ${section.title}`}
            >
              Edit
            </Button>
          </Group>
        )}
      </Group>
      {section.problems.map((p) => (
        <Alert key={p.feed} color="orange" variant="light" mb="xs" title={`Could not draft from ${p.feed}`}>
          {p.message}
        </Alert>
      ))}
      {editing !== null ? (
        <Stack gap="xs">
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Textarea
                label={`${section.title} (Markdown)`}
                description={section.guidance || '**bold**, *italic*, - a list, [words](/a/link)'}
                autosize
                minRows={6}
                maxRows={30}
                value={editing}
                onChange={(e) => setEditing(e.currentTarget.value)}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                data-autofocus
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Text size="sm" fw={500} mb={4}>
                Preview
              </Text>
              <Paper withBorder p="sm" bg="var(--mantine-color-body)" mih={120}>
                {editing.trim() ? (
                  <MarkdownView source={editing} label={`Preview of ${section.title}`} />
                ) : (
                  <Text size="sm" c="dimmed">
                    Empty: this section will be left out.
                  </Text>
                )}
              </Paper>
            </Grid.Col>
          </Grid>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button onClick={() => save.mutate(editing)} loading={save.isPending}>
              Save {section.title}
            </Button>
          </Group>
        </Stack>
      ) : empty ? (
        <Text size="sm" c="dimmed">
          {drafted ? 'Nothing to say this week, so it is left out.' : section.guidance || 'Empty, so it is left out.'}
        </Text>
      ) : (
        <MarkdownView source={section.markdown} label={section.title} />
      )}
      {confirm && (
        <Modal opened onClose={() => setConfirm(false)} title={`Regenerate ${section.title}?`}>
          <Stack>
            <Text size="sm">
              You changed this section. Drafting it again replaces your words in it with a fresh draft from this week’s data.
              Every other section stays as it is.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirm(false)}>
                Keep my words
              </Button>
              <Button color="orange" loading={regenerate.isPending} onClick={() => regenerate.mutate()}>
                Regenerate
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Paper>
  );
}
