import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatFullDateTime, formatHoursLeft, plural } from '../../lib/format.ts';

type Data = {
  open: number;
  personalDataUnknown: number;
  deadlines: { id: string; ref: string; title: string | null; deadline: string; hoursLeft: number; overdue: boolean }[];
};

/** Today: open incidents and the ICO's 72-hour deadlines still running, overdue ones in red. */
export function IncidentsCard({ data }: { data: Data }) {
  const overdue = data.deadlines.filter((d) => d.overdue);
  const next = data.deadlines.find((d) => !d.overdue);
  const name = (d: Data['deadlines'][number]) => (d.title ? `${d.ref}: ${d.title}` : d.ref);
  const link = (id: string) => (data.deadlines[0]?.title === null ? '/incidents' : `/incidents?open=${id}`);
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} data-testid="incidents-open">
        {data.open === 0 ? 'No open incidents.' : `${plural(data.open, 'open incident')}`}
      </Text>
      {overdue.map((d) => (
        <Text key={d.id} size="sm" c="red" fw={500} data-testid="incident-overdue">
          ICO decision overdue ({formatHoursLeft(d.hoursLeft)}):{' '}
          <Anchor component={Link} to={link(d.id)} c="red" inherit>
            {name(d)}
          </Anchor>
        </Text>
      ))}
      {next && (
        <Text size="sm" data-testid="incident-next-deadline">
          Next ICO deadline {formatFullDateTime(next.deadline)}, {formatHoursLeft(next.hoursLeft)}:{' '}
          <Anchor component={Link} to={link(next.id)} inherit>
            {name(next)}
          </Anchor>
        </Text>
      )}
      {data.open > 0 && data.deadlines.length === 0 && (
        <Text size="xs" c="dimmed">
          No ICO deadline running.
        </Text>
      )}
      {data.personalDataUnknown > 0 && (
        <Text size="xs" c="dimmed">
          {plural(data.personalDataUnknown, 'incident')} still to say whether personal data is involved.
        </Text>
      )}
      <Anchor component={Link} to="/incidents" size="sm">
        Open the register
      </Anchor>
    </Stack>
  );
}
