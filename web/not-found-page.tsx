import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageTitle } from './lib/ui.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageTitle title="Page not found" />
      <Text>
        There is nothing at this address. Go back to{' '}
        <Anchor component={Link} to="/today">
          Today
        </Anchor>
        .
      </Text>
    </>
  );
}
