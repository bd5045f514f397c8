import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate, formatTime } from '../../lib/format.ts';
import { formatBytes } from './format-bytes.ts';

export type VerifiedBackup = { file: string; at: string; tables: number; rows: number; bytes: number; seconds: number };
export type BackupStatus = {
  applies: boolean;
  lastVerified?: VerifiedBackup;
  lastFailure?: { at: string; message: string };
};

const when = (iso: string) => `${formatDate(iso)} at ${formatTime(iso)}`;

/** Today: when the last backup that was proved by restoring it was taken, and any failure since. */
export function BackupsCard({ data }: { data: BackupStatus }) {
  if (!data.applies)
    return (
      <Text size="sm" c="dimmed">
        The database is on a PostgreSQL server: its own backups protect it.
      </Text>
    );
  const failedSince = data.lastFailure && (!data.lastVerified || data.lastFailure.at > data.lastVerified.at);
  return (
    <Stack gap={6}>
      {data.lastVerified ? (
        <Text size="sm">
          Last verified backup: {when(data.lastVerified.at)} ({formatBytes(data.lastVerified.bytes)},{' '}
          {data.lastVerified.tables.toLocaleString('en-GB')} tables checked by restoring it)
        </Text>
      ) : (
        <Text size="sm" c="orange">
          No verified backup yet. The first is taken between 01:00 and 05:00.
        </Text>
      )}
      {failedSince && data.lastFailure && (
        <Text size="sm" c="red">
          The backup of {when(data.lastFailure.at)} failed: {data.lastFailure.message}
        </Text>
      )}
      <Anchor component={Link} to="/settings/storage" size="sm">
        Storage and backups
      </Anchor>
    </Stack>
  );
}
