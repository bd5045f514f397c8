import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { TicketDetail } from './types.ts';

const WHO: Record<string, string> = { agent: 'IT Services', requester: '', collaborator: 'copied in', system: 'Belfry' };

/** The messages, oldest first; internal notes (IT only) stand out in yellow. */
export function Conversation({ detail }: { detail: TicketDetail }) {
  const files = (messageId: string | null) => detail.attachments.filter((a) => a.messageId === messageId);
  const loose = files(null);
  return (
    <Stack gap="sm" role="region" aria-label="Conversation">
      {detail.messages.map((m) => (
        <Paper
          key={m.id}
          withBorder
          p="md"
          bg={
            m.visibility === 'internal'
              ? 'var(--mantine-color-yellow-light)'
              : m.authorKind === 'agent'
                ? 'var(--mantine-color-blue-light)'
                : undefined
          }
        >
          <Group justify="space-between" mb={6}>
            <Group gap={6}>
              <Text fw={600} size="sm">
                {m.authorName}
              </Text>
              {WHO[m.authorKind] && (
                <Text size="xs" c="dimmed">
                  {WHO[m.authorKind]}
                </Text>
              )}
              {m.visibility === 'internal' && (
                <Badge size="xs" color="yellow">
                  Internal note
                </Badge>
              )}
              {m.autoKind !== 'none' && (
                <Badge size="xs" color="gray">
                  automatic
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {formatDateTime(m.at)} · {m.channel}
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {m.body}
          </Text>
          {files(m.id).map((a) => (
            <Anchor key={a.id} href={`/api/helpdesk/attachments/${a.id}`} size="sm" display="block" mt={4}>
              📎 {a.fileName} ({Math.ceil(a.size / 1024)} KB)
            </Anchor>
          ))}
        </Paper>
      ))}
      {loose.length > 0 && (
        <Paper withBorder p="sm">
          {loose.map((a) => (
            <Anchor key={a.id} href={`/api/helpdesk/attachments/${a.id}`} size="sm" display="block">
              📎 {a.fileName} ({Math.ceil(a.size / 1024)} KB)
            </Anchor>
          ))}
        </Paper>
      )}
    </Stack>
  );
}

/** Reply (everyone), or for IT: a public reply or internal note, with a status change and canned responses. */
export function ReplyBox({ detail, canned }: { detail: TicketDetail; canned: { id: string; title: string; body: string }[] }) {
  const qc = useQueryClient();
  const agent = detail.view === 'agent';
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [note, setNote] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['helpdesk'] });
  const send = useMutation({
    mutationFn: (status?: string) =>
      api<{ followUp: string; ticketId: string }>(`/api/helpdesk/tickets/${detail.ticket.id}/replies`, {
        method: 'POST',
        body: { body, visibility, status },
      }),
    onSuccess: (r) => {
      setBody('');
      setNote(
        r.followUp === 'thanks'
          ? 'Thank you: your message has been passed on to the team.'
          : r.followUp === 'new_ticket'
            ? 'This request was closed a while ago, so your message has started a new one.'
            : r.followUp === 'reopened'
              ? 'The request has been reopened.'
              : null,
      );
      void refresh();
    },
  });
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api(`/api/helpdesk/tickets/${detail.ticket.id}/attachments`, { method: 'POST', form });
    },
    onSuccess: () => void refresh(),
  });
  const done = ['resolved', 'closed'].includes(detail.ticket.status);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        {agent && (
          <Group justify="space-between">
            <SegmentedControl
              size="xs"
              value={visibility}
              onChange={(v) => setVisibility(v as 'public')}
              data={[
                { value: 'public', label: 'Reply to requester' },
                { value: 'internal', label: 'Internal note' },
              ]}
              aria-label="Reply or note"
            />
            {canned.length > 0 && (
              <Select
                size="xs"
                placeholder="Insert a canned response"
                aria-label="Canned response"
                data={canned.map((c) => ({ value: c.id, label: c.title }))}
                value={null}
                onChange={(v) => setBody((b) => `${b}${b ? '\n\n' : ''}${canned.find((c) => c.id === v)?.body ?? ''}`)}
                w={240}
              />
            )}
          </Group>
        )}
        <Textarea
          label={agent ? (visibility === 'public' ? 'Reply' : 'Note for the IT team') : done ? 'Add a message' : 'Reply'}
          placeholder={agent ? '' : 'Write to IT Services'}
          autosize
          minRows={3}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        {send.error && <Alert color="red">{errorMessage(send.error)}</Alert>}
        {upload.error && <Alert color="red">{errorMessage(upload.error)}</Alert>}
        {note && <Alert color="green">{note}</Alert>}
        <Group justify="space-between">
          <FileButton onChange={(f) => f && upload.mutate(f)} accept="image/*,application/pdf,text/plain">
            {(props) => (
              <Button {...props} variant="subtle" size="xs" leftSection={<IconPaperclip size={14} />} loading={upload.isPending}>
                Attach a file
              </Button>
            )}
          </FileButton>
          <Group gap="xs">
            {agent && visibility === 'public' && (
              <>
                <Button
                  variant="default"
                  disabled={!body.trim()}
                  loading={send.isPending}
                  onClick={() => send.mutate('waiting_requester')}
                >
                  Send and wait for reply
                </Button>
                <Button
                  variant="default"
                  disabled={!body.trim()}
                  loading={send.isPending}
                  onClick={() => send.mutate('resolved')}
                >
                  Send and resolve
                </Button>
              </>
            )}
            <Button disabled={!body.trim()} loading={send.isPending} onClick={() => send.mutate(undefined)}>
              {agent && visibility === 'internal' ? 'Add note' : 'Send'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
