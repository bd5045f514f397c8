import { createBrowserRouter, Navigate } from 'react-router';
import { AppShellLayout } from './app.tsx';
import { SignedIn } from './lib/auth.tsx';
import { SignInPage } from './modules/accounts/sign-in-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RouteError } from './route-error.tsx';
import { TodayPage } from './today-page.tsx';

export const router = createBrowserRouter([
  {
    // A page outside the shell that throws shows a calm page of its own.
    errorElement: <RouteError standalone />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      {
        element: <SignedIn />,
        children: [
          {
            path: '/meetings/:id/print/:paper',
            lazy: () => import('./modules/meetings/print-page.tsx').then((m) => ({ Component: m.MeetingPrintPage })),
          },
          {
            path: '/phishing/print/:id',
            lazy: () => import('./modules/phishing/print-page.tsx').then((m) => ({ Component: m.PhishingPrintPage })),
          },
          {
            path: '/reports/:id/print',
            lazy: () => import('./modules/reports/print-page.tsx').then((m) => ({ Component: m.ReportPrintPage })),
          },
        ],
      },
      { path: '/rate/:token', lazy: () => import('./modules/helpdesk/rate-page.tsx').then((m) => ({ Component: m.RatePage })) },
      { path: '/s/:token', lazy: () => import('./modules/surveys/respond-page.tsx').then((m) => ({ Component: m.RespondPage })) },
    ],
  },
  {
    element: <AppShellLayout />,
    errorElement: <RouteError standalone />,
    children: [
      {
        // A page that throws shows RouteError inside the shell, the navigation still there.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/today" replace /> },
          { path: '/today', element: <TodayPage /> },
          {
            path: '/helpdesk',
            lazy: () => import('./modules/helpdesk/queue-page.tsx').then((m) => ({ Component: m.QueuePage })),
          },
          {
            path: '/helpdesk/metrics',
            lazy: () => import('./modules/helpdesk/metrics-page.tsx').then((m) => ({ Component: m.MetricsPage })),
          },
          {
            path: '/helpdesk/tickets/:id',
            lazy: () => import('./modules/helpdesk/ticket-page.tsx').then((m) => ({ Component: m.TicketPage })),
          },
          { path: '/help', lazy: () => import('./modules/helpdesk/portal-page.tsx').then((m) => ({ Component: m.PortalPage })) },
          {
            path: '/help/tickets/:id',
            lazy: () => import('./modules/helpdesk/ticket-page.tsx').then((m) => ({ Component: m.TicketPage })),
          },
          { path: '/tasks', lazy: () => import('./modules/tasks/tasks-page.tsx').then((m) => ({ Component: m.TasksPage })) },
          {
            path: '/meetings',
            lazy: () => import('./modules/meetings/meetings-page.tsx').then((m) => ({ Component: m.MeetingsPage })),
          },
          {
            path: '/meetings/:id',
            lazy: () => import('./modules/meetings/meeting-page.tsx').then((m) => ({ Component: m.MeetingPage })),
          },
          {
            path: '/briefings',
            lazy: () => import('./modules/briefings/briefings-page.tsx').then((m) => ({ Component: m.BriefingsPage })),
          },
          {
            path: '/briefings/useful/:id',
            lazy: () => import('./modules/briefings/useful-page.tsx').then((m) => ({ Component: m.UsefulPage })),
          },
          {
            path: '/briefings/:id',
            lazy: () => import('./modules/briefings/briefing-page.tsx').then((m) => ({ Component: m.BriefingPage })),
          },
          {
            path: '/projects',
            lazy: () => import('./modules/projects/projects-page.tsx').then((m) => ({ Component: m.ProjectsPage })),
          },
          {
            path: '/projects/:id',
            lazy: () => import('./modules/projects/project-page.tsx').then((m) => ({ Component: m.ProjectPage })),
          },
          {
            path: '/strategy',
            lazy: () => import('./modules/strategy/strategy-page.tsx').then((m) => ({ Component: m.StrategyPage })),
          },
          {
            path: '/security',
            lazy: () => import('./modules/security/security-page.tsx').then((m) => ({ Component: m.SecurityPage })),
          },
          {
            path: '/incidents',
            lazy: () => import('./modules/security/incidents-page.tsx').then((m) => ({ Component: m.IncidentsPage })),
          },
          { path: '/wifi', lazy: () => import('./modules/wifi/wifi-page.tsx').then((m) => ({ Component: m.WifiPage })) },
          { path: '/wifi/aps/:id', lazy: () => import('./modules/wifi/ap-page.tsx').then((m) => ({ Component: m.ApPage })) },
          {
            path: '/wifi/clients/:key',
            lazy: () => import('./modules/wifi/client-page.tsx').then((m) => ({ Component: m.ClientPage })),
          },
          {
            path: '/people',
            lazy: () => import('./modules/directory/people-page.tsx').then((m) => ({ Component: m.PeoplePage })),
          },
          {
            path: '/calendar',
            lazy: () => import('./modules/calendar/calendar-page.tsx').then((m) => ({ Component: m.CalendarPage })),
          },
          {
            path: '/surveys/:tab?',
            lazy: () => import('./modules/surveys/surveys-page.tsx').then((m) => ({ Component: m.SurveysPage })),
          },
          {
            path: '/phishing/campaigns/:id/report',
            lazy: () => import('./modules/phishing/report-page.tsx').then((m) => ({ Component: m.ReportPage })),
          },
          {
            path: '/phishing/campaigns/:id',
            lazy: () => import('./modules/phishing/campaign-page.tsx').then((m) => ({ Component: m.CampaignPage })),
          },
          {
            path: '/phishing/lures/:id',
            lazy: () => import('./modules/phishing/lure-page.tsx').then((m) => ({ Component: m.LurePage })),
          },
          {
            path: '/phishing/:tab?',
            lazy: () => import('./modules/phishing/phishing-page.tsx').then((m) => ({ Component: m.PhishingPage })),
          },
          {
            path: '/reports',
            lazy: () => import('./modules/reports/reports-page.tsx').then((m) => ({ Component: m.ReportsPage })),
          },
          {
            path: '/reports/kpis',
            lazy: () => import('./modules/reports/kpis-page.tsx').then((m) => ({ Component: m.KpisPage })),
          },
          {
            path: '/reports/:id',
            lazy: () => import('./modules/reports/report-page.tsx').then((m) => ({ Component: m.ReportPage })),
          },
          {
            path: '/standards',
            lazy: () => import('./modules/standards/standards-page.tsx').then((m) => ({ Component: m.StandardsPage })),
          },
          {
            path: '/settings/:tab?',
            lazy: () => import('./modules/settings/settings-page.tsx').then((m) => ({ Component: m.SettingsPage })),
          },
          {
            path: '/account',
            lazy: () => import('./modules/accounts/account-page.tsx').then((m) => ({ Component: m.AccountPage })),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
