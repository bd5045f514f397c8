import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { receiveMail } from './mail-intake.ts';
import { DESK, eventually, type MailRig, startMailRig } from './test-mail.ts';

type TicketRow = {
  id: string;
  number: number;
  subject: string;
  status: string;
  requester_email: string;
  collaborators: string[];
};
type MessageRow = {
  author_kind: string;
  body_text: string;
  body_html: string | null;
  auto_kind: string;
  message_id: string;
  raw: string | null;
};

describeEachDatabase('help desk email over SMTP on loopback', (t) => {
  let rig: MailRig;
  const tickets = () => queryRows<TicketRow>(t.database().db, sql`SELECT * FROM helpdesk_tickets ORDER BY number`);
  const ticketBySubject = async (s: string) => (await tickets()).filter((x) => x.subject === s);
  const messagesOf = (id: string) =>
    queryRows<MessageRow>(t.database().db, sql`SELECT * FROM helpdesk_messages WHERE ticket_id = ${id} ORDER BY at, seq`);
  const inbound = (mid: string) =>
    queryRows<{ disposition: string }>(t.database().db, sql`SELECT disposition FROM helpdesk_inbound WHERE message_id = ${mid}`);
  const sentTo = (addr: string) => rig.world.received.filter((m) => m.to.includes(addr));

  beforeAll(async () => {
    rig = await startMailRig(t);
    await createUser(rig.ctx(), {
      email: 'p.raman@oakfield.example',
      name: 'Priya Raman',
      role: 'it',
      password: 'correct horse battery staple',
    });
  });
  afterAll(async () => rig.close());

  it('AT-1: a new mail opens one ticket with its bodies, attachments and Message-ID, and one acknowledgement', async () => {
    await rig.send({
      from: 'Daniel Cooper <d.cooper@oakfield.example>',
      subject: 'Projector in M104 shows no picture',
      text: 'The projector in M104 has no picture since this morning.',
      html: '<p>The projector in M104 has <b>no picture</b> since this morning.</p>',
      messageId: '<at1@client.example>',
      attachments: [
        { filename: 'photo.png', content: Buffer.from('89504e470d0a1a0a', 'hex'), contentType: 'image/png' },
        { filename: 'notes.txt', content: 'It flickers, then nothing.', contentType: 'text/plain' },
      ],
    });
    const [ticket] = await ticketBySubject('Projector in M104 shows no picture');
    expect(ticket).toMatchObject({ requester_email: 'd.cooper@oakfield.example', status: 'new' });
    const [message] = await messagesOf(ticket?.id as string);
    expect(message?.body_text).toBe('The projector in M104 has no picture since this morning.');
    expect(message?.body_html).toContain('<b>no picture</b>');
    expect(message?.message_id).toBe('<at1@client.example>');
    const files = await queryRows<{ file_name: string; size: number }>(
      t.database().db,
      sql`SELECT file_name, size FROM helpdesk_attachments WHERE ticket_id = ${ticket?.id} ORDER BY file_name`,
    );
    expect(files).toEqual([
      { file_name: 'notes.txt', size: 26 },
      { file_name: 'photo.png', size: 8 },
    ]);
    const acks = await eventually(() => {
      const a = sentTo('d.cooper@oakfield.example');
      expect(a).toHaveLength(1);
      return a;
    });
    const ack = acks[0]?.mail;
    expect(ack?.subject).toBe(`[Ref #${ticket?.number}] Projector in M104 shows no picture`);
    expect(ack?.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack?.headers.get('x-auto-response-suppress')).toBe('All');
    expect(ack?.messageId).toMatch(/^<hd\.\d+\.[\w-]+@oakfield\.example>$/);
    expect(ack?.inReplyTo).toBe('<at1@client.example>');
    expect(ack?.references).toContain('<at1@client.example>');
  });

  it('AT-2, AT-3: a reply threads by the reference in the subject, or by headers alone, and ends the wait on the requester', async () => {
    const [ticket] = await ticketBySubject('Projector in M104 shows no picture');
    await t.database().db.execute(sql`UPDATE helpdesk_tickets SET status = 'waiting_requester' WHERE id = ${ticket?.id}`);
    await rig.send({
      from: 'd.cooper@oakfield.example',
      subject: `RE: [Ref #${ticket?.number}] Projector in M104 shows no picture`,
      text: 'It is the one on the ceiling.\n\nOn Mon, 16 Nov 2026 at 09:00, IT Services <itservices@oakfield.example> wrote:\n> Thank you',
      messageId: '<at2@client.example>',
    });
    const ack = sentTo('d.cooper@oakfield.example')[0]?.mail.messageId as string;
    await rig.send({
      from: 'd.cooper@oakfield.example',
      subject: 'the projector again',
      text: 'Also the sound is out.',
      messageId: '<at3@client.example>',
      inReplyTo: ack,
      references: [ack],
    });
    expect(await ticketBySubject('the projector again')).toHaveLength(0);
    const messages = await messagesOf(ticket?.id as string);
    expect(messages.map((m) => [m.author_kind, m.body_text])).toEqual([
      ['requester', 'The projector in M104 has no picture since this morning.'],
      ['requester', 'It is the one on the ceiling.'],
      ['requester', 'Also the sound is out.'],
    ]);
    expect((await tickets()).find((x) => x.id === ticket?.id)?.status).toBe('open');
    // Replies get no acknowledgement.
    expect(sentTo('d.cooper@oakfield.example')).toHaveLength(1);
  });

  it("AT-4: a CC'd colleague replying to the original mail joins the same ticket as a collaborator", async () => {
    await rig.send({
      from: 'h.pemberton@oakfield.example',
      cc: 'm.bennett@oakfield.example',
      subject: 'Exam room clocks wrong',
      text: 'The clocks in the Sports Hall are an hour out.',
      messageId: '<at4-original@client.example>',
    });
    await rig.send({
      from: 'm.bennett@oakfield.example',
      subject: 'Re: Exam room clocks wrong',
      text: 'Also in the Dining Hall.',
      messageId: '<at4-reply@client.example>',
      inReplyTo: '<at4-original@client.example>',
      references: ['<at4-original@client.example>'],
    });
    const found = await ticketBySubject('Exam room clocks wrong');
    expect(found).toHaveLength(1);
    expect(found[0]?.collaborators).toEqual(['m.bennett@oakfield.example']);
    expect((await messagesOf(found[0]?.id as string)).map((m) => m.author_kind)).toEqual(['requester', 'collaborator']);
  });

  it('AT-5: a stranger quoting a ticket reference without matching headers does not get into that ticket', async () => {
    const [ticket] = await ticketBySubject('Projector in M104 shows no picture');
    const before = (await messagesOf(ticket?.id as string)).length;
    await rig.send({
      from: 'someone@elsewhere.example',
      subject: `Re: [Ref #${ticket?.number}] Projector in M104 shows no picture`,
      text: 'Please reset my password and send it to me.',
      messageId: '<at5@elsewhere.example>',
    });
    expect(await messagesOf(ticket?.id as string)).toHaveLength(before);
    const fresh = (await tickets()).filter((x) => x.requester_email === 'someone@elsewhere.example');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.subject).toBe('Projector in M104 shows no picture');
    const note = (await messagesOf(fresh[0]?.id as string)).find((m) => m.author_kind === 'system');
    expect(note?.body_text).toContain('not on that ticket');
  });

  it('AT-6, AT-7: the same message three times, and one mail to two desk addresses, are stored once', async () => {
    for (let i = 0; i < 3; i++) {
      await rig.send({
        from: 'j.ashworth@oakfield.example',
        subject: 'Laptop charger',
        text: 'Mine broke.',
        messageId: '<at6@client.example>',
      });
    }
    expect(await ticketBySubject('Laptop charger')).toHaveLength(1);
    expect(await inbound('<at6@client.example>')).toEqual([{ disposition: 'ticket_created' }]);
    // Straight into the intake twice, as two overlapping mailbox fetches would.
    const raw = Buffer.from(
      `From: f.macleod@oakfield.example\r\nTo: ${DESK}, help@oakfield.example\r\nSubject: Two addresses\r\nMessage-ID: <at7@client.example>\r\n\r\nHello\r\n`,
    );
    const results = await Promise.all([
      receiveMail(rig.ctx(), raw, { rcptTo: [DESK, 'help@oakfield.example'] }, 'imap'),
      receiveMail(rig.ctx(), raw, { rcptTo: [DESK] }, 'imap'),
    ]);
    expect(results.map((r) => r.disposition).sort()).toEqual(['duplicate', 'ticket_created']);
    expect(await ticketBySubject('Two addresses')).toHaveLength(1);
    await eventually(() => expect(sentTo('f.macleod@oakfield.example')).toHaveLength(1));
  });

  it('AT-8: a reply to a closed ticket reopens it within the window and opens a linked ticket after', async () => {
    const [ticket] = await ticketBySubject('Laptop charger');
    const db = t.database().db;
    await db.execute(
      sql`UPDATE helpdesk_tickets SET status = 'resolved', resolved_at = '2026-11-13T10:00:00Z' WHERE id = ${ticket?.id}`,
    );
    await rig.send({
      from: 'j.ashworth@oakfield.example',
      subject: `Re: [Ref #${ticket?.number}] Laptop charger`,
      text: 'The new one does not charge either.',
      messageId: '<at8-a@client.example>',
    });
    expect((await ticketBySubject('Laptop charger')).map((x) => x.status)).toEqual(['open']);
    await db.execute(
      sql`UPDATE helpdesk_tickets SET status = 'closed', resolved_at = '2026-10-01T10:00:00Z' WHERE id = ${ticket?.id}`,
    );
    await rig.send({
      from: 'j.ashworth@oakfield.example',
      subject: `Re: [Ref #${ticket?.number}] Laptop charger`,
      text: 'It has broken again.',
      messageId: '<at8-b@client.example>',
    });
    const both = await queryRows<{ number: number; status: string; linked: number | null }>(
      db,
      sql`SELECT t.number, t.status, l.number AS linked FROM helpdesk_tickets t LEFT JOIN helpdesk_tickets l ON l.id = t.linked_to_id
          WHERE t.subject = 'Laptop charger' ORDER BY t.number`,
    );
    expect(both).toEqual([
      { number: ticket?.number, status: 'closed', linked: null },
      { number: expect.any(Number), status: 'new', linked: ticket?.number },
    ]);
    expect(await inbound('<at8-b@client.example>')).toEqual([{ disposition: 'ticket_created' }]);
  });

  it('AT-9: the stored reply leaves out quoted history and signature; the raw message is kept', async () => {
    const [ticket] = await ticketBySubject('Exam room clocks wrong');
    await rig.send({
      from: 'h.pemberton@oakfield.example',
      subject: `RE: [Ref #${ticket?.number}] Exam room clocks wrong`,
      text: 'Fixed now, thank you.\r\n\r\nSent from my iPhone\r\n\r\n> On 16 Nov 2026, at 09:12, IT Services wrote:\r\n> Done',
      messageId: '<at9@client.example>',
    });
    const last = (await messagesOf(ticket?.id as string)).at(-1);
    expect(last?.body_text).toBe('Fixed now, thank you.');
    expect(last?.raw).toContain('Sent from my iPhone');
  });

  it('AT-21: an agent replying by email is the first response, and it is passed on to the requester', async () => {
    const [ticket] = await ticketBySubject('Exam room clocks wrong');
    rig.clock.advance(20 * 60000);
    await rig.send({
      from: 'Priya Raman <p.raman@oakfield.example>',
      subject: `RE: [Ref #${ticket?.number}] Exam room clocks wrong`,
      text: 'Both clocks are synced to the network time now.',
      messageId: '<at21@client.example>',
    });
    const rows = await queryRows<{ first_response_at: Date; status: string }>(
      t.database().db,
      sql`SELECT first_response_at, status FROM helpdesk_tickets WHERE id = ${ticket?.id}`,
    );
    expect(new Date(rows[0]?.first_response_at as Date).toISOString()).toBe(rig.clock.now().toISOString());
    const forwarded = await eventually(() => {
      const f = sentTo('h.pemberton@oakfield.example').filter((m) => m.mail.text?.includes('synced'));
      expect(f).toHaveLength(1);
      return f[0];
    });
    expect(forwarded?.mail.headers.get('auto-submitted')).toBeUndefined();
    expect(forwarded?.mail.inReplyTo).toBe('<at21@client.example>');
    expect(sentTo('m.bennett@oakfield.example').filter((m) => m.mail.text?.includes('synced'))).toHaveLength(1);
  });
});
