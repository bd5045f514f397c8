import {
  IconBriefcase,
  IconCalendar,
  IconCertificate,
  IconChecklist,
  IconClipboardData,
  IconCompass,
  IconFileAnalytics,
  IconFishHook,
  IconHeadset,
  IconHome,
  IconLifebuoy,
  IconNews,
  IconReportAnalytics,
  IconSettings,
  IconShieldLock,
  IconUsers,
  IconUsersGroup,
  IconWifi,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { Role } from './lib/auth.tsx';

/** The navigation: one entry per module page, shown to the roles that may use it. */
export type NavItem = {
  path: string;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  roles: readonly Role[];
};

const EVERYONE: readonly Role[] = ['admin', 'it', 'slt', 'staff', 'pupil'];

/** In the order of the Director's day; the IT team uses the help desk, everyone else IT help. */
export const NAV: NavItem[] = [
  { path: '/today', label: 'Today', icon: IconHome, roles: EVERYONE },
  { path: '/help', label: 'IT help', icon: IconLifebuoy, roles: ['slt', 'staff', 'pupil'] },
  { path: '/tasks', label: 'To-do', icon: IconChecklist, roles: ['admin', 'it', 'slt'] },
  { path: '/helpdesk', label: 'Help desk', icon: IconHeadset, roles: ['admin', 'it'] },
  { path: '/security', label: 'Security', icon: IconShieldLock, roles: ['admin', 'it'] },
  { path: '/incidents', label: 'Incidents', icon: IconReportAnalytics, roles: ['admin', 'it', 'slt'] },
  { path: '/wifi', label: 'Wi-Fi', icon: IconWifi, roles: ['admin', 'it', 'slt'] },
  { path: '/meetings', label: 'Meetings', icon: IconUsersGroup, roles: ['admin', 'it', 'slt'] },
  { path: '/briefings', label: 'Briefings', icon: IconNews, roles: ['admin', 'it', 'slt'] },
  { path: '/projects', label: 'Projects and risks', icon: IconBriefcase, roles: ['admin', 'it', 'slt'] },
  { path: '/strategy', label: 'Strategy', icon: IconCompass, roles: EVERYONE },
  { path: '/surveys', label: 'Surveys', icon: IconClipboardData, roles: ['admin', 'it', 'slt'] },
  { path: '/phishing', label: 'Phishing', icon: IconFishHook, roles: ['admin', 'it', 'slt'] },
  { path: '/reports', label: 'Termly reports', icon: IconFileAnalytics, roles: ['admin', 'it', 'slt'] },
  { path: '/standards', label: 'Standards', icon: IconCertificate, roles: ['admin', 'it', 'slt'] },
  { path: '/people', label: 'People', icon: IconUsers, roles: ['admin', 'it'] },
  { path: '/calendar', label: 'Calendar', icon: IconCalendar, roles: EVERYONE },
  { path: '/settings', label: 'Settings', icon: IconSettings, roles: ['admin', 'it'] },
];
