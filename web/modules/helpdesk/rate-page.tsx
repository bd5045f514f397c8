import { Alert, Button, Center, Checkbox, Container, Group, Paper, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { Loading } from '../../lib/ui.tsx';

type PublicSurvey = { ticketNumber: number; subject: string; rating: number | null; comment: string | null; consent: boolean };

/**
 * /rate/:token, signed out: the survey email's one-click link. The click's score is saved as the
 * page opens (a mail scanner fetching the link does not run this script, so it rates nothing);
 * a comment can follow. Clicking again changes the rating.
 */
export function RatePage() {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const clicked = Number(params.get('score'));
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [consent, setConsent] = useState(false);
  const [sent, setSent] = useState(false);
  const survey = useQuery({
    queryKey: ['rate', token],
    queryFn: () => api<PublicSurvey>(`/api/helpdesk/rate/${token}`),
    retry: false,
  });
  const save = useMutation({
    mutationFn: (body: { rating: number; comment?: string; consent?: boolean }) =>
      api(`/api/helpdesk/rate/${token}`, { method: 'POST', body }),
  });
  const once = useRef(false);
  useEffect(() => {
    if (!survey.data || once.current) return;
    once.current = true;
    setComment(survey.data.comment ?? '');
    setConsent(survey.data.consent);
    if (clicked >= 1 && clicked <= 5) {
      setRating(clicked);
      save.mutate({ rating: clicked });
    } else setRating(survey.data.rating ?? 0);
  }, [survey.data, clicked, save]);
  return (
    <Container size={560} py="xl">
      <Paper withBorder p="xl" radius="md">
        {survey.isLoading && <Loading />}
        {survey.error && (
          <Alert color="red" title="This link does not work">
            {errorMessage(survey.error)}
          </Alert>
        )}
        {survey.data && (
          <Stack>
            <Title order={1} size="h3">
              How did IT Services do?
            </Title>
            <Text c="dimmed">
              Request #{survey.data.ticketNumber}: {survey.data.subject}
            </Text>
            <Center>
              <Rating
                value={rating}
                onChange={(v) => {
                  setRating(v);
                  save.mutate({ rating: v });
                }}
                size="xl"
                getSymbolLabel={(v) => `${v} out of 5`}
                aria-label="Your rating, 1 to 5 stars"
              />
            </Center>
            {save.isSuccess && !sent && <Alert color="green">Thank you: your rating of {rating} out of 5 is saved.</Alert>}
            {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
            <Textarea
              label="Anything you would like to add? (optional)"
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              autosize
              minRows={3}
            />
            <Checkbox
              label="IT Services may share my comment with the team (without my name)"
              checked={consent}
              onChange={(e) => setConsent(e.currentTarget.checked)}
            />
            <Group>
              <Button
                disabled={!rating}
                loading={save.isPending}
                onClick={() => save.mutate({ rating, comment, consent }, { onSuccess: () => setSent(true) })}
              >
                Send comment
              </Button>
            </Group>
            {sent && <Alert color="green">Thank you. You can close this page.</Alert>}
          </Stack>
        )}
      </Paper>
    </Container>
  );
}
