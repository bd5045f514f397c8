import { Box, Paper, Text, Tooltip } from '@mantine/core';
import { KIND_COLORS, KIND_LABELS } from './kinds.ts';

type Day = { date: string; kind: string; name: string; isWeekend: boolean };

const MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
/** Today on the school's clock, as 'YYYY-MM-DD'. */
const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

function cellColor(d: Day): string | undefined {
  if (d.kind === 'term') return d.isWeekend ? undefined : 'var(--mantine-color-teal-light)';
  if (d.kind === 'holiday') return undefined;
  return `var(--mantine-color-${KIND_COLORS[d.kind] ?? 'gray'}-filled)`;
}

/** Twelve month calendars, Monday first, each day coloured by what kind of day it is. */
export function YearGrid({ days }: { days: Day[] }) {
  const today = todayInLondon();
  const months = new Map<string, Day[]>();
  for (const d of days) {
    const key = d.date.slice(0, 7);
    months.set(key, [...(months.get(key) ?? []), d]);
  }
  return (
    <>
      {[...months.entries()].map(([key, list]) => {
        const first = new Date(`${key}-01T00:00:00Z`).getUTCDay();
        const offset = (first + 6) % 7;
        return (
          <Paper key={key} withBorder p="sm" component="section" aria-label={MONTH.format(new Date(`${key}-01T00:00:00Z`))}>
            <Text fw={600} size="sm" mb={6}>
              {MONTH.format(new Date(`${key}-01T00:00:00Z`))}
            </Text>
            <Box style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
              {WEEKDAYS.map((w) => (
                <Text key={w} size="xs" c="dimmed" ta="center" aria-hidden>
                  {w[0]}
                </Text>
              ))}
              {WEEKDAYS.slice(0, offset).map((w) => (
                <span key={`before-${w}`} />
              ))}
              {list.map((d) => {
                const bg = cellColor(d);
                const isToday = d.date === today;
                const label = `${isToday ? 'Today, ' : ''}${DAY.format(new Date(`${d.date}T00:00:00Z`)).replace(',', '')}: ${d.kind === 'term' ? (d.isWeekend ? 'weekend' : `${d.name} term`) : `${KIND_LABELS[d.kind] ?? d.kind}${d.name && d.kind !== 'holiday' ? `, ${d.name}` : ''}`}`;
                return (
                  <Tooltip key={d.date} label={label} openDelay={300}>
                    <Box
                      role="img"
                      aria-label={label}
                      aria-current={isToday ? 'date' : undefined}
                      ta="center"
                      fz="xs"
                      py={2}
                      fw={isToday ? 700 : undefined}
                      style={{
                        borderRadius: 4,
                        // Today is ringed, whatever kind of day it is.
                        outline: isToday ? '2px solid var(--mantine-color-red-filled)' : undefined,
                        outlineOffset: isToday ? -1 : undefined,
                        background: bg,
                        color: bg && d.kind !== 'term' ? 'white' : d.isWeekend ? 'var(--mantine-color-dimmed)' : undefined,
                      }}
                    >
                      {Number(d.date.slice(8))}
                    </Box>
                  </Tooltip>
                );
              })}
            </Box>
          </Paper>
        );
      })}
    </>
  );
}
