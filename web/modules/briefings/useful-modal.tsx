import { Button, Grid, Group, Modal, Paper, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import type { UsefulView } from './briefing-types.ts';
import { MarkdownView } from './markdown.tsx';

/** Add or change a useful-info item: title, Markdown with a live preview, tags, pinned. */
export function UsefulModal({
  item,
  tags,
  onClose,
  onSaved,
}: {
  item: UsefulView | null;
  tags: string[];
  onClose: () => void;
  onSaved?: (u: UsefulView) => void;
}) {
  const qc = useQueryClient();
  const [form, setForm] = useState({
    title: item?.title ?? '',
    body: item?.body ?? '',
    tags: item?.tags ?? [],
    pinned: item?.pinned ?? false,
  });
  const save = useMutation({
    mutationFn: () =>
      api<UsefulView>(item ? `/api/briefings/useful/${item.id}` : '/api/briefings/useful', {
        method: item ? 'PATCH' : 'POST',
        body: form,
      }),
    onSuccess: async (u) => {
      await qc.invalidateQueries({ queryKey: ['briefings'] });
      notifications.show({ color: 'green', message: item ? 'Saved' : 'Added to useful info' });
      onSaved?.(u);
      onClose();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Modal opened onClose={onClose} title={item ? 'Change useful info' : 'Add useful info'} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <TextInput
            label="Title"
            placeholder="e.g. Printer supplier: Copyworld"
            value={form.title}
            onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
            required
            maxLength={200}
            data-autofocus
          />
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Textarea
                label="What to know (Markdown)"
                description="How-to steps, numbers, contacts, where things are"
                autosize
                minRows={8}
                maxRows={24}
                value={form.body}
                onChange={(e) => setForm({ ...form, body: e.currentTarget.value })}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Text size="sm" fw={500} mb={4}>
                Preview
              </Text>
              <Paper withBorder p="sm" mih={160}>
                <MarkdownView source={form.body} label="Preview" />
              </Paper>
            </Grid.Col>
          </Grid>
          <TagsInput
            label="Tags"
            description="Press Enter after each"
            data={tags}
            value={form.tags}
            onChange={(v) => setForm({ ...form, tags: v.map((t) => t.trim().toLowerCase()).filter(Boolean) })}
            maxTags={12}
          />
          <Switch
            label="Pinned: comes first in search and in the list"
            checked={form.pinned}
            onChange={(e) => setForm({ ...form, pinned: e.currentTarget.checked })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {item ? 'Save' : 'Add'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
