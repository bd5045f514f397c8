import { Anchor, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format.ts';

type OpenSurvey = {
  code: string;
  title: string;
  state: string;
  responses: number;
  eligible: number | null;
  closesAt: string | null;
};

/** Today: the surveys open now, with responses so far. */
export function SurveysCard({ data }: { data: { surveys: OpenSurvey[] } }) {
  return (
    <Stack gap={8}>
      {data.surveys.length === 0 && (
        <Text size="sm" c="dimmed">
          No survey is open.
        </Text>
      )}
      {data.surveys.map((s) => (
        <div key={s.code}>
          <Text size="sm">{s.title}</Text>
          <Progress
            value={s.eligible ? (100 * s.responses) / s.eligible : 0}
            size="sm"
            my={4}
            aria-label={`${s.title}: responses`}
          />
          <Text size="xs" c="dimmed">
            {s.responses} of {s.eligible ?? '?'} answered{s.closesAt ? ` · closes ${formatDate(s.closesAt)}` : ''}
          </Text>
        </div>
      ))}
      <Anchor component={Link} to="/surveys" size="sm">
        Open the survey results
      </Anchor>
    </Stack>
  );
}
