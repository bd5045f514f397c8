import { Alert, Button, Checkbox, Group, Paper, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';

/** On the portal: rate a resolved request (the same record as the survey email's one-click link). */
export function RateBox({ ticketId, survey }: { ticketId: string; survey: { rating: number | null; comment: string | null } }) {
  const qc = useQueryClient();
  const [rating, setRating] = useState(survey.rating ?? 0);
  const [comment, setComment] = useState(survey.comment ?? '');
  const [consent, setConsent] = useState(false);
  const save = useMutation({
    mutationFn: () => api(`/api/helpdesk/tickets/${ticketId}/rating`, { method: 'POST', body: { rating, comment, consent } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['helpdesk'] }),
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          How did we do?
        </Title>
        <Group>
          <Rating
            value={rating}
            onChange={setRating}
            size="xl"
            getSymbolLabel={(v) => `${v} out of 5`}
            aria-label="Your rating, 1 to 5 stars"
          />
          <Text size="sm" c="dimmed">
            {rating ? `${rating} out of 5` : 'Choose 1 to 5 stars'}
          </Text>
        </Group>
        <Textarea
          label="Anything to add? (optional)"
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Checkbox
          label="IT Services may share my comment with the team (without my name)"
          checked={consent}
          onChange={(e) => setConsent(e.currentTarget.checked)}
        />
        {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
        {save.isSuccess && <Alert color="green">Thank you for rating this request.</Alert>}
        <Group>
          <Button disabled={!rating} loading={save.isPending} onClick={() => save.mutate()}>
            {survey.rating ? 'Change my rating' : 'Send my rating'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
