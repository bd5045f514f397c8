import { Accordion, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { ImportDialog } from '../../lib/import-dialog.tsx';
import { QueryView } from '../../lib/ui.tsx';

type Place = {
  schoolId: string;
  schoolCode: string;
  buildings: {
    id: string;
    code: string;
    name: string;
    rooms: { id: string; code: string; name: string; floor: string | null }[];
  }[];
};

export function PlacesTab() {
  const [opened, { open, close }] = useDisclosure();
  const places = useQuery({ queryKey: ['places'], queryFn: () => api<{ places: Place[] }>('/api/places') });
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Buildings and rooms, by school: tickets, Wi-Fi access points and incidents refer to these.
        </Text>
        <Button variant="light" leftSection={<IconUpload size={16} />} onClick={open}>
          Import buildings and rooms
        </Button>
      </Group>
      <ImportDialog
        kind="places"
        title="Import buildings and rooms (CSV: school, building, building name, room, room name, floor)"
        opened={opened}
        onClose={close}
        accept=".csv,text/csv"
        invalidates={[['places']]}
      />
      <QueryView query={places}>
        {({ places: list }) => (
          <Accordion variant="separated" multiple>
            {list.flatMap((school) =>
              school.buildings.map((b) => (
                <Accordion.Item key={b.id} value={b.id}>
                  <Accordion.Control>
                    <Group gap="xs">
                      <Text fw={500}>{b.name}</Text>
                      <Badge variant="light" size="sm">
                        {school.schoolCode}
                      </Badge>
                      <Text size="sm" c="dimmed">
                        {b.rooms.length} rooms
                      </Text>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Table fz="sm">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Room</Table.Th>
                          <Table.Th>Name</Table.Th>
                          <Table.Th>Floor</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {b.rooms.map((r) => (
                          <Table.Tr key={r.id}>
                            <Table.Td>{r.code}</Table.Td>
                            <Table.Td>{r.name}</Table.Td>
                            <Table.Td>{r.floor ?? ''}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Accordion.Panel>
                </Accordion.Item>
              )),
            )}
          </Accordion>
        )}
      </QueryView>
    </Stack>
  );
}
