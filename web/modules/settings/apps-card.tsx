import { Anchor, Group, SimpleGrid, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ForRoles } from '../../lib/auth.tsx';
import { APP_ICONS, type AppLink } from './app-icons.tsx';

export function AppsCard({ data }: { data: { apps: AppLink[] } }) {
  return (
    <>
      {data.apps.length === 0 && (
        <Text size="sm" c="dimmed">
          No apps yet.
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="xs">
        {data.apps.map((app) => {
          const Icon = APP_ICONS[app.icon] ?? APP_ICONS.link;
          return (
            <UnstyledButton
              key={app.id}
              component="a"
              href={app.url}
              target="_blank"
              rel="noopener noreferrer"
              p={6}
              style={{ borderRadius: 8 }}
              aria-label={`${app.name} (opens in a new tab)`}
            >
              <Group gap={8} wrap="nowrap">
                <ThemeIcon variant="light" size="lg" radius="md">
                  {Icon && <Icon size={18} />}
                </ThemeIcon>
                <Text size="sm" lineClamp={2}>
                  {app.name}
                </Text>
              </Group>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
      <ForRoles roles={['admin']}>
        <Anchor
          component={Link}
          to="/settings/apps"
          size="sm"
          mt="sm"
          display="inline-flex"
          style={{ alignItems: 'center', gap: 4 }}
        >
          <IconPlus size={14} /> Add or change apps
        </Anchor>
      </ForRoles>
    </>
  );
}
