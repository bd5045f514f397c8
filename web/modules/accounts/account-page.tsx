import { Alert, Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { ROLE_LABELS, useMe } from '../../lib/auth.tsx';
import { PageTitle } from '../../lib/ui.tsx';

export function AccountPage() {
  const { data: me } = useMe();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next !== again) return setError('The two new passwords are different');
    setBusy(true);
    try {
      await api('/api/me/password', { method: 'POST', body: { currentPassword: current, newPassword: next } });
      notifications.show({ color: 'green', title: 'Password changed', message: 'You have been signed out everywhere else.' });
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title="Your account">
        {me?.email} · {me ? ROLE_LABELS[me.role] : ''}
      </PageTitle>
      <Paper withBorder p="lg" maw={460}>
        <form onSubmit={submit}>
          <Stack>
            <Text fw={600}>Change password</Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
            />
            <PasswordInput
              label="New password"
              description="At least 12 characters. A short sentence works well."
              autoComplete="new-password"
              required
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
            />
            <PasswordInput
              label="New password again"
              autoComplete="new-password"
              required
              value={again}
              onChange={(e) => setAgain(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} w="fit-content">
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
