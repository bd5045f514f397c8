import { background, waitForQuiet } from '../../../db/background.ts';
import type { Ctx } from '../../../lib/context.ts';
import { selectAlertedVendorEvents } from '../db/alert-queries.ts';
import {
  countSucceedingUsersByIp,
  selectBaselines,
  selectBaselinesAt,
  selectFailures,
  selectLegacyCandidates,
  selectNewCountryCandidates,
  selectSuccessesOf,
  selectTenantCountries,
  selectTravelPairs,
} from '../db/detect-queries.ts';
import { selectActiveSuppressions } from '../db/rule-queries.ts';
import { geoIp } from '../domain/geoip.ts';
import { activeSigmaRules } from '../sigma/sigma-rules.ts';
import { type AlertCandidate, groupBy, raiseSeverity, uniq } from './alert-candidate.ts';
import { buildDetectContext } from './detect-context.ts';
import { detectMfaFatigue, detectTravel } from './mfa-travel.ts';
import { detectDisabled, detectLegacyAuth, detectNewCountry, detectVendor } from './other-detectors.ts';
import { detectSigma } from './sigma-detector.ts';
import { bruteForceCandidates, detectBruteForce, detectSpray, sprayCandidates } from './spray-brute.ts';
import { applySuppressions, storeAlerts, type TypeCounts } from './store-alerts.ts';

/**
 * Runs every detection over a period (default: the look-back before now) and stores the alerts.
 * Each alert has a stable dedup key, so running again over overlapping data updates rather than
 * duplicates; a person's triage (status) is kept.
 */

const HOUR = 3_600_000;
const CREDENTIAL = ['credential', 'locked'];
const MFA = ['mfa_denied', 'mfa_timeout', 'mfa_fraud'];
const DAY = 24 * HOUR;

export type DetectionRun = {
  from: string;
  to: string;
  candidates: number;
  created: number;
  updated: number;
  /** Already raised, and nothing about them changed. */
  unchanged: number;
  suppressed: number;
  /** What the run found, by alert type. */
  byType: Record<string, TypeCounts>;
  /** Sign-ins from another country left unjudged: the account has too little history to call a country new. */
  newCountryThin: number;
};

export async function runDetections(ctx: Ctx, period: { from?: Date; to?: Date } = {}): Promise<DetectionRun> {
  const now = ctx.clock.now();
  // Not one transaction: on PGlite that would hold the one connection for the whole run. Each
  // read is its own statement (the Sigma pass a page at a time), a request that arrives goes
  // first between steps, and the alerts are stored in one short transaction at the end. The
  // alerts' dedup keys make a run over data that changed meanwhile (an import published) safe.
  return background(async () => {
    const db = ctx.db;
    const tctx = ctx;
    const probe = await buildDetectContext(tctx, now, now);
    const to = period.to ?? now;
    const from = period.from ?? new Date(to.getTime() - probe.thresholds.lookbackHours * HOUR);
    const dc = { ...probe, from, to };
    const t = dc.thresholds;

    const t0 = Date.now();
    const lap = async (step: string) => {
      ctx.log.debug({ step, ms: Date.now() - t0 }, 'detections');
      await waitForQuiet(db);
    };
    // One read of the period's failures for the spray, brute-force, MFA and disabled-account detectors.
    const failed = await selectFailures(db, [...CREDENTIAL, ...MFA, 'disabled'], from, to);
    const failures = failed.filter((f) => CREDENTIAL.includes(f.failureKind as string));
    const mfa = failed.filter((f) => MFA.includes(f.failureKind as string));
    const sprayIps = sprayCandidates(dc, failures);
    // Successes only for the people a spray, brute force or MFA burst could name.
    const needed = uniq([
      ...[...sprayIps.values()].flat().map((f) => f.user),
      ...bruteForceCandidates(dc, failures),
      ...mfa.map((m) => m.user),
    ]);
    const successes = groupBy(await selectSuccessesOf(db, needed, from, new Date(to.getTime() + DAY)), (s) => s.user);
    const succeeding = await countSucceedingUsersByIp(
      db,
      [...sprayIps.keys()],
      new Date(from.getTime() - t.lookbackHours * HOUR),
      new Date(to.getTime() + DAY),
    );
    const sprays = detectSpray(dc, sprayIps, succeeding, successes);
    const candidates: AlertCandidate[] = [...sprays, ...detectBruteForce(dc, failures, successes, sprays)];
    candidates.push(...detectMfaFatigue(dc, mfa, successes));

    await lap('spray, brute force, MFA');
    const pairs = await selectTravelPairs(db, from, to, t.travel.minDistanceKm);
    const travelBaselines = await selectBaselines(
      db,
      uniq(pairs.map((p) => p.user)),
      new Date(from.getTime() - t.newCountry.baselineDays * DAY),
      from,
    );
    candidates.push(...detectTravel(dc, pairs, new Map([...travelBaselines].map(([u, b]) => [u, b.countries]))));

    await lap('travel');
    // The school's own country and networks are never new (detectNewCountry skips them first), so
    // their sign-ins need no baseline: left out before the baselines are read.
    const fresh = (
      await selectNewCountryCandidates(db, from, to, t.newCountry.baselineDays, dc.config.homeCountry || undefined)
    ).filter((e) => e.country !== dc.config.homeCountry && !dc.isTrusted(e.ip));
    // The school's countries up to the end of the period, the candidates' own sign-ins included
    // (detectNewCountry leaves each candidate out of its own comparison): on a school's first
    // import there is nothing before the period, and everyone's home country must still count
    // as common.
    const tenant = fresh.length
      ? await selectTenantCountries(
          db,
          new Date(from.getTime() - t.newCountry.baselineDays * DAY),
          new Date(to.getTime() + 1),
          uniq(fresh.map((e) => e.country as string)),
        )
      : { users: 0, byCountry: new Map<string, number>() };
    const baselines = await selectBaselinesAt(db, fresh, t.newCountry.baselineDays);
    const newCountryStats = { thin: 0 };
    candidates.push(...detectNewCountry(dc, fresh, baselines, tenant, newCountryStats));
    await lap('new country');
    candidates.push(...detectLegacyAuth(dc, await selectLegacyCandidates(db, from, to)));
    candidates.push(...detectDisabled(failed.filter((f) => f.failureKind === 'disabled')));
    candidates.push(...detectVendor(await selectAlertedVendorEvents(db, from, to)));
    await lap('legacy, disabled, vendor');
    candidates.push(...(await detectSigma(db, await activeSigmaRules(tctx), from, to)));

    await lap('sigma');
    const geo = await geoIp();
    for (const c of candidates) {
      const privileged = c.users.filter(dc.isPrivileged);
      if (privileged.length) {
        c.evidence.privilegedAccounts = privileged;
        c.severity = raiseSeverity(c.severity);
      }
      const events = (c.evidence.events as { geoSource?: string | null }[] | undefined) ?? [];
      if (events.some((e) => e.geoSource === 'geoip'))
        c.evidence.geoip = { databaseDate: geo.databaseDate, attribution: geo.attribution };
      c.evidence.asnNote = 'ASN from the vendor log where given; otherwise unknown (no licence-clean ASN database is installed)';
    }
    const { suppressed, stored } = await db.transaction(async (tx) => {
      const { kept, suppressed } = await applySuppressions(tx, candidates, await selectActiveSuppressions(tx, now), now);
      return { suppressed, stored: await storeAlerts(tx, kept, now) };
    });
    await lap('stored');
    ctx.log.info({ from, to, created: stored.created, updated: stored.updated }, 'security detections ran');
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      candidates: candidates.length,
      created: stored.created,
      updated: stored.updated,
      unchanged: stored.unchanged,
      suppressed,
      byType: stored.byType,
      newCountryThin: newCountryStats.thin,
    };
  });
}
