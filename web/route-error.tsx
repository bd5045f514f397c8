import { Anchor, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { isRouteErrorResponse, Link, useLocation, useRouteError } from 'react-router';
import { reportPageError } from './lib/api.ts';
import { NotFoundPage } from './not-found-page.tsx';

/**
 * What a page that throws shows instead of the router's developer page: a calm message inside
 * the shell, a reload, and the error sent to the server log (its message and the path only).
 */
export function RouteError({ standalone = false }: { standalone?: boolean }) {
  const error = useRouteError();
  const location = useLocation();
  const reported = useRef(false);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  useEffect(() => {
    if (reported.current || notFound) return;
    reported.current = true;
    const message =
      error instanceof Error
        ? error.message
        : isRouteErrorResponse(error)
          ? `${error.status} ${error.statusText}`
          : String(error);
    reportPageError(message, location.pathname);
  }, [error, location.pathname, notFound]);
  if (notFound) return <NotFoundPage />;
  const body = (
    <Stack gap="sm" maw={560} py="xl" role="alert">
      <Title order={1} size="h2">
        Something went wrong on this page
      </Title>
      <Text>
        The page hit a problem it could not recover from. Nothing you saved has been lost. Reloading usually puts it right; the
        problem has been reported to the server log for the Director of IT.
      </Text>
      <Group>
        <Button leftSection={<IconRefresh size={16} />} onClick={() => window.location.reload()}>
          Reload the page
        </Button>
        <Anchor component={Link} to="/today" reloadDocument>
          Go to Today
        </Anchor>
      </Group>
    </Stack>
  );
  return standalone ? <Container>{body}</Container> : body;
}
