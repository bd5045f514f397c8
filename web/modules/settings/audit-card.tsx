import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatAgo } from '../../lib/format.ts';

export type AuditEvent = {
  id: number;
  at: string;
  actor: string;
  action: string;
  summary: string;
  ip: string | null;
  targetType: string | null;
  details: Record<string, unknown> | null;
};

export function AuditCard({ data }: { data: { events: AuditEvent[] } }) {
  return (
    <Stack gap={6}>
      {data.events.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing recorded yet.
        </Text>
      )}
      {data.events.map((e) => (
        <div key={e.id}>
          <Text size="sm" lineClamp={1}>
            {e.summary}
          </Text>
          <Text size="xs" c="dimmed">
            {e.actor} · {formatAgo(e.at)}
          </Text>
        </div>
      ))}
      <Anchor component={Link} to="/settings/audit" size="sm">
        Open the audit log
      </Anchor>
    </Stack>
  );
}
