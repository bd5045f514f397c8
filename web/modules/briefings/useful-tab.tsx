import { Anchor, Badge, Button, Chip, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPin, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { UsefulView } from './briefing-types.ts';
import { UsefulModal } from './useful-modal.tsx';

type UsefulList = { items: UsefulView[]; tags: { tag: string; n: number }[] };

/** The team's repository: pinned items first, filtered by a tag. */
export function UsefulTab() {
  const [tag, setTag] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const list = useQuery({
    queryKey: ['briefings', 'useful', tag],
    queryFn: () => api<UsefulList>(`/api/briefings/useful${tag ? `?${new URLSearchParams({ tag })}` : ''}`),
  });
  return (
    <QueryView query={list}>
      {({ items, tags }) => (
        <Stack>
          <Group justify="space-between" align="flex-start">
            <Chip.Group multiple={false} value={tag ?? ''} onChange={(v) => setTag(v || null)}>
              <Group gap={6}>
                {tags.map((t) => (
                  <Chip key={t.tag} value={t.tag} size="xs" variant="outline">
                    {t.tag} ({t.n})
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add useful info
            </Button>
          </Group>
          {items.length === 0 && <Text c="dimmed">Nothing here yet.</Text>}
          {items.map((u) => (
            <Paper key={u.id} withBorder p="sm" data-useful={u.title}>
              <Group gap="xs">
                {u.pinned && <IconPin size={14} aria-label="Pinned" />}
                <Anchor component={Link} to={`/briefings/useful/${u.id}`} fw={600}>
                  {u.title}
                </Anchor>
                {u.tags.map((t) => (
                  <Badge key={t} size="xs" variant="light" color="teal">
                    {t}
                  </Badge>
                ))}
              </Group>
              <Text size="xs" c="dimmed" mt={2}>
                Updated {formatDate(u.updatedAt)} by {u.updatedBy}
              </Text>
            </Paper>
          ))}
          {adding && <UsefulModal item={null} tags={tags.map((t) => t.tag)} onClose={() => setAdding(false)} />}
        </Stack>
      )}
    </QueryView>
  );
}
