import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { formatDate, formatTime } from '../../lib/format.ts';
import { ErrorNotice, Loading } from '../../lib/ui.tsx';
import type { VerifiedBackup } from './backups-card.tsx';
import { formatBytes } from './format-bytes.ts';

type StorageUse = {
  dataDir: string;
  database: 'pglite' | 'postgres';
  parts: { key: string; label: string; bytes: number; files: number | null }[];
  totalBytes: number;
  freeBytes: number | null;
  backups: { count: number; lastVerified?: VerifiedBackup; lastFailure?: { at: string; message: string } };
};

const when = (iso: string) => `${formatDate(iso)} at ${formatTime(iso)}`;

/** Settings, Storage: where the data directory's space goes, and the state of the daily backups. */
export function StorageTab() {
  const q = useQuery({ queryKey: ['system-storage'], queryFn: () => api<StorageUse>('/api/system/storage') });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  const s = q.data as StorageUse;
  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Data directory
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {s.dataDir}: {formatBytes(s.totalBytes)} used
          {s.freeBytes !== null && `, ${formatBytes(s.freeBytes)} free on its disk`}
        </Text>
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>What</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th ta="right">Files</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.parts.map((p) => (
                <Table.Tr key={p.key}>
                  <Table.Td>{p.label}</Table.Td>
                  <Table.Td ta="right">{formatBytes(p.bytes)}</Table.Td>
                  <Table.Td ta="right">{p.files === null ? '' : p.files.toLocaleString('en-GB')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Backups
        </Title>
        {s.database === 'postgres' ? (
          <Text size="sm">The database is on a PostgreSQL server: back it up with the server's own tools (pg_dump).</Text>
        ) : (
          <Stack gap={4}>
            <Text size="sm">
              {s.backups.count.toLocaleString('en-GB')} daily {s.backups.count === 1 ? 'backup' : 'backups'} kept (the last 14).
            </Text>
            <Text size="sm">
              {s.backups.lastVerified
                ? `Last verified: ${when(s.backups.lastVerified.at)}, ${formatBytes(s.backups.lastVerified.bytes)}, ${s.backups.lastVerified.rows.toLocaleString('en-GB')} rows in ${s.backups.lastVerified.tables} tables restored and matched.`
                : 'No backup has been verified yet.'}
            </Text>
            {s.backups.lastFailure && (!s.backups.lastVerified || s.backups.lastFailure.at > s.backups.lastVerified.at) && (
              <Text size="sm" c="red">
                The backup of {when(s.backups.lastFailure.at)} failed: {s.backups.lastFailure.message}
              </Text>
            )}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
