import { Alert, Badge, Button, Drawer, Group, List, NumberInput, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { ForRoles } from '../../lib/auth.tsx';
import { formatDate, formatShortDay } from '../../lib/format.ts';
import { TrendIcon } from './project-badges.tsx';
import { CATEGORY_LABELS, RATING_COLORS, type Risk } from './project-types.ts';
import { RiskModal } from './risk-modal.tsx';

/** One risk: what it is, its mitigations, its score over time, and a review. */
export function RiskDrawer({ risk, onClose }: { risk: Risk; onClose: () => void }) {
  const qc = useQueryClient();
  const [likelihood, setLikelihood] = useState(risk.likelihood);
  const [impact, setImpact] = useState(risk.impact);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const review = useMutation({
    mutationFn: () => api(`/api/risks/${risk.id}/review`, { method: 'POST', body: { likelihood, impact, note: note || null } }),
    onSuccess: () => {
      setNote('');
      void qc.invalidateQueries({ queryKey: ['projects', 'risks'] });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={`${risk.code} ${risk.title}`}>
      {editing && <RiskModal risk={risk} onClose={() => setEditing(false)} />}
      <Stack>
        <Group>
          <Badge color={RATING_COLORS[risk.rating]} variant="filled">
            {risk.likelihood} × {risk.impact} = {risk.score} ({risk.rating})
          </Badge>
          <TrendIcon trend={risk.trend} />
          <Text size="sm" c="dimmed">
            {CATEGORY_LABELS[risk.category]} · owner {risk.owner.name}
          </Text>
        </Group>
        {risk.description && <Text size="sm">{risk.description}</Text>}
        <div>
          <Text size="sm" fw={600}>
            Mitigations
          </Text>
          {risk.mitigations.length === 0 ? (
            <Text size="sm" c="dimmed">
              None recorded.
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {risk.mitigations.map((m) => (
                <List.Item key={m.text}>
                  {m.text}{' '}
                  <Badge size="xs" variant="light" color={m.inPlace ? 'green' : 'gray'}>
                    {m.inPlace ? 'in place' : 'planned'}
                  </Badge>
                </List.Item>
              ))}
            </List>
          )}
        </div>
        <Text size="sm" c={risk.dueForReview ? 'red' : 'dimmed'}>
          Next review {formatShortDay(risk.reviewOn)} (every {risk.reviewEveryDays} days)
        </Text>
        <ForRoles roles={['admin', 'it']}>
          <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}>
            <Text size="sm" fw={600}>
              Record a review
            </Text>
            {error && <Alert color="red">{error}</Alert>}
            <Group grow>
              <NumberInput
                label="Likelihood (1-5)"
                min={1}
                max={5}
                value={likelihood}
                onChange={(v) => setLikelihood(Number(v) || 1)}
              />
              <NumberInput label="Impact (1-5)" min={1} max={5} value={impact} onChange={(v) => setImpact(Number(v) || 1)} />
            </Group>
            <Textarea label="Note" autosize value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => setEditing(true)}>
                Change the risk
              </Button>
              <Button onClick={() => review.mutate()} loading={review.isPending}>
                Save review
              </Button>
            </Group>
          </Stack>
        </ForRoles>
        <Text size="sm" fw={600}>
          History
        </Text>
        <Timeline bulletSize={14} lineWidth={2} active={risk.history.length}>
          {[...risk.history].reverse().map((h) => (
            <Timeline.Item key={`${h.at}-${h.kind}`} title={`${h.likelihood} × ${h.impact} = ${h.score} · ${h.kind}`}>
              <Text size="xs" c="dimmed">
                {formatDate(h.at)} · {h.by}
              </Text>
              {h.note && <Text size="sm">{h.note}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Drawer>
  );
}
