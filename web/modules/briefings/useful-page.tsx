import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPencil, IconPin, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { hasRole, useMe } from '../../lib/auth.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { NoAccess, QueryView } from '../../lib/ui.tsx';
import type { UsefulView } from './briefing-types.ts';
import { HtmlView } from './markdown.tsx';
import { UsefulModal } from './useful-modal.tsx';

/** /briefings/useful/:id: one how-to, contact or procedure. */
export function UsefulPage() {
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const allowed = hasRole(me, ['admin', 'it']);
  const item = useQuery({
    queryKey: ['briefings', 'useful', 'item', id],
    queryFn: () => api<UsefulView>(`/api/briefings/useful/${id}`),
    enabled: allowed,
  });
  const [editing, setEditing] = useState(false);
  const remove = useMutation({
    mutationFn: () => api(`/api/briefings/useful/${id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['briefings'] });
      notifications.show({ color: 'green', message: 'Removed from useful info' });
      navigate('/briefings?tab=useful');
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  if (me && !allowed) return <NoAccess />;
  return (
    <QueryView query={item}>
      {(u) => (
        <Stack>
          <Anchor component={Link} to="/briefings?tab=useful" size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} /> Useful info
            </Group>
          </Anchor>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={1} size="h2">
                {u.title}
              </Title>
              <Group gap="xs" mt={4}>
                {u.pinned && (
                  <Badge leftSection={<IconPin size={12} />} color="teal">
                    Pinned
                  </Badge>
                )}
                {u.tags.map((t) => (
                  <Badge key={t} variant="light" color="teal">
                    {t}
                  </Badge>
                ))}
                <Text size="sm" c="dimmed">
                  Updated {formatDateTime(u.updatedAt)} by {u.updatedBy}
                </Text>
              </Group>
            </div>
            <Group gap="xs">
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Change
              </Button>
              <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => remove.mutate()}>
                Remove
              </Button>
            </Group>
          </Group>
          <Paper withBorder p="lg">
            {u.body.trim() ? <HtmlView html={u.html} label={u.title} /> : <Text c="dimmed">No details yet.</Text>}
          </Paper>
          {editing && (
            <UsefulModal
              item={u}
              tags={u.tags}
              onClose={() => setEditing(false)}
              onSaved={(saved) => qc.setQueryData(['briefings', 'useful', 'item', id], saved)}
            />
          )}
        </Stack>
      )}
    </QueryView>
  );
}
