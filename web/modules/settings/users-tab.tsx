import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { ROLE_LABELS, type Role, useMe } from '../../lib/auth.tsx';
import { formatAgo } from '../../lib/format.ts';
import { QueryView } from '../../lib/ui.tsx';

type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  isActive: boolean;
  hasPassword: boolean;
  lastSignInAt: string | null;
  lockedOut?: boolean;
};
const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ value: r, label: ROLE_LABELS[r] }));

function PasswordOnce({ email, password, onClose }: { email: string; password: string | null; onClose: () => void }) {
  return (
    <Modal opened={!!password} onClose={onClose} title="Password for the new sign-in">
      <Stack>
        <Text size="sm">
          Give this password to <b>{email}</b>. It is shown only now; they can change it from their account menu.
        </Text>
        <Group>
          <Code fz="lg">{password}</Code>
          <CopyButton value={password ?? ''}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Button onClick={onClose}>Done</Button>
      </Stack>
    </Modal>
  );
}

function AddUserModal({
  opened,
  onClose,
  onPassword,
}: {
  opened: boolean;
  onClose: () => void;
  onPassword: (email: string, pw: string) => void;
}) {
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('staff');
  const [sso, setSso] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      api<{ user: User; generatedPassword?: string }>('/api/users', { method: 'POST', body: { email, name, role, sso } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
      if (r.generatedPassword) onPassword(r.user.email, r.generatedPassword);
      setEmail('');
      setName('');
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Add a user">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setError(null);
          add.mutate();
        }}
      >
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label="Email address"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-autofocus
          />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select label="Role" data={ROLE_OPTIONS} value={role} onChange={setRole} allowDeselect={false} />
          <Switch
            label="Single sign-on only (no Belfry password)"
            checked={sso}
            onChange={(e) => setSso(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function UsersTab() {
  const qc = useQueryClient();
  const { data: me } = useMe();
  const [opened, { open, close }] = useDisclosure();
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);
  const [filter, setFilter] = useState('');
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<{ users: User[] }>('/api/users') });
  const change = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<Pick<User, 'role' | 'isActive'>> }) =>
      api<User>(`/api/users/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: (u) => {
      notifications.show({ color: 'green', message: `Saved ${u.email}` });
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) }),
  });
  const reset = useMutation({
    mutationFn: (u: User) =>
      api<{ user: User; generatedPassword: string }>(`/api/users/${u.id}/reset-password`, { method: 'POST' }),
    onSuccess: (r) => setShown({ email: r.user.email, password: r.generatedPassword }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const unlock = useMutation({
    mutationFn: (u: User) => api<User>(`/api/users/${u.id}/unlock`, { method: 'POST' }),
    onSuccess: (u) => {
      notifications.show({ color: 'green', message: `${u.email} can sign in again from every address` });
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <>
      <Group justify="space-between" mb="sm">
        <TextInput
          placeholder="Filter by name or email"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          aria-label="Filter users"
          w={280}
        />
        <Button leftSection={<IconPlus size={16} />} onClick={open}>
          Add user
        </Button>
      </Group>
      <AddUserModal opened={opened} onClose={close} onPassword={(email, password) => setShown({ email, password })} />
      <PasswordOnce email={shown?.email ?? ''} password={shown?.password ?? null} onClose={() => setShown(null)} />
      <QueryView query={users}>
        {({ users: list }) => (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Last signed in</Table.Th>
                    <Table.Th>Can sign in</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list
                    .filter((u) => `${u.name} ${u.email}`.toLowerCase().includes(filter.toLowerCase()))
                    .map((u) => (
                      <Table.Tr key={u.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {u.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {u.email}
                            {!u.hasPassword && ' · single sign-on'}
                          </Text>
                        </Table.Td>
                        <Table.Td w={210}>
                          <Select
                            size="xs"
                            data={ROLE_OPTIONS}
                            value={u.role}
                            allowDeselect={false}
                            aria-label={`Role of ${u.name}`}
                            onChange={(role) =>
                              role && role !== u.role && change.mutate({ id: u.id, patch: { role: role as Role } })
                            }
                          />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {u.lastSignInAt ? (
                              formatAgo(u.lastSignInAt)
                            ) : (
                              <Badge variant="light" color="gray">
                                never
                              </Badge>
                            )}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Switch
                            checked={u.isActive}
                            disabled={u.id === me?.id}
                            aria-label={`${u.name} can sign in`}
                            onChange={(e) => change.mutate({ id: u.id, patch: { isActive: e.currentTarget.checked } })}
                          />
                        </Table.Td>
                        <Table.Td>
                          {u.lockedOut && (
                            <Button size="xs" variant="light" color="orange" onClick={() => unlock.mutate(u)}>
                              Lift lock-out
                            </Button>
                          )}
                          {u.hasPassword && (
                            <Button
                              size="xs"
                              variant="subtle"
                              onClick={() =>
                                window.confirm(`Reset the password of ${u.email}? They will be signed out everywhere.`) &&
                                reset.mutate(u)
                              }
                            >
                              Reset password
                            </Button>
                          )}
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
