import { ActionIcon, Button, Checkbox, Group, Modal, Stack, Textarea, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconNotes } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'react-router';
import { api, errorMessage } from './api.ts';
import { hasRole, useMe } from './auth.tsx';

/**
 * "Note for the briefing", from anywhere: a button on a ticket, an alert, a project or a meeting
 * (one line in that page, with what it is about), and the quick add (`n`, or the header button)
 * that can link the page you are on. The note lands in this week's draft, or the next one.
 */

export type NoteSource = { module: string; kind: string; id: string; label: string; url: string };

function NoteModal({ source, onClose }: { source?: NoteSource; onClose: () => void }) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [linkIt, setLinkIt] = useState(!!source);
  const save = useMutation({
    mutationFn: () =>
      api<{ landedIn: 'draft' | 'next' }>('/api/briefings/notes', {
        method: 'POST',
        body: { text, source: linkIt ? source : null },
      }),
    onSuccess: (r) => {
      notifications.show({
        color: 'green',
        message: r.landedIn === 'draft' ? 'Added to this week’s draft briefing' : 'Kept for the next briefing',
      });
      void qc.invalidateQueries({ queryKey: ['briefings'] });
      onClose();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Modal opened onClose={onClose} title="Note for the briefing" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Textarea
            label="Note"
            description="It lands in the coming briefing's draft for the Director to use. Markdown works."
            autosize
            minRows={3}
            maxRows={10}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-autofocus
            required
          />
          {source && (
            <Checkbox
              label={`Link it to ${source.label}`}
              checked={linkIt}
              onChange={(e) => setLinkIt(e.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!text.trim()}>
              Add the note
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** On a record's page: "Note for the briefing", linked back to it. Shown to the Director and IT only. */
export function BriefingNoteButton({ source }: { source: NoteSource }) {
  const { data: me } = useMe();
  const [open, setOpen] = useState(false);
  if (!hasRole(me, ['admin', 'it'])) return null;
  return (
    <>
      <Button variant="default" leftSection={<IconNotes size={16} />} onClick={() => setOpen(true)}>
        Note for the briefing
      </Button>
      {open && <NoteModal source={source} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The page being looked at, as a note's link: its path and its heading. */
function currentPage(path: string, search: string): NoteSource | undefined {
  if (path === '/today' || path.startsWith('/briefings')) return undefined;
  const heading = document.querySelector('main h1')?.textContent?.trim();
  if (!heading) return undefined;
  const [, module = 'page', kind = 'page'] = path.split('/');
  return {
    module: /^[a-z][a-z0-9-]*$/.test(module) ? module : 'page',
    kind: /^[a-z][a-z0-9-]*$/.test(kind) ? kind : 'page',
    id: `${path}${search}`.slice(0, 200),
    label: heading.slice(0, 200),
    url: `${path}${search}`.slice(0, 500),
  };
}

/** The quick add: `n` anywhere (not while typing), or the header button; offers to link the page you are on. */
export function QuickAddBriefingNote() {
  const { data: me } = useMe();
  const location = useLocation();
  const [open, setOpen] = useState<{ source?: NoteSource } | null>(null);
  const allowed = hasRole(me, ['admin', 'it']);
  const start = () => allowed && setOpen({ source: currentPage(location.pathname, location.search) });
  useHotkeys([['n', start]]);
  if (!allowed) return null;
  return (
    <>
      <Tooltip label="Quick note for the briefing (n)">
        <ActionIcon variant="subtle" color="gray" size="lg" onClick={start} aria-label="Quick note for the briefing">
          <IconNotes size={18} />
        </ActionIcon>
      </Tooltip>
      {open && <NoteModal source={open.source} onClose={() => setOpen(null)} />}
    </>
  );
}
