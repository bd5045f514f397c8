import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format.ts';
import { type BriefingSummary, STATUS_COLORS, STATUS_LABELS } from './briefing-types.ts';

/** Every briefing this reader may see, newest week first. */
export function ArchiveTab({ briefings, director }: { briefings: BriefingSummary[]; director: boolean }) {
  if (briefings.length === 0)
    return <Text c="dimmed">{director ? 'No briefings yet.' : 'No briefings have been shared with you yet.'}</Text>;
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table highlightOnHover aria-label="Briefings">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Briefing</Table.Th>
            <Table.Th>Published</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {briefings.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td>
                <Group gap="xs">
                  <Anchor component={Link} to={`/briefings/${b.id}`} size="sm">
                    {b.title}
                  </Anchor>
                  {director && b.status !== 'published' && (
                    <Badge size="xs" variant="light" color={STATUS_COLORS[b.status]}>
                      {STATUS_LABELS[b.status]}
                    </Badge>
                  )}
                  {director && b.sharedWithSlt && (
                    <Badge size="xs" variant="light" color="grape">
                      Shared with SLT
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={b.publishedAt ? undefined : 'dimmed'}>
                  {b.publishedAt ? formatDate(b.publishedAt) : 'Not yet'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
