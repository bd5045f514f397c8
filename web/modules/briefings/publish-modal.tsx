import { Alert, Anchor, Button, Checkbox, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { plural } from '../../lib/format.ts';
import { MAIL_SETUP_PATH } from '../../lib/mail.tsx';
import { QueryView } from '../../lib/ui.tsx';
import type { BriefingView, Recipients, SendResult } from './briefing-types.ts';

/** Publishing: who it goes to, whether to email it, and for a correction what it changes. */
export function PublishModal({ briefing, onClose }: { briefing: BriefingView; onClose: () => void }) {
  const qc = useQueryClient();
  const recipients = useQuery({
    queryKey: ['briefings', 'recipients'],
    queryFn: () => api<Recipients>('/api/briefings/recipients'),
  });
  const correcting = briefing.status === 'correcting';
  const [email, setEmail] = useState(true);
  const [note, setNote] = useState('');
  const publish = useMutation({
    mutationFn: () =>
      api<SendResult & { revision: number }>(`/api/briefings/${briefing.id}/publish`, {
        method: 'POST',
        body: { email: email && !!recipients.data?.mailConfigured, ...(correcting ? { note } : {}) },
      }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ['briefings'] });
      await qc.invalidateQueries({ queryKey: ['today'] });
      if (r.mailError) notifications.show({ color: 'orange', title: 'Published, but not emailed', message: r.mailError });
      else
        notifications.show({
          color: 'green',
          message: r.sentTo.length
            ? `Published and emailed to ${plural(r.sentTo.length, 'person', 'people')}`
            : 'Published in Belfry',
        });
      onClose();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Modal opened onClose={onClose} title={correcting ? 'Publish the correction' : 'Publish the briefing'} size="lg">
      <QueryView query={recipients}>
        {(r) => (
          <Stack>
            <Text size="sm">
              {correcting
                ? 'The correction becomes the next revision. The one published before is kept as it was, and readers see the new one.'
                : 'Once published it cannot be changed: a correction becomes a new revision, and the first one is kept.'}
            </Text>
            {correcting && (
              <TextInput
                label="What the correction changes"
                placeholder="e.g. The room was S14, not S12"
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                maxLength={500}
                required
                data-autofocus
              />
            )}
            {r.mailConfigured ? (
              <>
                <Checkbox
                  label={`Email it to the team (${plural(r.team.length, 'address', 'addresses')}) as HTML and plain text`}
                  checked={email}
                  onChange={(e) => setEmail(e.currentTarget.checked)}
                />
                {email && (
                  <List size="sm" spacing={2}>
                    {r.team.map((a) => (
                      <List.Item key={a}>{a}</List.Item>
                    ))}
                  </List>
                )}
                {email && briefing.sharedWithSlt && (
                  <Text size="sm" c="dimmed">
                    It is shared with SLT, so they are emailed too ({plural(r.slt.length, 'address', 'addresses')}).
                  </Text>
                )}
              </>
            ) : (
              <Alert color="gray" variant="light" title="Mail is not set up">
                It will be published in Belfry for the team to read, but cannot be emailed until mail is set up.{' '}
                <Anchor component={Link} to={MAIL_SETUP_PATH} inherit>
                  How to set up mail
                </Anchor>
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button onClick={() => publish.mutate()} loading={publish.isPending} disabled={correcting && !note.trim()}>
                {correcting ? 'Publish the correction' : email && r.mailConfigured ? 'Publish and email' : 'Publish'}
              </Button>
            </Group>
          </Stack>
        )}
      </QueryView>
    </Modal>
  );
}
