import { createHmac } from 'node:crypto';
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId, newToken } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { phishingWebhookDeliveries, phishingWebhooks } from '../db/tables.ts';
import { decryptSecret, encryptSecret } from './secrets.ts';

/**
 * Webhooks (research §7.10): every interaction is posted, HMAC-signed (`X-Signature:
 * sha256=<hex>`), at least once with an idempotency key, retried with growing delays. The
 * payload has the class and evidence, the address prefix only, and never a form value.
 */

export type WebhookPayload = {
  event: 'interaction';
  interactionId: number;
  campaignId: string;
  kind: string;
  at: string;
  classification: string;
  evidence: string[];
  ipPrefix: string | null;
  late: boolean;
};

// Per database (tests open several in one process); refreshed every 30 s and on every change.
const activeCache = new WeakMap<object, { ids: string[]; at: number }>();

async function activeWebhookIds(ctx: Ctx): Promise<string[]> {
  const hit = activeCache.get(ctx.db);
  if (hit && Date.now() - hit.at < 30_000) return hit.ids;
  const rows = await ctx.db.select({ id: phishingWebhooks.id }).from(phishingWebhooks).where(eq(phishingWebhooks.active, true));
  const entry = { ids: rows.map((r) => r.id), at: Date.now() };
  activeCache.set(ctx.db, entry);
  return entry.ids;
}

export async function enqueueWebhooks(ctx: Ctx, payload: WebhookPayload): Promise<void> {
  const ids = await activeWebhookIds(ctx);
  if (!ids.length) return;
  await ctx.db
    .insert(phishingWebhookDeliveries)
    .values(
      ids.map((webhookId) => ({
        webhookId,
        idempotencyKey: `interaction-${payload.interactionId}`,
        payload,
        delays: [],
        nextAttemptAt: ctx.clock.now(),
      })),
    )
    .onConflictDoNothing();
}

export const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const MAX_ATTEMPTS = 10;
const FIRST_DELAY_S = 30;

/** Posts what is due; returns how many were delivered. */
export async function deliverWebhooks(ctx: Ctx, options: { fetch?: typeof fetch; limit?: number } = {}): Promise<number> {
  const doFetch = options.fetch ?? fetch;
  const now = ctx.clock.now();
  const due = await ctx.db
    .select({ d: phishingWebhookDeliveries, url: phishingWebhooks.url, secretEnc: phishingWebhooks.secretEnc })
    .from(phishingWebhookDeliveries)
    .innerJoin(phishingWebhooks, eq(phishingWebhooks.id, phishingWebhookDeliveries.webhookId))
    .where(and(isNull(phishingWebhookDeliveries.deliveredAt), lte(phishingWebhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(phishingWebhookDeliveries.id))
    .limit(options.limit ?? 200);
  let delivered = 0;
  for (const { d, url, secretEnc } of due) {
    if (d.attempts >= MAX_ATTEMPTS) continue;
    const body = JSON.stringify(d.payload);
    let status = 0;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': sign(decryptSecret(ctx, secretEnc), body),
          'idempotency-key': d.idempotencyKey,
          'x-belfry-event': 'phishing.interaction',
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
    } catch {
      status = 0;
    }
    const attempts = d.attempts + 1;
    if (status >= 200 && status < 300) {
      delivered++;
      await ctx.db
        .update(phishingWebhookDeliveries)
        .set({ attempts, deliveredAt: ctx.clock.now(), lastStatus: status })
        .where(eq(phishingWebhookDeliveries.id, d.id));
    } else {
      const delay = FIRST_DELAY_S * 2 ** (attempts - 1);
      await ctx.db
        .update(phishingWebhookDeliveries)
        .set({
          attempts,
          lastStatus: status,
          delays: [...d.delays, delay],
          nextAttemptAt: new Date(ctx.clock.now().getTime() + delay * 1000),
        })
        .where(eq(phishingWebhookDeliveries.id, d.id));
    }
  }
  return delivered;
}

export const WebhookInput = z.object({ url: z.url({ protocol: /^https?$/ }) });

export async function listWebhooks(ctx: Ctx) {
  requireRole(ctx, 'admin');
  const rows = await ctx.db.select().from(phishingWebhooks).orderBy(asc(phishingWebhooks.createdAt));
  return rows.map((r) => ({ id: r.id, url: r.url, active: r.active, createdAt: r.createdAt.toISOString() }));
}

/** Returns the signing secret once; it is stored encrypted. */
export async function createWebhook(ctx: Ctx, raw: unknown): Promise<{ id: string; url: string; secret: string }> {
  requireRole(ctx, 'admin');
  const input = parseInput(WebhookInput, raw);
  const secret = newToken(24);
  const id = newId();
  await ctx.db
    .insert(phishingWebhooks)
    .values({ id, url: input.url, secretEnc: encryptSecret(ctx, secret), active: true, createdAt: ctx.clock.now() });
  activeCache.delete(ctx.db);
  await recordAudit(ctx, {
    action: 'phishing.webhook_created',
    summary: `Phishing webhook added: ${new URL(input.url).host}`,
    targetType: 'phishing_webhook',
    targetId: id,
  });
  return { id, url: input.url, secret };
}

export async function deleteWebhook(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, 'admin');
  const rows = await ctx.db.delete(phishingWebhooks).where(eq(phishingWebhooks.id, id)).returning();
  if (!rows.length) throw new NotFound('No such webhook');
  activeCache.delete(ctx.db);
  await recordAudit(ctx, {
    action: 'phishing.webhook_deleted',
    summary: 'Phishing webhook removed',
    targetType: 'phishing_webhook',
    targetId: id,
  });
}
