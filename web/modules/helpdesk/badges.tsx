import { Badge, Text, Tooltip } from '@mantine/core';
import { formatDateTime } from '../../lib/format.ts';

export const STATUS_LABEL: Record<string, string> = {
  new: 'New',
  open: 'Open',
  waiting_requester: 'Waiting on you',
  waiting_third_party: 'Waiting on supplier',
  resolved: 'Resolved',
  closed: 'Closed',
  merged: 'Merged',
};
const AGENT_STATUS: Record<string, string> = { ...STATUS_LABEL, waiting_requester: 'Waiting on requester' };
const STATUS_COLOR: Record<string, string> = {
  new: 'blue',
  open: 'cyan',
  waiting_requester: 'yellow',
  waiting_third_party: 'grape',
  resolved: 'green',
  closed: 'gray',
  merged: 'gray',
};

export function StatusBadge({ status, agent = false }: { status: string; agent?: boolean }) {
  return (
    <Badge
      color={STATUS_COLOR[status] ?? 'gray'}
      variant="light"
      styles={{ root: { maxWidth: 'none', flexShrink: 0 }, label: { overflow: 'visible', textOverflow: 'clip' } }}
    >
      {(agent ? AGENT_STATUS : STATUS_LABEL)[status] ?? status}
    </Badge>
  );
}

const PRIORITY_COLOR: Record<string, string> = { p1: 'red', p2: 'orange', p3: 'blue', p4: 'gray' };
export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <Badge color={PRIORITY_COLOR[priority] ?? 'gray'} variant="outline">
      {priority.toUpperCase()}
    </Badge>
  );
}

/** Working minutes as "45 min" or "7.5 h". */
export function formatMinutes(m: number | null | undefined): string {
  if (m === null || m === undefined) return '–';
  if (m < 120) return `${Math.round(m)} min`;
  return `${(m / 60).toFixed(1).replace(/\.0$/, '')} h`;
}

/** Due time, red once passed, with the exact time on hover. */
export function DueText({
  due,
  paused,
  unknown,
  now = Date.now(),
}: {
  due: string | null;
  paused?: boolean;
  /** The calendar has no term dates ahead, so no due date can be worked out yet. */
  unknown?: boolean;
  now?: number;
}) {
  if (unknown && !due && !paused)
    return (
      <Tooltip label="The calendar has no term dates ahead: enter next year's term dates and the due date follows">
        <Text size="sm" c="orange">
          no due date yet
        </Text>
      </Tooltip>
    );
  if (paused)
    return (
      <Text size="sm" c="dimmed">
        paused
      </Text>
    );
  if (!due)
    return (
      <Text size="sm" c="dimmed">
        –
      </Text>
    );
  const ms = new Date(due).getTime() - now;
  const late = ms < 0;
  const abs = Math.abs(ms) / 60000;
  const span = abs < 90 ? `${Math.round(abs)} min` : abs < 2880 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} d`;
  return (
    <Tooltip label={`Due ${formatDateTime(due)}`}>
      <Text size="sm" c={late ? 'red' : ms < 3600000 ? 'orange' : undefined} fw={late ? 600 : undefined}>
        {late ? `${span} late` : `in ${span}`}
      </Text>
    </Tooltip>
  );
}
