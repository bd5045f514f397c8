import { Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format.ts';

/** Today, for staff and pupils: this year's IT survey while it is open. */
export function MySurveyCard({ data }: { data: { survey: { title: string; link: string; closesAt: string | null } | null } }) {
  if (!data.survey)
    return (
      <Text size="sm" c="dimmed">
        There is no IT survey open for you just now.
      </Text>
    );
  return (
    <Stack gap="xs">
      <Text size="sm">
        {data.survey.title} is open{data.survey.closesAt ? ` until ${formatDate(data.survey.closesAt)}` : ''}. It is anonymous and
        takes about ten minutes.
      </Text>
      <Button component={Link} to={data.survey.link} size="md">
        Answer the survey
      </Button>
    </Stack>
  );
}
