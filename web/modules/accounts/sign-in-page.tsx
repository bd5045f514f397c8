import { Alert, Anchor, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconBrandGoogle, IconBrandWindows } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../lib/api.ts';
import { type Me, useMe } from '../../lib/auth.tsx';

type Provider = { id: string; label: string; startUrl: string };

const safePath = (p: string | null) => (p?.startsWith('/') && !p.startsWith('//') ? p : '/today');

export function SignInPage() {
  const [params] = useSearchParams();
  const returnTo = safePath(params.get('returnTo'));
  const { data: me } = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(params.get('error'));
  const [busy, setBusy] = useState(false);
  const providers = useQuery({
    queryKey: ['auth-providers'],
    queryFn: () => api<{ providers: Provider[] }>('/api/auth/providers'),
  });
  const branding = useQuery({
    queryKey: ['branding'],
    queryFn: () => api<{ schoolName: string }>('/api/branding'),
    staleTime: 300_000,
  });

  if (me) return <Navigate to={returnTo} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ user: Me }>('/api/auth/login', { method: 'POST', body: { email, password } });
      qc.setQueryData(['me'], r.user);
      navigate(returnTo, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const icon = (id: string) => (id === 'google' ? <IconBrandGoogle size={18} /> : <IconBrandWindows size={18} />);

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-default-hover)">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={400} component="main">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              Sign in to Belfry
            </Title>
            <Text c="dimmed" size="sm">
              {branding.data ? `${branding.data.schoolName} · IT Services` : 'IT Services'}
            </Text>
          </div>
          {error && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          {(providers.data?.providers ?? []).map((p) => (
            <Button
              key={p.id}
              component="a"
              href={`${p.startUrl}?returnTo=${encodeURIComponent(returnTo)}`}
              variant="default"
              leftSection={icon(p.id)}
              size="md"
            >
              Sign in with {p.label}
            </Button>
          ))}
          {(providers.data?.providers.length ?? 0) > 0 && <Divider label="or with a Belfry password" labelPosition="center" />}
          <form onSubmit={submit}>
            <Stack gap="sm">
              <TextInput
                label="Email address"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                autoFocus
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy} size="md">
                Sign in
              </Button>
            </Stack>
          </form>
          <Text size="xs" c="dimmed">
            Forgotten your password? Ask IT Services to reset it.{' '}
            <Anchor href="/api/docs" size="xs" underline="always">
              API documentation
            </Anchor>
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
