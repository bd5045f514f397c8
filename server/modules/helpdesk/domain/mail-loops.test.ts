import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import type { Actor } from '../../../lib/context.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { receiveMail } from './mail-intake.ts';
import { DESK, eventually, type MailRig, startMailRig } from './test-mail.ts';
import { replyToTicket } from './ticket-actions.ts';

type Ticket = { id: string; number: number; subject: string; status: string; requester_email: string };

describeEachDatabase('help desk mail loops, auto-replies and bounces', (t) => {
  let rig: MailRig;
  let agent: Actor;
  const db = () => t.database().db;
  const tickets = () => queryRows<Ticket>(db(), sql`SELECT * FROM helpdesk_tickets ORDER BY number`);
  const disposition = async (mid: string) =>
    (await queryRows<{ disposition: string }>(db(), sql`SELECT disposition FROM helpdesk_inbound WHERE message_id = ${mid}`))[0]
      ?.disposition;
  const sentTo = (addr: string) => rig.world.received.filter((m) => m.to.includes(addr));
  const quiet = async () => {
    let last = -1;
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, 60));
      const [row] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM helpdesk_inbound`);
      const now = rig.world.received.length * 100000 + (row?.n ?? 0);
      if (now === last) return;
      last = now;
    }
  };

  beforeAll(async () => {
    rig = await startMailRig(t);
    const { user } = await createUser(rig.ctx(), {
      email: 't.okafor@oakfield.example',
      name: 'Tom Okafor',
      role: 'it',
      password: 'correct horse battery staple',
    });
    agent = { kind: 'user', id: user.id, email: user.email, name: user.name, role: 'it' };
  });
  afterAll(async () => rig.close());

  it('AT-10: automatic mail is stored and flagged, never acknowledged, and a ticket waiting on its requester stays waiting', async () => {
    await rig.send({
      from: 'c.hargreaves@oakfield.example',
      subject: 'Shared drive',
      text: 'Cannot see the pastoral drive.',
      messageId: '<at10-0@c.example>',
    });
    const [ticket] = (await tickets()).filter((x) => x.subject === 'Shared drive');
    await db().execute(sql`UPDATE helpdesk_tickets SET status = 'waiting_requester' WHERE id = ${ticket?.id}`);
    const variants: Record<string, string>[] = [
      { 'Auto-Submitted': 'auto-replied' },
      { 'Auto-Submitted': 'auto-generated' },
      { Precedence: 'bulk' },
      { Precedence: 'list' },
      { Precedence: 'junk' },
      { Precedence: 'auto_reply' },
      { 'X-Autoreply': 'yes' },
      { 'X-Auto-Response-Suppress': 'All' },
      { 'X-Loop': 'yes' },
    ];
    for (const [i, headers] of variants.entries()) {
      await rig.send({
        from: 'c.hargreaves@oakfield.example',
        subject: `Re: [Ref #${ticket?.number}] Shared drive`,
        text: 'I am out of the office until Monday.',
        messageId: `<at10-${i + 1}@c.example>`,
        headers,
      });
      expect(await disposition(`<at10-${i + 1}@c.example>`), JSON.stringify(headers)).toBe('auto_stored');
    }
    // A null envelope sender (Return-Path: <>), straight into the intake.
    const raw = Buffer.from(
      `Return-Path: <>\r\nFrom: c.hargreaves@oakfield.example\r\nTo: ${DESK}\r\nSubject: Re: [Ref #${ticket?.number}] Shared drive\r\nMessage-ID: <at10-null@c.example>\r\n\r\nAway\r\n`,
    );
    expect((await receiveMail(rig.ctx(), raw, { mailFrom: '' }, 'smtp')).disposition).toBe('bounce_unmatched');
    const flagged = await queryRows<{ auto_kind: string }>(
      db(),
      sql`SELECT auto_kind FROM helpdesk_messages WHERE ticket_id = ${ticket?.id} AND auto_kind <> 'none'`,
    );
    expect(flagged).toHaveLength(variants.length);
    expect((await tickets()).find((x) => x.id === ticket?.id)?.status).toBe('waiting_requester');
    // A new automatic mail opens nothing; Auto-Submitted: no is a person.
    await rig.send({
      from: 'news@vendor.example',
      subject: 'Our newsletter',
      text: 'News',
      messageId: '<at10-news@v.example>',
      headers: { Precedence: 'bulk' },
    });
    expect(await disposition('<at10-news@v.example>')).toBe('auto_ignored');
    await rig.send({
      from: 'r.lloyd@oakfield.example',
      subject: 'Human after all',
      text: 'Hi',
      messageId: '<at10-no@c.example>',
      headers: { 'Auto-Submitted': 'no' },
    });
    expect(await disposition('<at10-no@c.example>')).toBe('ticket_created');
    await quiet();
    expect(sentTo('c.hargreaves@oakfield.example')).toHaveLength(1);
    expect(sentTo('news@vendor.example')).toHaveLength(0);
  });

  it('AT-11: a delivery report is filed on the ticket its mail came from; no ticket, no reply', async () => {
    await rig.send({
      from: 'typo@oakfeild.example',
      subject: 'Printer',
      text: 'The printer is jammed.',
      messageId: '<at11-0@t.example>',
    });
    const [ticket] = (await tickets()).filter((x) => x.requester_email === 'typo@oakfeild.example');
    const ack = await eventually(() => {
      const m = sentTo('typo@oakfeild.example')[0];
      expect(m).toBeDefined();
      return m;
    });
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.oakfield.example>',
      `To: ${DESK}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <at11-dsn@mx.oakfield.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.oakfield.example',
      '',
      'Final-Recipient: rfc822; typo@oakfeild.example',
      'Action: failed',
      'Status: 5.1.1',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${ack?.mail.messageId}`,
      `Subject: ${ack?.mail.subject}`,
      '--B--',
      '',
    ].join('\r\n');
    await rig.send({ from: 'MAILER-DAEMON@mx.oakfield.example', raw: dsn, envelopeFrom: '' });
    expect(await disposition('<at11-dsn@mx.oakfield.example>')).toBe('bounce');
    expect((await tickets()).filter((x) => x.requester_email?.startsWith('mailer-daemon'))).toHaveLength(0);
    const note = await queryRows<{ body_text: string; visibility: string }>(
      db(),
      sql`SELECT body_text, visibility FROM helpdesk_messages WHERE ticket_id = ${ticket?.id} AND auto_kind = 'bounce'`,
    );
    expect(note).toEqual([{ body_text: 'Delivery failed to typo@oakfeild.example (status 5.1.1).', visibility: 'internal' }]);
    const failed = await queryRows<{ failed_at: Date | null }>(
      db(),
      sql`SELECT failed_at FROM helpdesk_outbound WHERE message_id = ${ack?.mail.messageId}`,
    );
    expect(failed[0]?.failed_at).not.toBeNull();
    await quiet();
    expect(sentTo('mailer-daemon@mx.oakfield.example')).toHaveLength(0);
  });

  it('AT-13: our own mail coming back, by Message-ID or by sender, is dropped', async () => {
    await rig.send({ from: 'x@oakfield.example', subject: 'Looped', text: 'x', messageId: '<hd.12.abcdef@oakfield.example>' });
    await rig.send({ from: DESK, subject: 'From ourselves', text: 'x', messageId: '<at13@oakfield.example>' });
    expect(await disposition('<hd.12.abcdef@oakfield.example>')).toBe('dropped_own');
    expect(await disposition('<at13@oakfield.example>')).toBe('dropped_own');
    expect((await tickets()).filter((x) => ['Looped', 'From ourselves'].includes(x.subject))).toHaveLength(0);
  });

  it('AT-12: an autoresponder ping-pong over 30 simulated minutes stays bounded', async () => {
    const evil = 'helpdesk@partner.example';
    const noreply = 'noreply@vendor.example';
    let n = 0;
    // Both answer every mail they get, with no automatic headers and no threading headers.
    rig.world.onMail(async (m) => {
      for (const who of [evil, noreply]) {
        if (!m.to.includes(who)) continue;
        await rig.send({
          from: who,
          subject: `Re: ${m.mail.subject}`,
          text: 'Thank you for your email. We will reply soon.',
          messageId: `<pp-${++n}@robot.example>`,
        });
      }
    });
    await rig.send({
      from: evil,
      subject: 'Licence server unreachable',
      text: 'Our monitoring says your licence server is down.',
      messageId: '<pp-start-1@robot.example>',
    });
    await rig.send({
      from: noreply,
      subject: 'Your renewal',
      text: 'Your subscription renews soon.',
      messageId: '<pp-start-2@robot.example>',
    });
    await quiet();
    const theirs = async () => (await tickets()).filter((x) => x.requester_email === evil || x.requester_email === noreply);
    const [a, b] = await theirs();
    const staff = () => ({ ...rig.ctx(), actor: agent });
    for (let minute = 2; minute <= 30; minute += 2) {
      rig.clock.advance(2 * 60000);
      await replyToTicket(staff(), a?.id as string, { body: `Update at minute ${minute}: still looking.` });
      await replyToTicket(staff(), b?.id as string, { body: `Update at minute ${minute}.` });
      await quiet();
    }
    rig.world.onMail(() => {});
    expect(sentTo(noreply)).toHaveLength(0);
    expect(sentTo(evil).filter((m) => m.mail.headers.get('auto-submitted') === 'auto-replied')).toHaveLength(1);
    expect(await theirs()).toHaveLength(2);
    const dispositions = await queryRows<{ disposition: string; n: number }>(
      db(),
      sql`SELECT disposition, count(*)::int AS n FROM helpdesk_inbound WHERE sender = ${evil} GROUP BY disposition ORDER BY disposition`,
    );
    // 1 new + 1 reply to the acknowledgement + 15 replies to the agent: the 11th on is held.
    expect(dispositions).toEqual([
      { disposition: 'appended', n: 9 },
      { disposition: 'held_rate_limit', n: 7 },
      { disposition: 'ticket_created', n: 1 },
    ]);
    const alerts = await queryRows<{ kind: string; message: string }>(db(), sql`SELECT kind, message FROM helpdesk_alerts`);
    expect(alerts).toEqual([{ kind: 'mail_loop', message: expect.stringContaining(evil) }]);
    // Never more than 10 mails about one ticket in any 10 minutes.
    const sent = await queryRows<{ at: Date }>(
      db(),
      sql`SELECT at FROM helpdesk_outbound WHERE ticket_id = ${a?.id} ORDER BY at`,
    );
    const times = sent.map((s) => new Date(s.at).getTime());
    expect(Math.max(...times.map((x) => times.filter((y) => y >= x && y < x + 600000).length))).toBeLessThanOrEqual(10);
  });
});
