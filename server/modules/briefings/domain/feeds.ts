import type { BriefingFeed } from './feed-types.ts';
import { calendarFeed } from './feeds/calendar-feed.ts';
import { helpdeskFeed } from './feeds/helpdesk-feed.ts';
import { kudosFeed } from './feeds/kudos-feed.ts';
import { meetingsFeed } from './feeds/meetings-feed.ts';
import { notesFeed, noticesFeed, usefulFeed } from './feeds/notes-feeds.ts';
import { phishingFeed } from './feeds/phishing-feed.ts';
import { projectsFeed } from './feeds/projects-feed.ts';
import { securityFeed } from './feeds/security-feed.ts';
import { tasksFeed } from './feeds/tasks-feed.ts';
import { wifiFeed } from './feeds/wifi-feed.ts';

/**
 * Every feed a template section can draw on. A module's summary becomes a section by adding its
 * feed here (a file in feeds/ that calls the module's exported read function) and naming it in a
 * template section's `feeds`, as phishing (`readPhishingSummary`) does.
 */
export const BRIEFING_FEEDS: readonly BriefingFeed[] = [
  notesFeed,
  noticesFeed,
  helpdeskFeed,
  kudosFeed,
  securityFeed,
  phishingFeed,
  projectsFeed,
  wifiFeed,
  meetingsFeed,
  tasksFeed,
  calendarFeed,
  usefulFeed,
];

export const feedById = (id: string): BriefingFeed | undefined => BRIEFING_FEEDS.find((f) => f.id === id);
