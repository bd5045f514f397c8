import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from './api.ts';

export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack gap={4} mb="lg">
      <Title order={1} size="h2">
        {title}
      </Title>
      {children && (
        <Text c="dimmed" size="sm">
          {children}
        </Text>
      )}
    </Stack>
  );
}

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" aria-live="polite">
      <Loader size="sm" role="status" aria-label={label} />
    </Center>
  );
}

export function ErrorNotice({ error, title = 'Could not load this' }: { error: unknown; title?: string }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}

export function NoAccess() {
  return (
    <Alert color="gray" icon={<IconLock size={18} />} title="You do not have access to this page" role="alert">
      Ask the Director of IT if you need it.
    </Alert>
  );
}

/** Shows loading, an error, or the content once `data` is there. */
export function QueryView<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isLoading: boolean };
  children: (data: T) => ReactNode;
}) {
  if (query.isLoading) return <Loading />;
  if (query.error) return <ErrorNotice error={query.error} />;
  if (query.data === undefined) return null;
  return <>{children(query.data)}</>;
}
