import { Accordion, Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { QueryView } from '../../lib/ui.tsx';
import { MessageEditor } from './message-modal.tsx';
import { type Contact, clientHref } from './wifi-types.ts';

/** The people whose own devices are the problem, each with a message drafted from their evidence. */
export function ContactsView({ from, to }: { from: string; to: string }) {
  const contacts = useQuery({
    queryKey: ['wifi-contacts', from, to],
    queryFn: () => api<{ contacts: Contact[] }>(`/api/wifi/contacts?from=${from}&to=${to}`),
  });
  return (
    <QueryView query={contacts}>
      {({ contacts: list }) =>
        list.length === 0 ? (
          <Alert color="green" variant="light">
            Nobody to contact: no device had a problem of its own in this window.
          </Alert>
        ) : (
          <Stack>
            <Text size="sm" c="dimmed">
              {list.length} {list.length === 1 ? 'person' : 'people'} to contact. Each message is drafted from their own evidence;
              read it before you send it.
            </Text>
            <Accordion variant="separated">
              {list.map((c) => (
                <Accordion.Item key={c.key} value={c.key}>
                  <Accordion.Control>
                    <Group gap="xs">
                      <Text fw={600}>{c.person?.name ?? c.identity ?? c.macs.join(', ')}</Text>
                      {c.person?.tutorGroup && <Badge variant="light">{c.person.tutorGroup}</Badge>}
                      <Badge color={c.reason === 'weak-signal' ? 'blue' : 'orange'} variant="light">
                        {c.reason === 'weak-signal' ? 'weak signal' : 'connection failures'}
                      </Badge>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Stack gap="xs">
                      <Anchor component={Link} to={clientHref(c.key)} size="sm">
                        See the evidence
                      </Anchor>
                      <MessageEditor to={c.person?.email ?? c.identity} message={c.message} />
                    </Stack>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          </Stack>
        )
      }
    </QueryView>
  );
}
