import { type Ctx, ROLES, requireRole } from '../../../lib/context.ts';

export type MailStatus = {
  /** Belfry can send mail (agendas, briefings, help desk replies, survey links). */
  outgoing: boolean;
  /** The address mail comes from; the Director and IT only. */
  from: string | null;
  /** Help desk mail in: a listener or a polled mailbox. */
  helpdeskInbound: boolean | null;
};

/**
 * Whether mail is set up, in the words a page needs to offer (or not offer) a mail action. Mail
 * is server configuration, set where Belfry is started, so there is nothing here to change.
 */
export function readMailStatus(ctx: Ctx): MailStatus {
  const actor = requireRole(ctx, ...ROLES);
  const team = actor.role === 'admin' || actor.role === 'it';
  return {
    outgoing: ctx.mail.isConfigured,
    from: team ? (ctx.config.mail?.from ?? null) : null,
    helpdeskInbound: team ? !!(ctx.config.inboundSmtp || ctx.config.imap) : null,
  };
}
