import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format.ts';

/** A note for the briefing: its words, who wrote it and when, and a link back to what it was about. */
export function NoteText({
  note,
}: {
  note: { text: string; authorName: string; createdAt: string; source: { label: string; url: string } | null };
}) {
  return (
    <Text size="sm">
      {note.text}{' '}
      <Text span size="xs" c="dimmed">
        — {note.authorName}, {formatDateTime(note.createdAt)}
        {note.source && (
          <>
            {' · '}
            <Anchor component={Link} to={note.source.url} size="xs">
              {note.source.label}
            </Anchor>
          </>
        )}
      </Text>
    </Text>
  );
}
