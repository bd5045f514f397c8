import { Button, CopyButton, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';
import type { Message, PersonRef } from './wifi-types.ts';

type Detail = { person: PersonRef | null; identity: string | null; message: Message };

/** The drafted message for one person, editable, to copy or open in the mail program. */
export function MessageEditor({ to, message }: { to: string | null; message: Message }) {
  const [subject, setSubject] = useState(message.subject);
  const [body, setBody] = useState(message.body);
  useEffect(() => {
    setSubject(message.subject);
    setBody(message.body);
  }, [message]);
  const mailto = `mailto:${to ?? ''}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return (
    <Stack gap="xs">
      <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
      <Textarea label="Message" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={8} maxRows={18} />
      <Group justify="flex-end">
        <CopyButton value={`${subject}\n\n${body}`}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
        <Button component="a" href={mailto}>
          Open in e-mail
        </Button>
      </Group>
    </Stack>
  );
}

export function MessageModal({
  clientKey,
  from,
  to,
  onClose,
}: {
  clientKey: string | null;
  from: string;
  to: string;
  onClose: () => void;
}) {
  const detail = useQuery({
    queryKey: ['wifi-client', clientKey, from, to],
    queryFn: () => api<Detail>(`/api/wifi/clients/${encodeURIComponent(clientKey ?? '')}?from=${from}&to=${to}`),
    enabled: !!clientKey,
  });
  return (
    <Modal opened={!!clientKey} onClose={onClose} title="Message to send" size="lg">
      <QueryView query={detail}>
        {(d) => (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              To{' '}
              {d.person
                ? `${d.person.name}${d.person.tutorGroup ? ` (${d.person.tutorGroup})` : ''}`
                : (d.identity ?? 'an unknown person')}
              , drafted from their own evidence: read it and change it before you send it.
            </Text>
            <MessageEditor to={d.person?.email ?? d.identity} message={d.message} />
          </Stack>
        )}
      </QueryView>
    </Modal>
  );
}
