import { IconCalendar, IconHome, IconSettings, IconUsers } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { AppShellLayout } from './app.tsx';
import type { Role } from './lib/auth.tsx';
import { AccountPage } from './modules/accounts/account-page.tsx';
import { SignInPage } from './modules/accounts/sign-in-page.tsx';
import { CalendarPage } from './modules/calendar/calendar-page.tsx';
import { PeoplePage } from './modules/directory/people-page.tsx';
import { SettingsPage } from './modules/settings/settings-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { TodayPage } from './today-page.tsx';

/** The navigation: one entry per module page, shown to the roles that may use it. */
export type NavItem = {
  path: string;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  roles: readonly Role[];
};

const EVERYONE: readonly Role[] = ['admin', 'it', 'slt', 'staff', 'pupil'];

export const NAV: NavItem[] = [
  { path: '/today', label: 'Today', icon: IconHome, roles: EVERYONE },
  { path: '/people', label: 'People', icon: IconUsers, roles: ['admin', 'it'] },
  { path: '/calendar', label: 'Calendar', icon: IconCalendar, roles: EVERYONE },
  { path: '/settings', label: 'Settings', icon: IconSettings, roles: ['admin', 'it'] },
];

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <AppShellLayout />,
    children: [
      { index: true, element: <Navigate to="/today" replace /> },
      { path: '/today', element: <TodayPage /> },
      { path: '/people', element: <PeoplePage /> },
      { path: '/calendar', element: <CalendarPage /> },
      { path: '/settings/:tab?', element: <SettingsPage /> },
      { path: '/account', element: <AccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
