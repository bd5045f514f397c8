import type { Ctx } from '../../../lib/context.ts';
import { newId, newToken } from '../../../lib/ids.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { getSetting } from '../../settings/index.ts';
import { countOutbound, insertOutbound, markOutboundFailed, raiseAlertRow } from '../db/mail-queries.ts';
import { addressesSetting, teamLeadSetting, ticketMailLimitSetting } from './helpdesk-settings.ts';

/**
 * Everything the help desk sends goes through `deliver`, which keeps the loop rules of research
 * §5.2 / AT-12-14: nothing to no-reply or system addresses, at most one acknowledgement per
 * address a day, at most N mails per ticket per window, automatic mail marked Auto-Submitted with
 * X-Auto-Response-Suppress, a Message-ID in our own domain recorded so replies thread back.
 */

export type MailIntent = {
  ticketId?: string;
  ticketNumber?: number;
  kind: 'ack' | 'reply' | 'notification' | 'survey' | 'alert';
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
  /** System-generated (acknowledgements, notifications, surveys): marked so other robots stay quiet. */
  automatic: boolean;
};

/** Zammad's send_no_auto_response_reg_exp default, plus the usual spellings. */
const NO_REPLY = /^(mailer-daemon|postmaster|abuse|root|no[-._]?reply|do[-._]?not[-._]?reply|bounces?)(\+[^@]*)?@/i;
export const isNoReplyAddress = (email: string): boolean => NO_REPLY.test(email.trim());

export type MailIdentity = { domain: string; addresses: string[] };

const domainOf = (email: string) =>
  email
    .slice(email.lastIndexOf('@') + 1)
    .replace(/>.*$/, '')
    .toLowerCase();
const addressIn = (text: string) => (/<([^>]+)>/.exec(text)?.[1] ?? text).trim().toLowerCase();

/** Our addresses (help desk + the mail "From") and the domain our Message-IDs use. */
export async function mailIdentity(ctx: Ctx): Promise<MailIdentity> {
  const configured = await getSetting(ctx, addressesSetting);
  const from = ctx.config.mail?.from ? [addressIn(ctx.config.mail.from)] : [];
  const addresses = [...new Set([...configured, ...from])];
  const domain = addresses[0] ? domainOf(addresses[0]) : new URL(ctx.config.baseUrl).hostname;
  return { domain, addresses };
}

/** Our own Message-IDs start with this, so our mail coming back is recognised (AT-13). */
export const OWN_ID_PREFIX = '<hd.';
export const isOwnMessageId = (id: string, identity: MailIdentity): boolean =>
  id.startsWith(OWN_ID_PREFIX) && id.toLowerCase().endsWith(`@${identity.domain}>`);

export async function raiseAlert(ctx: Ctx, alert: { key: string; kind: string; message: string }): Promise<boolean> {
  const isNew = await raiseAlertRow(ctx.db, { id: newId(), at: ctx.clock.now(), ...alert });
  if (!isNew) return false;
  ctx.log.warn({ alert: alert.kind }, alert.message);
  for (const to of await getSetting(ctx, teamLeadSetting)) {
    await deliver(ctx, { kind: 'alert', to, subject: `Help desk: ${alert.message}`, text: alert.message, automatic: true });
  }
  return true;
}

/** Sends one mail if the loop rules allow it; returns its Message-ID, or undefined when held. */
export async function deliver(ctx: Ctx, intent: MailIntent): Promise<string | undefined> {
  const to = intent.to.trim().toLowerCase();
  const identity = await mailIdentity(ctx);
  const now = ctx.clock.now();
  const held = (reason: string) => {
    ctx.log.info({ kind: intent.kind, ticket: intent.ticketNumber, reason }, 'help desk mail not sent');
    return undefined;
  };
  if (isNoReplyAddress(to)) return held('no-reply address');
  if (identity.addresses.includes(to)) return held('our own address');
  if (!ctx.mail.isConfigured) return held('outgoing mail is not set up');
  if (intent.ticketId) {
    const limit = await getSetting(ctx, ticketMailLimitSetting);
    const sent = await countOutbound(ctx.db, {
      ticketId: intent.ticketId,
      since: new Date(now.getTime() - limit.minutes * 60000),
    });
    if (sent >= limit.messages) {
      await raiseAlert(ctx, {
        key: `ticket-mail-limit:${intent.ticketId}:${localDate(now, ctx.config.timeZone)}`,
        kind: 'mail_loop',
        message: `Ticket #${intent.ticketNumber} reached ${limit.messages} mails in ${limit.minutes} minutes; further mail held (a possible loop)`,
      });
      return held('per-ticket limit');
    }
  }
  if (intent.kind === 'ack') {
    const acks = await countOutbound(ctx.db, { recipient: to, kind: 'ack', since: new Date(now.getTime() - 86400000) });
    if (acks > 0) return held('one acknowledgement a day per address');
  }
  const messageId = `${OWN_ID_PREFIX}${intent.ticketNumber ?? 'x'}.${newToken(9)}@${identity.domain}>`;
  await insertOutbound(ctx.db, { ticketId: intent.ticketId ?? null, messageId, recipient: to, kind: intent.kind, at: now });
  const headers: Record<string, string> = {};
  if (intent.automatic) {
    headers['Auto-Submitted'] = intent.kind === 'ack' ? 'auto-replied' : 'auto-generated';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  if (intent.ticketNumber) headers['X-Belfry-Ticket'] = String(intent.ticketNumber);
  try {
    await ctx.mail.send({
      to,
      subject: intent.subject,
      text: intent.text,
      messageId,
      inReplyTo: intent.inReplyTo,
      references: intent.references,
      replyTo: identity.addresses[0],
      headers,
    });
  } catch (err) {
    ctx.log.error({ err, kind: intent.kind, ticket: intent.ticketNumber }, 'help desk mail failed');
    await markOutboundFailed(ctx.db, messageId, now, (err as Error).message.slice(0, 300));
    return undefined;
  }
  return messageId;
}
