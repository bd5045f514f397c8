import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { formatDay, formatShortDay, plural } from '../../lib/format.ts';

export type SchoolToday = {
  schoolId: string | null;
  schoolName: string;
  date: string;
  dayKind: string;
  dayName: string;
  term: { name: string; academicYear: string; startsOn: string; endsOn: string } | null;
  week: number | null;
  weeksInTerm: number | null;
  daysLeft: number | null;
  next: { name: string; startsOn: string } | null;
  upcoming: { date: string; kind: string; name: string }[];
};

const KIND_LABEL: Record<string, string> = {
  half_term: 'Half-term',
  inset: 'INSET',
  bank_holiday: 'Bank holiday',
  closure: 'Closed',
  holiday: 'Holiday',
  term_end: 'End of term',
  weekend: 'Weekend',
};

/** Groups schools whose position in the year is the same, so one line serves both. */
function sameYear(a: SchoolToday, b: SchoolToday) {
  return a.term?.name === b.term?.name && a.week === b.week && a.dayKind === b.dayKind && a.next?.startsOn === b.next?.startsOn;
}

export function TermCard({ data }: { data: { schools: SchoolToday[] } }) {
  const groups: SchoolToday[][] = [];
  for (const s of data.schools) {
    const g = groups.find((x) => x[0] && sameYear(x[0], s));
    if (g) g.push(s);
    else groups.push([s]);
  }
  return (
    <Stack gap="md">
      {groups.map((g) => {
        const s = g[0] as SchoolToday;
        const names = groups.length > 1 ? g.map((x) => x.schoolName).join(' and ') : null;
        return (
          <Stack key={s.schoolId ?? 'all'} gap={6}>
            {names && (
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {names}
              </Text>
            )}
            {s.term ? (
              <>
                <Group justify="space-between" align="baseline">
                  <Text fw={700} size="lg">
                    {s.term.name} term, week {s.week} of {s.weeksInTerm}
                  </Text>
                  {s.dayKind !== 'term' && <Badge variant="light">{KIND_LABEL[s.dayKind] ?? s.dayName}</Badge>}
                </Group>
                <Progress
                  value={((s.week ?? 0) / (s.weeksInTerm || 1)) * 100}
                  size="sm"
                  aria-label={`Week ${s.week} of ${s.weeksInTerm}`}
                />
                <Text size="sm" c="dimmed">
                  {s.daysLeft === 0
                    ? 'Last day of term'
                    : `${plural(s.daysLeft ?? 0, 'day')} to the end of term (${formatDay(s.term.endsOn)})`}
                </Text>
              </>
            ) : (
              <Text fw={700} size="lg">
                {s.dayKind === 'bank_holiday' ? s.dayName : 'School holidays'}
                {s.next && (
                  <Text span c="dimmed" size="sm" fw={400}>
                    {' '}
                    · {s.next.name} term starts {formatDay(s.next.startsOn)}
                  </Text>
                )}
              </Text>
            )}
            {s.upcoming.length > 0 && (
              <Stack gap={2}>
                {s.upcoming.map((u) => (
                  <Group key={`${u.date}-${u.name}`} gap="xs" wrap="nowrap" align="baseline">
                    <Text size="sm" c="dimmed" w={88} style={{ flexShrink: 0 }}>
                      {formatShortDay(u.date)}
                    </Text>
                    <Text size="sm">{u.name}</Text>
                  </Group>
                ))}
              </Stack>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
