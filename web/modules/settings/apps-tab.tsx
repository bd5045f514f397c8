import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { ROLE_LABELS, type Role } from '../../lib/auth.tsx';
import { QueryView } from '../../lib/ui.tsx';
import { APP_ICONS, type AppLink } from './app-icons.tsx';

const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ value: r, label: ROLE_LABELS[r] }));

function AddAppModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('https://');
  const [icon, setIcon] = useState<string | null>('link');
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => api<AppLink>('/api/apps', { method: 'POST', body: { name, url, icon: icon ?? 'link', roles } }),
    onSuccess: (app) => {
      notifications.show({ color: 'green', message: `Added ${app.name}` });
      void qc.invalidateQueries({ queryKey: ['apps-all'] });
      void qc.invalidateQueries({ queryKey: ['today'] });
      setName('');
      setUrl('https://');
      setRoles([]);
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    add.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Add an app link">
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <TextInput label="Address" required value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
          <Select label="Icon" data={Object.keys(APP_ICONS)} value={icon} onChange={setIcon} allowDeselect={false} />
          <MultiSelect
            label="Shown to"
            description="Leave empty to show it to everyone"
            data={ROLE_OPTIONS}
            value={roles}
            onChange={setRoles}
            clearable
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Add app
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function AppsTab() {
  const qc = useQueryClient();
  const [opened, { open, close }] = useDisclosure();
  const apps = useQuery({ queryKey: ['apps-all'], queryFn: () => api<{ apps: AppLink[] }>('/api/apps/all') });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['apps-all'] });
    void qc.invalidateQueries({ queryKey: ['today'] });
  };
  const move = useMutation({
    mutationFn: async ({ list, from, to }: { list: AppLink[]; from: number; to: number }) => {
      const order = [...list];
      const [moved] = order.splice(from, 1);
      if (moved) order.splice(to, 0, moved);
      // Positions are rewritten as 0..n-1, so gaps left by removed links close up too.
      for (const [i, app] of order.entries()) {
        if (app.position !== i) await api(`/api/apps/${app.id}`, { method: 'PATCH', body: { position: i } });
      }
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (app: AppLink) => api(`/api/apps/${app.id}`, { method: 'DELETE' }),
    onSuccess: refresh,
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text c="dimmed" size="sm">
          The web apps the team opens every day, shown on Today.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={open}>
          Add app
        </Button>
      </Group>
      <AddAppModal opened={opened} onClose={close} />
      <QueryView query={apps}>
        {({ apps: list }) => (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Address</Table.Th>
                    <Table.Th>Shown to</Table.Th>
                    <Table.Th w={120}>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((app, i) => (
                    <Table.Tr key={app.id}>
                      <Table.Td>{app.name}</Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed" truncate maw={280}>
                          {app.url}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {app.roles.length === 0 ? (
                          <Badge variant="light" color="gray">
                            Everyone
                          </Badge>
                        ) : (
                          app.roles.map((r) => (
                            <Badge key={r} variant="light" mr={4}>
                              {r}
                            </Badge>
                          ))
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Move ${app.name} up`}
                            disabled={i === 0}
                            onClick={() => move.mutate({ list, from: i, to: i - 1 })}
                          >
                            <IconArrowUp size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Move ${app.name} down`}
                            disabled={i === list.length - 1}
                            onClick={() => move.mutate({ list, from: i, to: i + 1 })}
                          >
                            <IconArrowDown size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${app.name}`}
                            onClick={() => window.confirm(`Remove ${app.name}?`) && remove.mutate(app)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryView>
    </>
  );
}
