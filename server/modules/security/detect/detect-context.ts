import type { Ctx } from '../../../lib/context.ts';
import { describeDay } from '../../../lib/working-time.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import type { EventRow } from '../db/detect-queries.ts';
import { selectTrips } from '../db/rule-queries.ts';
import { type Network, networkMatcher } from '../domain/ip-networks.ts';
import { accountMatcher, loadSecurityConfig, type SecurityConfig, type Thresholds } from '../domain/security-settings.ts';
import { legacyReason } from '../domain/signin-event.ts';

/** What every detector needs to know about the school: its networks, trips, holidays and thresholds. */
export type DetectContext = {
  from: Date;
  to: Date;
  config: SecurityConfig;
  thresholds: Thresholds;
  isTrusted: (ip: string | null) => Network | undefined;
  isRelay: (ip: string | null, asn: number | null) => string | undefined;
  isPrivileged: (user: string) => boolean;
  tripFor: (user: string, country: string, at: Date) => string | undefined;
  holidayOn: (at: Date) => string | undefined;
  legacyReason: (e: Pick<EventRow, 'clientApp' | 'authProtocol' | 'userAgent'>) => string | null;
};

export async function buildDetectContext(ctx: Ctx, from: Date, to: Date): Promise<DetectContext> {
  const config = await loadSecurityConfig(ctx);
  const trusted = networkMatcher(config.trusted);
  const relayNet = networkMatcher(config.relayNetworks);
  const relayAsns = new Set(config.relayAsns);
  const privileged = accountMatcher(config.privileged);
  const trips = await selectTrips(ctx.db);
  const calendar = await loadSchoolCalendar(ctx);
  const tz = ctx.config.timeZone;
  return {
    from,
    to,
    config,
    thresholds: config.thresholds,
    isTrusted: trusted,
    isRelay: (ip, asn) => {
      if (asn !== null && relayAsns.has(asn)) return `AS${asn} is on the relay/VPN list`;
      const n = relayNet(ip);
      return n ? `${ip} is in ${n.text} (relay/VPN list)` : undefined;
    },
    isPrivileged: privileged,
    tripFor: (user, country, at) => {
      const day = localDate(at, tz);
      const trip = trips.find(
        (t) =>
          t.country.toUpperCase() === country.toUpperCase() &&
          day >= t.startsOn &&
          day <= t.endsOn &&
          (t.travellers.length === 0 || t.travellers.map((x) => x.toLowerCase()).includes(user)),
      );
      return trip ? `${trip.name} (${trip.country}, ${trip.startsOn} to ${trip.endsOn})` : undefined;
    },
    holidayOn: (at) => {
      // Without term dates every day looks like a holiday; say nothing rather than guess.
      if (calendar.terms.length === 0) return undefined;
      const info = describeDay(calendar, localDate(at, tz));
      return info.kind === 'holiday' || info.kind === 'half_term' ? info.name : undefined;
    },
    legacyReason,
  };
}
