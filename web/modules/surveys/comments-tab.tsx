import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';

type Comment = { id: string; survey: string; question: string; body: string; review: string; theme: string | null };

/** Free text: pupils' comments for the safeguarding reviewer first; staff comments themed by the Director. Never published. */
export function CommentsTab() {
  const list = useQuery({
    queryKey: ['surveys', 'comments'],
    queryFn: () => api<{ reviewer: boolean; comments: Comment[] }>('/api/surveys/comments'),
    retry: false,
  });
  return (
    <QueryView query={list}>
      {(d) => (
        <Stack>
          <Alert color="gray">
            {d.reviewer
              ? "You are a safeguarding reviewer: pupils' comments come to you first. Escalate anything that suggests someone is at risk; clear the rest and give each a theme."
              : "Pupils' comments are read first by the safeguarding reviewers named in Settings (surveys.safeguardingReviewers). Staff comments are shown here to be themed."}{' '}
            Comments are never shown in results: only themes with at least 5 mentions.
          </Alert>
          {d.comments.length === 0 && <Text c="dimmed">Nothing waiting.</Text>}
          {d.comments.map((c) => (
            <CommentRow key={c.id} c={c} />
          ))}
        </Stack>
      )}
    </QueryView>
  );
}

function CommentRow({ c }: { c: Comment }) {
  const qc = useQueryClient();
  const [theme, setTheme] = useState(c.theme ?? '');
  const decide = useMutation({
    mutationFn: (decision: 'cleared' | 'escalated' | 'themed') =>
      api(`/api/surveys/comments/${c.id}`, { method: 'POST', body: { decision, theme: theme || null } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['surveys', 'comments'] }),
  });
  const pupil = c.review === 'pending';
  return (
    <Card withBorder padding="sm">
      <Group gap="xs" mb={4}>
        <Badge variant="light">{c.survey}</Badge>
        <Text size="xs" c="dimmed">
          {c.question}
        </Text>
      </Group>
      <Text mb="xs">{c.body}</Text>
      <Group gap="xs">
        <TextInput
          size="xs"
          placeholder="Theme, e.g. Wi-Fi in boarding"
          value={theme}
          onChange={(e) => setTheme(e.currentTarget.value)}
        />
        {pupil ? (
          <>
            <Button size="xs" onClick={() => decide.mutate('cleared')}>
              Clear
            </Button>
            <Button size="xs" color="red" variant="light" onClick={() => decide.mutate('escalated')}>
              Escalate
            </Button>
          </>
        ) : (
          <Button size="xs" disabled={!theme} onClick={() => decide.mutate('themed')}>
            Save theme
          </Button>
        )}
      </Group>
      {decide.error && (
        <Text c="red" size="sm">
          {errorMessage(decide.error)}
        </Text>
      )}
    </Card>
  );
}
