import {
  IconBook,
  IconBrandGoogle,
  IconBrandWindows,
  IconCalendar,
  IconChartBar,
  IconCloud,
  IconDeviceLaptop,
  IconFiles,
  IconLink,
  IconLock,
  IconMail,
  IconPrinter,
  IconSchool,
  IconServer,
  IconShield,
  IconTicket,
  IconUsers,
  IconVideo,
  IconWifi,
  IconWorld,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

/** The icons an app link may use (the server keeps the same list). */
export const APP_ICONS: Record<string, ComponentType<{ size?: number; stroke?: number }>> = {
  link: IconLink,
  mail: IconMail,
  calendar: IconCalendar,
  school: IconSchool,
  cloud: IconCloud,
  shield: IconShield,
  wifi: IconWifi,
  server: IconServer,
  printer: IconPrinter,
  'device-laptop': IconDeviceLaptop,
  ticket: IconTicket,
  chart: IconChartBar,
  users: IconUsers,
  book: IconBook,
  lock: IconLock,
  files: IconFiles,
  world: IconWorld,
  'brand-windows': IconBrandWindows,
  'brand-google': IconBrandGoogle,
  video: IconVideo,
};

export type AppLink = { id: string; name: string; url: string; icon: string; position: number; roles: string[] };
