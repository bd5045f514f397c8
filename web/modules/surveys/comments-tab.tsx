import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';

type Access = { canRead: boolean; reviewer: boolean; reviewers: { email: string; name: string | null }[] | null };

const names = (list: { email: string; name: string | null }[]) => {
  const each = list.map((r) => (r.name ? `${r.name} (${r.email})` : r.email));
  return each.length > 1 ? `${each.slice(0, -1).join(', ')} and ${each[each.length - 1]}` : (each[0] ?? '');
};

/** For the Director: who reads pupils' comments first, in words, and where to change it. */
function Reviewers({ list }: { list: { email: string; name: string | null }[] }) {
  const link = (
    <Anchor component={Link} to="/settings/general?q=safeguarding" inherit>
      Settings, General, Surveys: Safeguarding reviewers
    </Anchor>
  );
  if (list.length === 0)
    return (
      <>
        No safeguarding reviewer is named yet, so pupils' comments wait unread and nobody sees them here. Name the designated
        safeguarding lead in {link}. Staff comments are shown below for you to theme.{' '}
      </>
    );
  return (
    <>
      Pupils' comments are read first by the safeguarding {list.length === 1 ? 'reviewer' : 'reviewers'}: {names(list)}. To change
      who reviews, go to {link}. Staff comments are shown below for you to theme.{' '}
    </>
  );
}

type Comment = { id: string; survey: string; question: string; body: string; review: string; theme: string | null };

/** Free text: pupils' comments for the safeguarding reviewer first; staff comments themed by the Director. Never published. */
export function CommentsTab() {
  const list = useQuery({
    queryKey: ['surveys', 'comments'],
    queryFn: () => api<{ reviewer: boolean; comments: Comment[] }>('/api/surveys/comments'),
    retry: false,
  });
  const access = useQuery({
    queryKey: ['surveys', 'comments', 'access'],
    queryFn: () => api<Access>('/api/surveys/comments/access'),
    retry: false,
  });
  return (
    <QueryView query={list}>
      {(d) => (
        <Stack>
          <Alert color="gray" data-testid="comments-who">
            {d.reviewer
              ? "You are a safeguarding reviewer: pupils' comments come to you first. Escalate anything that suggests someone is at risk; clear the rest and give each a theme. "
              : ''}
            {access.data?.reviewers && <Reviewers list={access.data.reviewers} />}
            Comments are never shown in results: only themes with at least 5 mentions.
          </Alert>
          {d.comments.length === 0 && (
            <Text c="dimmed">
              {d.reviewer ? 'No comments are waiting for you.' : 'No staff comments are waiting for a theme.'}
            </Text>
          )}
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
