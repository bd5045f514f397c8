import { Anchor, Badge, Group, Mark, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { SearchResult } from './briefing-types.ts';

/** Search results: pinned useful info first, then the best matches, each with the words found marked. */
export function SearchResults({ q, tag }: { q: string; tag?: string | null }) {
  const params = new URLSearchParams({ q, ...(tag ? { tag } : {}) });
  const results = useQuery({
    queryKey: ['briefings', 'search', params.toString()],
    queryFn: () => api<{ results: SearchResult[] }>(`/api/briefings/search?${params}`),
  });
  return (
    <QueryView query={results}>
      {({ results: list }) =>
        list.length === 0 ? (
          <Text c="dimmed">Nothing found for “{q}”. Try fewer or other words; “a phrase”, or, and -word work too.</Text>
        ) : (
          <Stack gap="sm" aria-label="Search results" role="list">
            {list.map((r) => (
              <Paper key={`${r.kind}-${r.id}`} withBorder p="sm" role="listitem" data-result={r.title}>
                <Group gap="xs" mb={4}>
                  <Badge size="sm" variant="light" color={r.kind === 'useful' ? 'teal' : 'blue'}>
                    {r.kind === 'useful' ? 'Useful info' : 'Briefing'}
                  </Badge>
                  {r.pinned && (
                    <Badge size="sm" variant="filled" color="teal">
                      Pinned
                    </Badge>
                  )}
                  <Anchor component={Link} to={r.url} fw={600}>
                    {r.title}
                  </Anchor>
                </Group>
                <Text size="sm">
                  {r.snippet.map((s, i) =>
                    s.hit ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the runs of one snippet never move
                      <Mark key={i}>{s.text}</Mark>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the runs of one snippet never move
                      <span key={i}>{s.text}</span>
                    ),
                  )}
                </Text>
                <Text size="xs" c="dimmed" mt={4}>
                  {r.kind === 'useful' ? `Updated ${formatDate(r.at)}` : `Published ${formatDate(r.at)}`}
                  {r.tags.length ? ` · ${r.tags.join(', ')}` : ''}
                </Text>
              </Paper>
            ))}
          </Stack>
        )
      }
    </QueryView>
  );
}
