import { BlockList, isIP } from 'node:net';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { trustedNetworksSetting } from '../../security/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  phishingCampaigns,
  phishingInteractions,
  phishingLures,
  phishingRecipients,
  phishingReclassifications,
} from '../db/tables.ts';
import { type Classification, classify, type InteractionKind, uaFamily } from './classify.ts';
import { scannerNetworksSetting } from './phishing-settings.ts';
import { hashIp, phishingKey } from './secrets.ts';
import { enqueueWebhooks } from './webhooks.ts';

/**
 * Records one tracked request: the token looked up (an unknown one stores nothing), the signals
 * gathered, the class decided, the interaction appended. Later evidence reaches back: when an
 * address turns out to be fanning out over several people's links, or follows the honeypot,
 * its requests of the last seconds are reclassified (appended, never rewritten).
 */

export type TrackRequest = {
  kind: InteractionKind;
  token: string;
  method: string;
  ip: string | undefined;
  userAgent: string | undefined;
  honeypot?: boolean;
  beaconInteraction?: string;
  fieldsFilled?: number;
  source: 'http' | 'mailbox' | 'manual';
  /** When it happened, if not now (a mailbox report's arrival). */
  at?: Date;
};

export type TrackedRecipient = {
  recipientId: string;
  campaignId: string;
  lureId: string;
  landingMode: string;
  late: boolean;
};

type Lists = { scanners: BlockList; trusted: BlockList; loadedAt: number };
// Per database (tests open several in one process).
const listCache = new WeakMap<object, Lists>();
const LIST_TTL_MS = 30_000;

function blockList(entries: readonly string[]): BlockList {
  const b = new BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) b.addAddress(addr, type);
    else b.addSubnet(addr, Number(bits), type);
  }
  return b;
}

async function addressLists(ctx: Ctx): Promise<Lists> {
  const now = Date.now();
  const hit = listCache.get(ctx.db);
  if (hit && now - hit.loadedAt < LIST_TTL_MS) return hit;
  const lists = {
    scanners: blockList(await getSetting(ctx, scannerNetworksSetting)),
    trusted: blockList(await getSetting(ctx, trustedNetworksSetting)),
    loadedAt: now,
  };
  listCache.set(ctx.db, lists);
  return lists;
}

/** Settings just changed: read the lists again on the next request. */
export const forgetAddressLists = (ctx: Ctx) => {
  listCache.delete(ctx.db);
};

const inList = (b: BlockList, ip: string | undefined) => {
  if (!ip) return false;
  const v = isIP(ip);
  if (!v) return false;
  return b.check(ip, v === 6 ? 'ipv6' : 'ipv4');
};

export function ipPrefix(ip: string | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const addr = mapped ?? ip;
  if (isIP(addr) === 4) return `${addr.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIP(addr) === 6) return `${addr.split(':').slice(0, 3).join(':')}::/48`;
  return null;
}

/**
 * What each address did in the last minute, in memory: the fan-out and honeypot rules look back at
 * most 60 seconds, and every interaction is recorded by this process, so no query is needed for it.
 * (After a restart the first minute's look-back is empty: a scanner burst then is still caught by
 * its other evidence.)
 */
type Recent = { id: number; recipientId: string; at: number; honeypot: boolean };
const recentByDb = new WeakMap<object, Map<string, Recent[]>>();
const WINDOW_MS = 60_000;

function recentFor(ctx: Ctx, ipHash: string, at: Date): Recent[] {
  let byIp = recentByDb.get(ctx.db);
  if (!byIp) {
    byIp = new Map();
    recentByDb.set(ctx.db, byIp);
  }
  const since = at.getTime() - WINDOW_MS;
  if (byIp.size > 20_000) for (const [k, v] of byIp) if (!v.some((x) => x.at >= since)) byIp.delete(k);
  const kept = (byIp.get(ipHash) ?? []).filter((x) => x.at >= since && x.at <= at.getTime() + WINDOW_MS);
  byIp.set(ipHash, kept);
  return kept;
}

// One request per address at a time, so a burst from one scanner is judged in order.
const chains = new Map<string, Promise<unknown>>();
function serialise<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.catch(() => {});
  chains.set(key, tail);
  void tail.then(() => {
    if (chains.get(key) === tail) chains.delete(key);
  });
  return next;
}

export async function findByToken(ctx: Ctx, token: string) {
  if (!/^[A-Za-z0-9_-]{22,64}$/.test(token)) return undefined;
  const [row] = await ctx.db
    .select({
      recipientId: phishingRecipients.id,
      campaignId: phishingRecipients.campaignId,
      lureId: phishingRecipients.lureId,
      smtpAcceptedAt: phishingRecipients.smtpAcceptedAt,
      state: phishingCampaigns.state,
      landingMode: phishingCampaigns.landingMode,
      // One round trip: the last report comes with the token (a click just after it is the report button's check).
      lastReportAt: sql<
        string | null
      >`(SELECT max(i.at) FROM phishing_interactions i WHERE i.recipient_id = phishing_recipients.id AND i.kind = 'report')`,
    })
    .from(phishingRecipients)
    .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingRecipients.campaignId))
    .where(eq(phishingRecipients.token, token));
  return row;
}

export async function recordInteraction(ctx: Ctx, req: TrackRequest): Promise<TrackedRecipient | undefined> {
  const r = await findByToken(ctx, req.token);
  if (!r) return undefined;
  const key = phishingKey(ctx);
  const ipHash = req.ip ? hashIp(key, req.ip) : null;
  const run = () => store(ctx, req, r, ipHash);
  return ipHash ? serialise(ipHash, run) : run();
}

async function store(
  ctx: Ctx,
  req: TrackRequest,
  r: NonNullable<Awaited<ReturnType<typeof findByToken>>>,
  ipHash: string | null,
): Promise<TrackedRecipient> {
  const at = req.at ?? ctx.clock.now();
  const late = r.state === 'closed' || r.state === 'archived';
  const l = await addressLists(ctx);
  const trusted = inList(l.trusted, req.ip);
  let fanout = false;
  let honeypotNear = false;
  const recentList = ipHash ? recentFor(ctx, ipHash, at) : [];
  if (ipHash && req.source === 'http') {
    const tenSeconds = recentList.filter((x) => at.getTime() - x.at <= 10_000);
    fanout = !trusted && new Set([...tenSeconds.map((x) => x.recipientId), r.recipientId]).size >= 3;
    honeypotNear = !trusted && recentList.some((x) => x.honeypot);
    const reach = [
      ...(fanout ? tenSeconds.map((x) => ({ id: x.id, code: 'ip_fanout' })) : []),
      ...(req.honeypot && !trusted ? recentList.map((x) => ({ id: x.id, code: 'honeypot' })) : []),
    ];
    if (reach.length) await reclassifyEarlier(ctx, r.campaignId, reach, at);
  }
  const secondsAfterReport =
    r.lastReportAt && (req.kind === 'click' || req.kind === 'open' || req.kind === 'submit')
      ? (at.getTime() - new Date(r.lastReportAt).getTime()) / 1000
      : null;
  const secondsAfterDelivery = r.smtpAcceptedAt ? (at.getTime() - r.smtpAcceptedAt.getTime()) / 1000 : null;
  const { classification, evidence } = classify({
    kind: req.kind,
    method: req.method,
    userAgent: req.userAgent,
    secondsAfterDelivery,
    scannerIp: inList(l.scanners, req.ip),
    trustedEgress: trusted,
    fanout,
    honeypot: !!req.honeypot || honeypotNear,
    secondsAfterReport,
    beaconInteraction: req.beaconInteraction,
    source: req.source,
    now: at,
  });
  const [row] = await ctx.db
    .insert(phishingInteractions)
    .values({
      campaignId: r.campaignId,
      recipientId: r.recipientId,
      kind: req.kind,
      at,
      source: req.source,
      method: req.method,
      ipPrefix: ipPrefix(req.ip),
      ipHash,
      uaFamily: uaFamily(req.userAgent),
      classification,
      evidence,
      secondsAfterDelivery,
      fieldsFilled: req.kind === 'submit' ? Math.max(0, Math.min(50, req.fieldsFilled ?? 0)) : null,
      late,
    })
    .returning({ id: phishingInteractions.id });
  if (ipHash && row)
    recentList.push({ id: row.id, recipientId: r.recipientId, at: at.getTime(), honeypot: evidence.includes('honeypot') });
  await enqueueWebhooks(ctx, {
    event: 'interaction',
    interactionId: row?.id ?? 0,
    campaignId: r.campaignId,
    kind: req.kind,
    at: at.toISOString(),
    classification,
    evidence,
    ipPrefix: ipPrefix(req.ip),
    late,
  });
  return { recipientId: r.recipientId, campaignId: r.campaignId, lureId: r.lureId, landingMode: r.landingMode, late };
}

/** Belfry's own reclassification of earlier requests, as appended rows. */
async function reclassifyEarlier(ctx: Ctx, campaignId: string, reach: { id: number; code: string }[], at: Date): Promise<void> {
  const ids = [...new Set(reach.map((x) => x.id))];
  const current = await effectiveClasses(ctx, ids);
  const rows = [];
  for (const id of ids) {
    const now = current.get(id);
    if (!now || now.classification === 'automated') continue;
    const codes = [...new Set(reach.filter((x) => x.id === id).map((x) => x.code))];
    rows.push({
      interactionId: id,
      campaignId: now.campaignId,
      classification: 'automated' as Classification,
      evidence: [...new Set([...now.evidence, ...codes])],
      reason: codes.includes('honeypot')
        ? 'The same address followed the hidden honeypot link'
        : "The same address opened three or more people's links within 10 seconds",
      byLabel: 'Belfry',
      at,
    });
  }
  if (rows.length)
    await ctx.db.insert(phishingReclassifications).values(rows.map((x) => ({ ...x, campaignId: x.campaignId ?? campaignId })));
}

/** Each interaction's class now: the latest reclassification, else its own. */
export async function effectiveClasses(
  ctx: Ctx,
  ids: number[],
): Promise<Map<number, { classification: Classification; evidence: string[]; campaignId: string }>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db
    .select({
      id: phishingInteractions.id,
      campaignId: phishingInteractions.campaignId,
      classification: sql<Classification>`coalesce((select r.classification from phishing_reclassifications r where r.interaction_id = phishing_interactions.id order by r.id desc limit 1), phishing_interactions.classification)`,
      evidence: sql<
        string[]
      >`coalesce((select r.evidence from phishing_reclassifications r where r.interaction_id = phishing_interactions.id order by r.id desc limit 1), phishing_interactions.evidence)`,
    })
    .from(phishingInteractions)
    .where(inArray(phishingInteractions.id, ids));
  return new Map(rows.map((r) => [r.id, { classification: r.classification, evidence: r.evidence, campaignId: r.campaignId }]));
}

/** The teachable-moment content for a recipient's lure. */
export async function lureForPage(ctx: Ctx, lureId: string) {
  const [l] = await ctx.db.select().from(phishingLures).where(eq(phishingLures.id, lureId));
  return l;
}
