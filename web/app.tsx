import {
  ActionIcon,
  Anchor,
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconLogout, IconMoon, IconSun } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, whenSignedOut } from './lib/api.ts';
import { hasRole, ROLE_LABELS, useMe, useSignOut } from './lib/auth.tsx';
import { QuickAddBriefingNote } from './lib/briefing-note.tsx';
import { Loading } from './lib/ui.tsx';
import { QuickAddTask } from './modules/tasks/quick-add.tsx';
import { NAV } from './nav.ts';

function BelfryMark() {
  return (
    <svg width="28" height="28" viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="#1c4e80" />
      <path
        d="M32 10c-2 0-3 1.4-3 3v2.2C21.6 16.7 17 23 17 31v9l-4 6h38l-4-6v-9c0-8-4.6-14.3-12-15.8V13c0-1.6-1-3-3-3z"
        fill="#f5c542"
      />
      <circle cx="32" cy="51" r="5" fill="#f5c542" />
    </svg>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} mode`}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        onClick={() => setColorScheme(next)}
        aria-label={`Switch to ${next} mode`}
      >
        {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** The frame every signed-in page sits in: header, role-aware navigation, content. */
export function AppShellLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: me, isLoading } = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const branding = useQuery({
    queryKey: ['branding'],
    queryFn: () => api<{ schoolName: string }>('/api/branding'),
    enabled: !!me,
    staleTime: 300_000,
  });

  useEffect(() => {
    whenSignedOut(() => qc.setQueryData(['me'], null));
  }, [qc]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the mobile menu is the point of a route change
  useEffect(() => close(), [location.pathname, close]);

  if (isLoading) return <Loading label="Starting Belfry" />;
  if (!me) {
    const returnTo = location.pathname === '/' ? '' : `?returnTo=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/sign-in${returnTo}`} replace />;
  }
  const initials = me.name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Anchor
        href="#main"
        className="skip-link"
        style={{ position: 'absolute', left: -9999, top: 8, zIndex: 1000 }}
        onFocus={(e) => (e.currentTarget.style.left = '8px')}
        onBlur={(e) => (e.currentTarget.style.left = '-9999px')}
      >
        Skip to content
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <UnstyledButton component={Link} to="/today" aria-label="Belfry: Today">
              <Group gap={8} wrap="nowrap">
                <BelfryMark />
                <Text fw={700} size="lg">
                  Belfry
                </Text>
              </Group>
            </UnstyledButton>
            {branding.data && (
              <Text c="dimmed" size="sm" visibleFrom="xs" truncate>
                {branding.data.schoolName}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <QuickAddBriefingNote />
            <ColorSchemeToggle />
            <Menu position="bottom-end" width={240}>
              <Menu.Target>
                <UnstyledButton>
                  {/* The name a screen reader hears; what shows (initials, the name on a wide screen) is hidden from it. */}
                  <VisuallyHidden>Account menu for {me.name}</VisuallyHidden>
                  <Group gap={6} wrap="nowrap" aria-hidden>
                    <Avatar size={32} radius="xl" color="belfry">
                      {initials}
                    </Avatar>
                    <Text size="sm" visibleFrom="sm">
                      {me.name}
                    </Text>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {me.email}
                  <br />
                  {ROLE_LABELS[me.role]}
                </Menu.Label>
                <Menu.Item leftSection={<IconKey size={16} />} component={Link} to="/account">
                  Change password
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconLogout size={16} />}
                  onClick={async () => {
                    await signOut();
                    navigate('/sign-in');
                  }}
                >
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <VisuallyHidden>
          <h2>Navigation</h2>
        </VisuallyHidden>
        {NAV.filter((item) => hasRole(me, item.roles)).map((item) => (
          <NavLink
            key={item.path}
            component={Link}
            to={item.path}
            label={item.label}
            leftSection={<item.icon size={18} stroke={1.6} />}
            active={location.pathname === item.path || location.pathname.startsWith(`${item.path}/`)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <QuickAddTask />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
