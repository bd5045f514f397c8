import { Card, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import type { Rate } from './types.ts';

/** A rate as people read it: "30%" with its 95% interval, never a bare fraction. */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);
export const rateWords = (r: Rate | null | undefined) =>
  !r || r.rate === null ? 'no one to count' : `${pct(r.rate)} (95% CI ${Math.round((r.low ?? 0) * 100)}–${pct(r.high)})`;

export function minutesWords(m: number | null | undefined): string {
  if (m === null || m === undefined) return 'no report yet';
  if (m < 1) return 'under a minute';
  if (m < 90) return `${Math.round(m)} min`;
  return `${(m / 60).toFixed(1).replace('.0', '')} hours`;
}

/** One headline figure: the rate, k of n, and a bar with its interval. */
export function RateFigure({ label, rate, help }: { label: string; rate: Rate; help?: string }) {
  return (
    <Card withBorder padding="md" aria-label={`${label}: ${rateWords(rate)}`}>
      <Stack gap={4}>
        <Tooltip label={help} disabled={!help} multiline w={260}>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
        </Tooltip>
        <Text size="xl" fw={700}>
          {pct(rate.rate)}
        </Text>
        <Text size="xs" c="dimmed">
          {rate.k} of {rate.n} · 95% CI {rate.rate === null ? '–' : `${Math.round((rate.low ?? 0) * 100)}–${pct(rate.high)}`}
        </Text>
        <IntervalBar rate={rate} />
      </Stack>
    </Card>
  );
}

/** A bar from 0 to 100% with the interval shaded and the rate marked. */
export function IntervalBar({ rate }: { rate: Rate }) {
  if (rate.rate === null) return null;
  const lo = (rate.low ?? 0) * 100;
  const hi = (rate.high ?? 0) * 100;
  return (
    <Progress.Root size="sm" aria-hidden>
      <Progress.Section value={lo} color="transparent" />
      <Progress.Section value={Math.max(1, hi - lo)} color="blue.2" />
    </Progress.Root>
  );
}

export function StatLine({ label, value }: { label: string; value: string }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm">{label}</Text>
      <Text size="sm" fw={600} ta="right">
        {value}
      </Text>
    </Group>
  );
}
