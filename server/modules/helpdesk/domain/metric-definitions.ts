/**
 * One written definition per metric (research §3, "Proposed for the hub"). The metrics page shows
 * these beside the numbers; the weekly briefing and the termly report quote them.
 */
export const METRIC_DEFINITIONS: Record<string, string> = {
  created:
    'Tickets raised in the period. Merged duplicates and automatic mail (bounces, auto-replies) are left out and merged ones are counted separately.',
  merged: 'Tickets raised in the period that were merged into another ticket as duplicates.',
  resolved:
    'Tickets whose last move to resolved or closed fell in the period and that were still resolved or closed at its end (a ticket resolved twice counts once).',
  openAtStart: 'The backlog when the period began: tickets raised before it that were new, open or waiting at that instant.',
  openAtEnd: 'The backlog when the period ended: tickets that were new, open or waiting at that instant.',
  netFlow: 'Created minus resolved: how much the backlog grew (positive) or shrank (negative).',
  firstResponse:
    "Working minutes from a ticket being raised to the IT team's first public reply (by web or email), for tickets raised in the period. The clock runs in the school's opening hours on the days the SLA policy counts, and pauses while waiting on the requester. Automatic acknowledgements, internal notes, assignment and status changes are not responses. Median (the mean of the middle two for an even count), 90th percentile by nearest rank (the ceil(0.9 × n)-th time, so 90% really were within it) and mean.",
  awaitingFirstResponse: 'Tickets raised in the period, still open at its end, with no public reply yet.',
  resolution:
    'Working minutes from raised to final resolution for tickets resolved in the period, leaving out time waiting on the requester and time spent resolved before a reopen. Median, 90th percentile by nearest rank and mean.',
  resolutionWallHours: 'The same tickets, raised to resolved in plain clock hours, nights and weekends included.',
  reopenRate: 'Of the tickets resolved in the period, the share that had been reopened at least once after a resolution.',
  oneTouchRate: 'Of the tickets resolved in the period, the share resolved with exactly one public reply and never reopened.',
  responseSla:
    "For tickets raised in the period: met when the first reply (or a resolution) came within the priority's response target; breached as soon as the target passed without one, replied or not; pending while still inside the target. Breach rate = breached / (met + breached).",
  resolutionSla:
    'For tickets raised in the period: met when resolved within the resolution target; breached once the target passed unresolved; pending otherwise. Breach rate = breached / (met + breached).',
  satisfaction:
    'Surveys sent in the period (one per resolved ticket), the share answered by the end of the period, the average rating (1-5) and the share rating 4 or 5.',
  kudos: 'Comments with a rating of 4 or 5 whose author agreed to share them, newest first.',
  byCategory: 'Tickets raised in the period by category.',
  bySite: 'Tickets raised in the period by school (site).',
  backlogAge: 'Tickets open at the end of the period by age in school days: 0-2, 3-5, 6-10, over 10.',
};
