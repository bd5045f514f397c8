import { Alert, Card, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from './lib/api.ts';
import { useMe } from './lib/auth.tsx';
import { QueryView } from './lib/ui.tsx';
import { TODAY_CARDS } from './today-cards.tsx';

type CardResult = { id: string; title: string; data?: unknown; error?: string };

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

const todayLabel = () =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date());

/** The Director's first page: every module's card the user may see, in one place. */
export function TodayPage() {
  const { data: me } = useMe();
  const today = useQuery({
    queryKey: ['today'],
    queryFn: () => api<{ cards: CardResult[] }>('/api/today'),
    refetchInterval: 120_000,
  });
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(new Date()),
  );
  return (
    <>
      <Title order={1} size="h2">
        {greeting(hour)}, {me?.name.split(' ')[0]}
      </Title>
      <Text c="dimmed" mb="lg">
        {todayLabel()}
      </Text>
      <QueryView query={today}>
        {({ cards }) => (
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
            {cards.map((card) => {
              const Component = TODAY_CARDS[card.id];
              if (!Component) return null;
              return (
                <Card
                  key={card.id}
                  withBorder
                  padding="md"
                  radius="md"
                  component="section"
                  aria-labelledby={`card-${card.id}`}
                  data-card={card.id}
                >
                  <Title order={2} size="h5" mb="sm" id={`card-${card.id}`}>
                    {card.title}
                  </Title>
                  {card.error ? (
                    <Alert color="red" variant="light">
                      {card.error}
                    </Alert>
                  ) : (
                    <Component data={card.data} />
                  )}
                </Card>
              );
            })}
          </SimpleGrid>
        )}
      </QueryView>
    </>
  );
}
