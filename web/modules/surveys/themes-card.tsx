import { Card, List, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { InstrumentSummary } from './types.ts';

type Themes = { themes: { instrumentId: string; theme: string; count: number | null }[]; pending: Record<string, number> };

/** What people wrote about: themes of reviewed comments with at least 5 mentions; never the comments. */
export function ThemesCard({ instruments }: { instruments: InstrumentSummary[] }) {
  const themes = useQuery({ queryKey: ['surveys', 'themes'], queryFn: () => api<Themes>('/api/surveys/themes') });
  const t = themes.data;
  if (!t) return null;
  const title = (id: string) => instruments.find((i) => i.id === id)?.title ?? '';
  const pending = Object.entries(t.pending).reduce((a, [, n]) => a + n, 0);
  const shown = t.themes.filter((x) => x.count !== null);
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        What people wrote about
      </Title>
      {shown.length === 0 && (
        <Text size="sm" c="dimmed">
          No theme has been mentioned by 5 or more people yet.
        </Text>
      )}
      <List size="sm">
        {shown.map((x) => (
          <List.Item key={`${x.instrumentId}-${x.theme}`}>
            {x.theme}: {x.count} mentions ({title(x.instrumentId)})
          </List.Item>
        ))}
      </List>
      {pending > 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          {pending === 1 ? "1 pupil's comment is" : `${pending} pupils' comments are`} waiting for the safeguarding reviewer.
        </Text>
      )}
    </Card>
  );
}
