import { Badge, Button, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { formatDay } from '../../lib/format.ts';

type Message = {
  id: string;
  kind: string;
  dueOn: string;
  recipients: string[];
  subject: string;
  body: string;
  sentAt: string | null;
};
type Comms = { plan: { kind: string; label: string; dueOn: string; email: boolean }[]; messages: Message[] };

/** The dated plan worked out in school days, and the drafted emails, editable until they are sent. */
export function CommsPanel({ id }: { id: string }) {
  const qc = useQueryClient();
  const comms = useQuery({
    queryKey: ['surveys', 'comms', id],
    queryFn: () => api<Comms>(`/api/surveys/instruments/${id}/comms`),
  });
  const draft = useMutation({
    mutationFn: () => api<Comms>(`/api/surveys/instruments/${id}/comms`, { method: 'POST' }),
    onSuccess: (c) => qc.setQueryData(['surveys', 'comms', id], c),
  });
  const c = comms.data;
  return (
    <Stack>
      <Button variant="default" onClick={() => draft.mutate()} loading={draft.isPending}>
        Draft the emails from the templates (and re-date them)
      </Button>
      {c && c.plan.length > 0 && (
        <Table fz="sm">
          <Table.Tbody>
            {c.plan.map((p) => (
              <Table.Tr key={p.kind}>
                <Table.Td>{formatDay(p.dueOn)}</Table.Td>
                <Table.Td>{p.label}</Table.Td>
                <Table.Td>
                  {c.messages.find((m) => m.kind === p.kind)?.sentAt ? (
                    <Badge color="green">sent</Badge>
                  ) : p.email ? (
                    <Badge variant="light">email</Badge>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {c?.messages.map((m) => (
        <MessageEditor key={m.id} m={m} />
      ))}
      {c && c.plan.length === 0 && (
        <Text size="sm" c="dimmed">
          Set the opening and closing dates first.
        </Text>
      )}
    </Stack>
  );
}

function MessageEditor({ m }: { m: Message }) {
  const [subject, setSubject] = useState(m.subject);
  const [body, setBody] = useState(m.body);
  const [to, setTo] = useState(m.recipients.join(', '));
  const save = useMutation({
    mutationFn: () =>
      api(`/api/surveys/messages/${m.id}`, {
        method: 'PUT',
        body: {
          subject,
          body,
          recipients: to
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        },
      }),
  });
  return (
    <Stack gap={4} p="sm" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}>
      <Text size="sm" fw={600}>
        {m.kind} · {formatDay(m.dueOn)} {m.sentAt ? '(sent)' : ''}
      </Text>
      <TextInput size="xs" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} disabled={!!m.sentAt} />
      <TextInput
        size="xs"
        label="Subject"
        value={subject}
        onChange={(e) => setSubject(e.currentTarget.value)}
        disabled={!!m.sentAt}
      />
      <Textarea
        size="xs"
        label="Message"
        autosize
        minRows={4}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        disabled={!!m.sentAt}
      />
      {!m.sentAt && (
        <Button size="xs" variant="light" onClick={() => save.mutate()} loading={save.isPending}>
          {save.isSuccess ? 'Saved' : 'Save draft'}
        </Button>
      )}
    </Stack>
  );
}
