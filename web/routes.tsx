import { createBrowserRouter, Navigate } from 'react-router';
import { AppShellLayout } from './app.tsx';
import { AccountPage } from './modules/accounts/account-page.tsx';
import { SignInPage } from './modules/accounts/sign-in-page.tsx';
import { CalendarPage } from './modules/calendar/calendar-page.tsx';
import { PeoplePage } from './modules/directory/people-page.tsx';
import { SettingsPage } from './modules/settings/settings-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { TodayPage } from './today-page.tsx';

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
