import { Anchor, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

type CardData = {
  campaigns: {
    id: string;
    name: string;
    state: string;
    total: number;
    accepted: number;
    reported: number;
    humanClicked: number;
  }[];
  reportsWaiting: number;
};

/** Today: simulations in flight, what has come back, and real reports waiting for IT. */
export function PhishingCard({ data }: { data: CardData }) {
  return (
    <Stack gap={8}>
      {data.campaigns.length === 0 && (
        <Text size="sm" c="dimmed">
          No simulation is running.
        </Text>
      )}
      {data.campaigns.map((c) => (
        <div key={c.id}>
          <Anchor component={Link} to={`/phishing/campaigns/${c.id}`} size="sm">
            {c.name}
          </Anchor>
          <Progress value={c.total ? (100 * c.accepted) / c.total : 0} size="sm" my={4} aria-label={`${c.name}: delivered`} />
          <Text size="xs" c="dimmed">
            {c.state === 'scheduled'
              ? `Scheduled for ${c.total} people`
              : `${c.accepted} of ${c.total} delivered · ${c.reported} reported · ${c.humanClicked} clicked`}
          </Text>
        </div>
      ))}
      {data.reportsWaiting > 0 && (
        <Anchor component={Link} to="/phishing/reported" size="sm" c="orange">
          {data.reportsWaiting} reported email{data.reportsWaiting === 1 ? '' : 's'} to review
        </Anchor>
      )}
      <Anchor component={Link} to="/phishing" size="sm">
        Open phishing awareness
      </Anchor>
    </Stack>
  );
}
