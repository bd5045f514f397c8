import { createBrowserRouter, Navigate } from 'react-router';
import { AppShellLayout } from './app.tsx';
import { AccountPage } from './modules/accounts/account-page.tsx';
import { SignInPage } from './modules/accounts/sign-in-page.tsx';
import { BriefingPage } from './modules/briefings/briefing-page.tsx';
import { BriefingsPage } from './modules/briefings/briefings-page.tsx';
import { UsefulPage } from './modules/briefings/useful-page.tsx';
import { CalendarPage } from './modules/calendar/calendar-page.tsx';
import { PeoplePage } from './modules/directory/people-page.tsx';
import { MetricsPage as HelpdeskMetricsPage } from './modules/helpdesk/metrics-page.tsx';
import { PortalPage } from './modules/helpdesk/portal-page.tsx';
import { QueuePage } from './modules/helpdesk/queue-page.tsx';
import { RatePage } from './modules/helpdesk/rate-page.tsx';
import { TicketPage } from './modules/helpdesk/ticket-page.tsx';
import { MeetingPage } from './modules/meetings/meeting-page.tsx';
import { MeetingsPage } from './modules/meetings/meetings-page.tsx';
import { MeetingPrintPage } from './modules/meetings/print-page.tsx';
import { CampaignPage as PhishingCampaignPage } from './modules/phishing/campaign-page.tsx';
import { LurePage as PhishingLurePage } from './modules/phishing/lure-page.tsx';
import { PhishingPage } from './modules/phishing/phishing-page.tsx';
import { PhishingPrintPage } from './modules/phishing/print-page.tsx';
import { ReportPage as PhishingReportPage } from './modules/phishing/report-page.tsx';
import { ProjectPage } from './modules/projects/project-page.tsx';
import { ProjectsPage } from './modules/projects/projects-page.tsx';
import { KpisPage } from './modules/reports/kpis-page.tsx';
import { ReportPrintPage } from './modules/reports/print-page.tsx';
import { ReportPage } from './modules/reports/report-page.tsx';
import { ReportsPage } from './modules/reports/reports-page.tsx';
import { IncidentsPage } from './modules/security/incidents-page.tsx';
import { SecurityPage } from './modules/security/security-page.tsx';
import { SettingsPage } from './modules/settings/settings-page.tsx';
import { StandardsPage } from './modules/standards/standards-page.tsx';
import { StrategyPage } from './modules/strategy/strategy-page.tsx';
import { RespondPage } from './modules/surveys/respond-page.tsx';
import { SurveysPage } from './modules/surveys/surveys-page.tsx';
import { TasksPage } from './modules/tasks/tasks-page.tsx';
import { ApPage as WifiApPage } from './modules/wifi/ap-page.tsx';
import { ClientPage as WifiClientPage } from './modules/wifi/client-page.tsx';
import { WifiPage } from './modules/wifi/wifi-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RouteError } from './route-error.tsx';
import { TodayPage } from './today-page.tsx';

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError standalone /> },
  { path: '/meetings/:id/print/:paper', element: <MeetingPrintPage />, errorElement: <RouteError standalone /> },
  { path: '/phishing/print/:id', element: <PhishingPrintPage />, errorElement: <RouteError standalone /> },
  { path: '/reports/:id/print', element: <ReportPrintPage />, errorElement: <RouteError standalone /> },
  { path: '/rate/:token', element: <RatePage />, errorElement: <RouteError standalone /> },
  { path: '/s/:token', element: <RespondPage />, errorElement: <RouteError standalone /> },
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
          { path: '/helpdesk', element: <QueuePage /> },
          { path: '/helpdesk/metrics', element: <HelpdeskMetricsPage /> },
          { path: '/helpdesk/tickets/:id', element: <TicketPage /> },
          { path: '/help', element: <PortalPage /> },
          { path: '/help/tickets/:id', element: <TicketPage /> },
          { path: '/tasks', element: <TasksPage /> },
          { path: '/meetings', element: <MeetingsPage /> },
          { path: '/meetings/:id', element: <MeetingPage /> },
          { path: '/briefings', element: <BriefingsPage /> },
          { path: '/briefings/useful/:id', element: <UsefulPage /> },
          { path: '/briefings/:id', element: <BriefingPage /> },
          { path: '/projects', element: <ProjectsPage /> },
          { path: '/projects/:id', element: <ProjectPage /> },
          { path: '/strategy', element: <StrategyPage /> },
          { path: '/security', element: <SecurityPage /> },
          { path: '/incidents', element: <IncidentsPage /> },
          { path: '/wifi', element: <WifiPage /> },
          { path: '/wifi/aps/:id', element: <WifiApPage /> },
          { path: '/wifi/clients/:key', element: <WifiClientPage /> },
          { path: '/people', element: <PeoplePage /> },
          { path: '/calendar', element: <CalendarPage /> },
          { path: '/surveys/:tab?', element: <SurveysPage /> },
          { path: '/phishing/campaigns/:id/report', element: <PhishingReportPage /> },
          { path: '/phishing/campaigns/:id', element: <PhishingCampaignPage /> },
          { path: '/phishing/lures/:id', element: <PhishingLurePage /> },
          { path: '/phishing/:tab?', element: <PhishingPage /> },
          { path: '/reports', element: <ReportsPage /> },
          { path: '/reports/kpis', element: <KpisPage /> },
          { path: '/reports/:id', element: <ReportPage /> },
          { path: '/standards', element: <StandardsPage /> },
          { path: '/settings/:tab?', element: <SettingsPage /> },
          { path: '/account', element: <AccountPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
