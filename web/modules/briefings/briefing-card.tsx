import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime, formatDay } from '../../lib/format.ts';
import type { ThisWeek } from './briefing-types.ts';

/** Today: this week's draft for the Director; the latest briefing for the team. */
export function BriefingCard({ data }: { data: ThisWeek & { forDirector: boolean } }) {
  const b = data.briefing;
  return (
    <Stack gap="xs">
      {data.forDirector &&
        (b ? (
          <div>
            <Anchor component={Link} to={`/briefings/${b.id}`} size="sm" fw={600}>
              {b.status === 'draft' ? 'This week’s draft is ready' : 'This week’s briefing'}
            </Anchor>
            <Text size="xs" c="dimmed">
              {b.status === 'draft'
                ? `Drafted ${formatDateTime(b.draftedAt)}: add your thoughts and publish`
                : b.publishedAt
                  ? `Published ${formatDateTime(b.publishedAt)}`
                  : ''}
            </Text>
          </div>
        ) : (
          <Text size="sm">
            {data.draftDay
              ? `This week’s draft will be ready on ${formatDay(data.draftDay)}.`
              : 'No school days this week: no briefing to draft.'}
          </Text>
        ))}
      {data.latest && data.latest.id !== b?.id ? (
        <div>
          <Text size="xs" c="dimmed">
            Latest briefing
          </Text>
          <Anchor component={Link} to={`/briefings/${data.latest.id}`} size="sm">
            {data.latest.title}
          </Anchor>
        </div>
      ) : (
        !data.forDirector && (
          <Text size="sm" c="dimmed">
            No briefing published yet.
          </Text>
        )
      )}
      <Anchor component={Link} to="/briefings" size="sm">
        All briefings and useful info
      </Anchor>
    </Stack>
  );
}
