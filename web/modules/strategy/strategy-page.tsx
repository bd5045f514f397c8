import { Badge, Card, Group, Progress, RingProgress, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDay } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';
import { StrategyEditor } from './strategy-editor.tsx';
import { type PublishedStrategy, STATE_COLORS } from './strategy-types.ts';

const monthYear = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));

function Objective({ o }: { o: PublishedStrategy['objectives'][number] }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={`objective-${o.code}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <div>
          <Text size="xs" c="dimmed" fw={700}>
            GOAL {o.code.replace(/^O/, '')}
          </Text>
          <Title order={2} size="h3" id={`objective-${o.code}`}>
            {o.title}
          </Title>
          <Text mt={4}>{o.summary}</Text>
        </div>
        <RingProgress
          size={86}
          thickness={8}
          roundCaps
          sections={[{ value: o.progress ?? 0, color: 'belfry' }]}
          label={
            <Text ta="center" fw={700} size="sm">
              {o.progress ?? 0}%
            </Text>
          }
          aria-label={`${o.progress ?? 0}% of the way there`}
        />
      </Group>
      <Stack gap="md">
        {o.initiatives.map((i) => (
          <div key={i.title}>
            <Text fw={600}>{i.title}</Text>
            {i.summary && (
              <Text size="sm" c="dimmed">
                {i.summary}
              </Text>
            )}
            <Stack gap={6} mt={6}>
              {i.projects.map((p) => (
                <Group key={p.name} justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Text size="sm" fw={500}>
                      {p.name}
                    </Text>
                    {p.summary && (
                      <Text size="sm" c="dimmed">
                        {p.summary}
                      </Text>
                    )}
                    {p.targetOn && p.state !== 'Done' && (
                      <Text size="xs" c="dimmed">
                        Aiming for {monthYear(p.targetOn)}
                      </Text>
                    )}
                  </div>
                  <Stack gap={4} align="flex-end" miw={130}>
                    <Badge color={STATE_COLORS[p.state] ?? 'gray'} variant="light">
                      {p.state}
                    </Badge>
                    {p.progress !== null && p.state !== 'Done' && (
                      <Progress value={p.progress} w={110} size="sm" aria-label={`${p.name}: ${p.progress}%`} />
                    )}
                  </Stack>
                </Group>
              ))}
            </Stack>
          </div>
        ))}
      </Stack>
    </Card>
  );
}

function Published() {
  const query = useQuery({
    queryKey: ['strategy', 'published'],
    queryFn: () => api<PublishedStrategy>('/api/strategy/published'),
  });
  return (
    <QueryView query={query}>
      {(s) => (
        <Stack>
          <Card withBorder padding="xl" bg="var(--mantine-color-belfry-light)">
            <Text size="sm" c="dimmed">
              {s.period}
            </Text>
            <Title order={1} size="h2">
              {s.title}
            </Title>
            <Text size="lg" mt="sm" maw={820}>
              {s.vision}
            </Text>
            <Text size="xs" c="dimmed" mt="sm">
              {s.reviewedOn ? `Agreed by the IT management group on ${formatDay(s.reviewedOn)}.` : ''}{' '}
              {s.nextReviewOn ? `Next reviewed ${monthYear(s.nextReviewOn)}.` : ''} The progress below is live: it moves as the
              work is done.
            </Text>
          </Card>
          {s.objectives.length === 0 && <Text c="dimmed">Nothing published yet.</Text>}
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {s.objectives.map((o) => (
              <Objective key={o.code} o={o} />
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </QueryView>
  );
}

/** The technology strategy in plain words for every member of staff; the Director edits it here too. */
export function StrategyPage() {
  const { data: me } = useMe();
  if (!hasRole(me, ['admin'])) return <Published />;
  return (
    <Tabs defaultValue="published" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="published">As staff see it</Tabs.Tab>
        <Tabs.Tab value="manage">Edit the strategy</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="published">
        <Published />
      </Tabs.Panel>
      <Tabs.Panel value="manage">
        <StrategyEditor />
      </Tabs.Panel>
    </Tabs>
  );
}
