import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate, formatTime } from '../../lib/format.ts';

export type ActiveLock = { email: string; ip: string | null; until: string };

/** Today (admins): the accounts an address is locked out of now; an admin lifts a lock in Settings > Users. */
export function LockoutsCard({ data }: { data: { locks: ActiveLock[] } }) {
  if (data.locks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No account is locked out now.
      </Text>
    );
  return (
    <Stack gap={6}>
      {data.locks.map((l) => (
        <div key={`${l.email} ${l.ip ?? ''}`}>
          <Text size="sm" c="orange.8">
            {l.email} is locked out from {l.ip ?? 'an unknown address'}
          </Text>
          <Text size="xs" c="dimmed">
            Until {formatTime(l.until)} on {formatDate(l.until)} after repeated wrong passwords. Other addresses and single
            sign-on still work.
          </Text>
        </div>
      ))}
      <Anchor component={Link} to="/settings/users" size="sm">
        Lift a lock in Users and roles
      </Anchor>
    </Stack>
  );
}
