import { IconCalendar, IconHome, IconSettings, IconUsers } from '@tabler/icons-react';
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

export const NAV: NavItem[] = [
  { path: '/today', label: 'Today', icon: IconHome, roles: EVERYONE },
  { path: '/people', label: 'People', icon: IconUsers, roles: ['admin', 'it'] },
  { path: '/calendar', label: 'Calendar', icon: IconCalendar, roles: EVERYONE },
  { path: '/settings', label: 'Settings', icon: IconSettings, roles: ['admin', 'it'] },
];
