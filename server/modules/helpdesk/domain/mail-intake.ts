import type * as MailParser from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { type Ctx, IT_ROLES } from '../../../lib/context.ts';
import { sha256 } from '../../../lib/ids.ts';
import { lazyRequire } from '../../../lib/lazy.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { findAccountByEmail } from '../../accounts/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  claimInbound,
  countInboundFrom,
  markOutboundFailed,
  selectOutboundByMessageIds,
  settleInbound,
} from '../db/mail-queries.ts';
import { selectTicketById, type TicketRow, updateTicketRow } from '../db/ticket-queries.ts';
import { loopLimitSetting, spoofPolicySetting } from './helpdesk-settings.ts';
import { autoKindOf, cleanSubject, rawHeaders, readDeliveryReport, stripQuoted, threadIds } from './mail-classify.ts';
import { findThread } from './mail-threading.ts';
import { deliver, isOwnMessageId, type MailIntent, mailIdentity, raiseAlert } from './outbound-mail.ts';
import { refreshTicketSla } from './sla-policies.ts';
import { formatRef } from './ticket-model.ts';
import {
  addAttachmentRecord,
  addMessageRecord,
  attachmentProblem,
  createTicketRecord,
  recordEvent,
  resolveRequester,
} from './ticket-records.ts';
import { applyRequesterFollowUp, followUpOf, setStatus } from './ticket-status.ts';

/**
 * Inbound mail, from the SMTP listener or the IMAP poller: one transaction per message, claimed
 * by Message-ID first so the same mail delivered twice is stored once (AT-6). Mail the help desk
 * sends as a result (acknowledgements, an agent's emailed reply passed on) goes out after commit,
 * through the loop rules in outbound-mail.ts.
 */

export type Disposition =
  | 'ticket_created'
  | 'appended'
  | 'reopened'
  | 'thanks'
  | 'agent_reply'
  | 'auto_stored'
  | 'auto_ignored'
  | 'bounce'
  | 'bounce_unmatched'
  | 'dropped_own'
  | 'held_rate_limit'
  | 'quarantined'
  | 'duplicate';

export type IntakeResult = { disposition: Disposition; messageId: string; ticketId?: string; ticketNumber?: number };
export type Envelope = { mailFrom?: string | null; rcptTo?: string[] };

const loadMailParser = lazyRequire<typeof MailParser>('mailparser');
const MAX_RAW = 2 * 1024 * 1024;
const addressesOf = (field: ParsedMail['to']) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.map((v) => (v.address ?? '').toLowerCase()).filter(Boolean),
  );

export async function receiveMail(ctx: Ctx, raw: Buffer, envelope: Envelope, source: string): Promise<IntakeResult> {
  const parsed = await loadMailParser().simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const headers = rawHeaders(parsed.headerLines);
  const messageId = parsed.messageId?.trim() || `<sha256.${sha256(raw.toString('latin1')).slice(0, 32)}@belfry.invalid>`;
  const from = parsed.from?.value[0];
  const sender = (from?.address ?? envelope.mailFrom ?? '').toLowerCase();
  const senderName = from?.name || sender;
  const subject = parsed.subject ?? '';
  const identity = await mailIdentity(ctx);
  const intents: MailIntent[] = [];
  const now = ctx.clock.now();

  const result = await ctx.db.transaction(async (db): Promise<IntakeResult> => {
    const t: Ctx = { ...ctx, db };
    const claimed = await claimInbound(db, {
      messageId,
      receivedAt: now,
      sender: sender || '(none)',
      subject: subject.slice(0, 300),
      source,
      disposition: 'processing',
    });
    if (!claimed) return { disposition: 'duplicate', messageId };
    const settle = async (disposition: Disposition, ticket?: TicketRow, detail?: string): Promise<IntakeResult> => {
      await settleInbound(db, messageId, { disposition, ticketId: ticket?.id ?? null, detail: detail ?? null });
      if (disposition === 'dropped_own' || disposition === 'held_rate_limit')
        ctx.log.warn({ messageId, disposition }, `inbound mail not processed (${disposition.replace(/_/g, ' ')})`);
      return { disposition, messageId, ticketId: ticket?.id, ticketNumber: ticket?.number };
    };
    if (isOwnMessageId(messageId, identity) || identity.addresses.includes(sender)) return settle('dropped_own');

    const auto = autoKindOf(headers, envelope.mailFrom, subject);
    const email = {
      messageId,
      inReplyTo: threadIds(headers)[0] ?? null,
      refs: threadIds(headers),
      raw: raw.length <= MAX_RAW ? raw.toString('utf8') : null,
    };
    if (auto === 'bounce') {
      const parts = parsed.attachments.map((a) => ({ contentType: a.contentType, content: a.content.toString('utf8') }));
      parts.push({ contentType: 'message/delivery-status', content: parsed.text ?? '' });
      const report = readDeliveryReport(parts);
      const ids = [report.originalMessageId, ...threadIds(headers)].filter((id): id is string => !!id);
      const sent = await selectOutboundByMessageIds(db, ids);
      const ticket = sent[0]?.ticketId ? await selectTicketById(db, sent[0].ticketId) : undefined;
      if (!ticket) return settle('bounce_unmatched');
      const failed = report.failedRecipients.length ? report.failedRecipients : sent.map((o) => o.recipient);
      for (const o of sent)
        await markOutboundFailed(db, o.messageId, now, `delivery failed (${report.status ?? 'unknown status'})`);
      await addMessageRecord(t, ticket.id, {
        authorKind: 'system',
        author: { email: sender, name: 'Mail delivery' },
        visibility: 'internal',
        channel: 'email',
        body: `Delivery failed to ${failed.join(', ')}${report.status ? ` (status ${report.status})` : ''}.`,
        autoKind: 'bounce',
        email,
      });
      await recordEvent(t, ticket.id, 'delivery_failed', { recipients: failed, status: report.status }, { source: 'email' });
      return settle('bounce', ticket);
    }

    const account = sender ? await findAccountByEmail(t, sender) : undefined;
    const senderIsAgent = !!account?.isActive && (IT_ROLES as string[]).includes(account.role);
    if (!senderIsAgent) {
      const limit = await getSetting(t, loopLimitSetting);
      const recent = await countInboundFrom(db, sender, new Date(now.getTime() - limit.minutes * 60000));
      if (recent > limit.messages) {
        await raiseAlert(t, {
          key: `sender-limit:${sender}:${localDate(now, ctx.config.timeZone)}`,
          kind: 'mail_loop',
          message: `${sender} sent more than ${limit.messages} messages in ${limit.minutes} minutes; further mail from them is held (a likely mail loop)`,
        });
        return settle('held_rate_limit');
      }
    }

    const thread = await findThread(t, { ids: threadIds(headers), subject, sender, senderIsAgent });
    const text = stripQuoted(parsed.text ?? '') || '(no text)';
    const threaded = thread.kind === 'headers' || thread.kind === 'reference' ? thread.ticket : undefined;

    if (auto !== 'none') {
      if (!threaded) return settle('auto_ignored', undefined, auto);
      await addMessageRecord(t, threaded.id, {
        authorKind: threaded.requesterEmail === sender ? 'requester' : 'collaborator',
        author: { email: sender, name: senderName },
        visibility: 'public',
        channel: 'email',
        body: text,
        autoKind: auto,
        email,
      });
      await recordEvent(t, threaded.id, 'automatic_message', { autoKind: auto }, { source: 'email', label: senderName });
      return settle('auto_stored', threaded, auto);
    }
    if (thread.kind === 'spoofed' && (await getSetting(t, spoofPolicySetting)) === 'quarantine') {
      return settle('quarantined', thread.ticket, `quoted #${thread.ticket.number} from an address not on it`);
    }

    const storeAttachments = async (ticketId: string, messageRowId: string) => {
      for (const a of parsed.attachments) {
        if (a.related && a.contentDisposition !== 'attachment') continue;
        const file = { fileName: a.filename ?? 'attachment', contentType: a.contentType, content: a.content };
        const problem = await attachmentProblem(t, file);
        if (problem) await recordEvent(t, ticketId, 'changed', { field: 'attachment_refused', to: problem }, { source: 'email' });
        else await addAttachmentRecord(t, ticketId, messageRowId, file);
      }
    };

    let linkedTo: TicketRow | undefined;
    if (threaded) {
      if (senderIsAgent && threaded.requesterEmail !== sender) {
        const message = await addMessageRecord(t, threaded.id, {
          authorKind: 'agent',
          author: { userId: account?.id, email: sender, name: account?.name ?? senderName },
          visibility: 'public',
          channel: 'email',
          body: text,
          email,
        });
        await storeAttachments(threaded.id, message.id);
        await recordEvent(
          t,
          threaded.id,
          'agent_reply',
          { messageId: message.id, public: true, channel: 'email' },
          { source: 'email', label: account?.name },
        );
        if (threaded.status === 'new') await setStatus(t, threaded, 'open', {}, { source: 'email', label: account?.name });
        await refreshTicketSla(t, threaded.id);
        for (const to of new Set([threaded.requesterEmail, ...threaded.collaborators])) {
          if (!to || to === sender) continue;
          intents.push({
            ticketId: threaded.id,
            ticketNumber: threaded.number,
            kind: 'reply',
            to,
            subject: `Re: ${formatRef(threaded.number)} ${threaded.subject}`,
            text,
            inReplyTo: messageId,
            references: [...email.refs, messageId].slice(-10),
            automatic: false,
          });
        }
        return settle('agent_reply', threaded);
      }
      const followUp = await followUpOf(t, threaded, text);
      if (followUp === 'new_ticket') linkedTo = threaded;
      else {
        const isRequester = threaded.requesterEmail === sender;
        if (!isRequester && !threaded.collaborators.includes(sender)) {
          await updateTicketRow(db, threaded.id, { collaborators: [...threaded.collaborators, sender] });
          await recordEvent(t, threaded.id, 'collaborator_added', { email: sender }, { source: 'email', label: senderName });
        }
        const message = await addMessageRecord(t, threaded.id, {
          authorKind: isRequester ? 'requester' : 'collaborator',
          author: { email: sender, name: senderName },
          visibility: 'public',
          channel: 'email',
          body: text,
          email,
        });
        await storeAttachments(threaded.id, message.id);
        const kind = followUp === 'thanks' ? 'kudos' : 'requester_reply';
        await recordEvent(
          t,
          threaded.id,
          kind,
          { messageId: message.id, channel: 'email' },
          { source: 'email', label: senderName },
        );
        await applyRequesterFollowUp(t, threaded, followUp, { source: 'email', label: senderName });
        await refreshTicketSla(t, threaded.id);
        return settle(followUp === 'reopened' ? 'reopened' : followUp === 'thanks' ? 'thanks' : 'appended', threaded);
      }
    }

    const requester = await resolveRequester(t, sender, senderName);
    const cc = [...addressesOf(parsed.to), ...addressesOf(parsed.cc)].filter(
      (a) => a !== sender && !identity.addresses.includes(a),
    );
    const { ticket, message } = await createTicketRecord(t, {
      subject: cleanSubject(subject),
      body: text,
      bodyHtml: parsed.html || null,
      channel: 'email',
      requester,
      category: 'Other',
      priority: 'p3',
      location: { schoolId: null, buildingId: null, roomId: null, label: null },
      collaborators: [...new Set(cc)],
      linkedToId: linkedTo?.id ?? null,
      email,
      at: now,
    });
    await storeAttachments(ticket.id, message.id);
    if (thread.kind === 'spoofed') {
      await addMessageRecord(t, ticket.id, {
        authorKind: 'system',
        author: { name: 'Belfry' },
        visibility: 'internal',
        channel: 'system',
        body: `This mail quoted ${formatRef(thread.ticket.number)} but came from ${sender}, who is not on that ticket, so it was opened as a new ticket.`,
      });
    }
    await refreshTicketSla(t, ticket.id);
    intents.push({
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      kind: 'ack',
      to: sender,
      subject: `${formatRef(ticket.number)} ${ticket.subject}`,
      text: [
        `Thank you: we have your request and will be in touch. Its reference is ${formatRef(ticket.number)}.`,
        'Reply to this email to add anything; keep the reference in the subject.',
        '',
        `Follow it at ${ctx.config.baseUrl}/help/tickets/${ticket.id}`,
      ].join('\n'),
      inReplyTo: messageId,
      references: [...email.refs, messageId].slice(-10),
      automatic: true,
    });
    return settle('ticket_created', ticket, linkedTo ? `follows #${linkedTo.number}` : undefined);
  });

  for (const intent of intents) {
    const id = await deliver(ctx, intent);
    if (id && intent.kind === 'ack' && intent.ticketId) await recordEvent(ctx, intent.ticketId, 'auto_ack', { to: intent.to });
  }
  return result;
}
