import { Badge, Text } from '@mantine/core';
import { formatFullDateTime, formatHoursLeft } from '../../lib/format.ts';

export type Ico = { required: boolean; deadline: string | null; overdue: boolean; hoursLeft: number | null };
export type IncidentRow = {
  id: string;
  ref: string;
  title: string;
  status: string;
  category: string;
  becameAwareAt: string;
  personalData: boolean | null;
  icoDecision: string;
  ico: Ico;
};

/** The ICO clock as a badge: the deadline on the school's clock and the hours left; red once overdue. */
export function IcoDeadline({ ico }: { ico: Ico }) {
  if (!ico.required || !ico.deadline)
    return (
      <Text size="xs" c="dimmed">
        No ICO clock
      </Text>
    );
  if (ico.hoursLeft === null)
    return (
      <Badge color="gray" variant="light" data-testid="ico-deadline">
        ICO decided
      </Badge>
    );
  return (
    <Badge color={ico.overdue ? 'red' : 'orange'} variant={ico.overdue ? 'filled' : 'light'} data-testid="ico-deadline" tt="none">
      {ico.overdue
        ? `ICO ${formatHoursLeft(ico.hoursLeft)}`
        : `ICO by ${formatFullDateTime(ico.deadline)} · ${formatHoursLeft(ico.hoursLeft)}`}
    </Badge>
  );
}
