import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { fixedClock } from '../../../lib/clock.ts';
import { type Actor, systemActor } from '../../../lib/context.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase, TEST_CONFIG } from '../../../lib/test-db.ts';
import { type Session, signInAs, testApp } from '../../../lib/test-http.ts';
import { setSetting } from '../../settings/index.ts';
import { HELPDESK_SETTINGS, surveyDelaySetting } from '../domain/helpdesk-settings.ts';
import { sendDueSurveys } from '../domain/surveys.ts';

describeEachDatabase('help desk over HTTP: who sees what', (t) => {
  let app: App;
  let pupil: Session & { email: string };
  let otherPupil: Session & { email: string };
  let agent: Session & { email: string };
  let otherAgent: Session & { email: string };
  let admin: Session & { email: string };
  let dsl: Session & { email: string };
  let ticketId: string;
  const json = <T>(r: { json: () => unknown }) => r.json() as T;

  beforeAll(async () => {
    app = await testApp(t.database());
    pupil = await signInAs(app, t.database(), 'pupil', '26mensahs@oakfield.example');
    otherPupil = await signInAs(app, t.database(), 'pupil', '25cooperj@oakfield.example');
    agent = await signInAs(app, t.database(), 'it', 'p.raman@oakfield.example');
    otherAgent = await signInAs(app, t.database(), 'it', 'j.marsh@oakfield.example');
    admin = await signInAs(app, t.database(), 'admin', 's.harding@oakfield.example');
    dsl = await signInAs(app, t.database(), 'slt', 'c.hargreaves@oakfield.example');
  });
  afterAll(async () => app.close());

  it('AT-35: a pupil raises a ticket and sees only their own; others get 404, and search finds nothing of theirs', async () => {
    const res = await pupil.request({
      method: 'POST',
      url: '/api/helpdesk/tickets',
      payload: {
        subject: 'Cannot log in to Teams',
        description: 'It says my password is wrong after the reset.',
        category: 'Accounts',
      },
    });
    expect(res.statusCode).toBe(201);
    ticketId = json<{ id: string }>(res).id;
    const mine = json<{ tickets: { id: string; requesterEmail: string }[] }>(
      await pupil.request({ method: 'GET', url: '/api/helpdesk/my-tickets' }),
    );
    expect(mine.tickets.map((x) => x.id)).toEqual([ticketId]);
    expect((await otherPupil.request({ method: 'GET', url: `/api/helpdesk/tickets/${ticketId}` })).statusCode).toBe(404);
    expect((await otherPupil.request({ method: 'GET', url: '/api/helpdesk/my-tickets' })).json()).toEqual({ tickets: [] });
    const search = (s: Session, q: string) =>
      s.request({ method: 'GET', url: `/api/helpdesk/search?q=${encodeURIComponent(q)}` });
    expect(json<{ tickets: unknown[] }>(await search(otherPupil, 'Teams password')).tickets).toHaveLength(0);
    expect(json<{ tickets: { id: string }[] }>(await search(pupil, 'Teams password')).tickets.map((x) => x.id)).toEqual([
      ticketId,
    ]);
    expect(json<{ tickets: { id: string }[] }>(await search(agent, 'password reset')).tickets.map((x) => x.id)).toEqual([
      ticketId,
    ]);
    expect((await pupil.request({ method: 'GET', url: '/api/helpdesk/queue' })).statusCode).toBe(403);
    expect(
      (await pupil.request({ method: 'PATCH', url: `/api/helpdesk/tickets/${ticketId}`, payload: { priority: 'p1' } }))
        .statusCode,
    ).toBe(404);
    expect((await pupil.request({ method: 'GET', url: '/api/helpdesk/metrics?from=2026-11-09&to=2026-11-15' })).statusCode).toBe(
      403,
    );
  });

  it('an agent answers from the queue; an internal note is not shown to the pupil', async () => {
    const queue = json<{ tickets: { id: string }[] }>(
      await agent.request({ method: 'GET', url: '/api/helpdesk/queue?view=unassigned' }),
    );
    expect(queue.tickets.map((x) => x.id)).toContain(ticketId);
    await agent.request({
      method: 'POST',
      url: `/api/helpdesk/tickets/${ticketId}/replies`,
      payload: { body: 'Reset in Entra, MFA re-registered.', visibility: 'internal' },
    });
    const r = await agent.request({
      method: 'POST',
      url: `/api/helpdesk/tickets/${ticketId}/replies`,
      payload: { body: 'Try again now, with your new password.', status: 'resolved' },
    });
    expect(r.statusCode).toBe(201);
    const seen = json<{ messages: { body: string }[]; view: string; survey: { canRate: boolean } }>(
      await pupil.request({ method: 'GET', url: `/api/helpdesk/tickets/${ticketId}` }),
    );
    expect(seen.view).toBe('requester');
    expect(seen.messages.map((m) => m.body)).toEqual([
      'It says my password is wrong after the reset.',
      'Try again now, with your new password.',
    ]);
    expect(seen.survey.canRate).toBe(true);
  });

  it("attachments: within the limits they are stored and only the ticket's readers can download them", async () => {
    const upload = (session: Session, name: string, type: string, bytes: Buffer) => {
      const boundary = '----belfry-test';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return session.request({
        method: 'POST',
        url: `/api/helpdesk/tickets/${ticketId}/attachments`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const ok = await upload(pupil, 'error.png', 'image/png', png);
    expect(ok.statusCode).toBe(201);
    const { id } = ok.json() as { id: string };
    const mine = await pupil.request({ method: 'GET', url: `/api/helpdesk/attachments/${id}` });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(mine.rawPayload.equals(png)).toBe(true);
    expect((await otherPupil.request({ method: 'GET', url: `/api/helpdesk/attachments/${id}` })).statusCode).toBe(404);
    expect((await agent.request({ method: 'GET', url: `/api/helpdesk/attachments/${id}` })).statusCode).toBe(200);
    const exe = await upload(pupil, 'setup.exe', 'application/x-msdownload', Buffer.from('MZ'));
    expect(exe.statusCode).toBe(400);
    expect(exe.json()).toMatchObject({ error: 'setup.exe: files of type application/x-msdownload are not accepted' });
    // RFC 6266/5987: a Chinese name and a right-to-left override download, named safely.
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const chinese = json<{ id: string }>(await upload(pupil, '报告.pdf', 'application/pdf', pdf));
    const got = await pupil.request({ method: 'GET', url: `/api/helpdesk/attachments/${chinese.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    const rtl = json<{ id: string }>(await upload(pupil, 'invoice\u202Efdp.png', 'image/png', png));
    const shown = await pupil.request({ method: 'GET', url: `/api/helpdesk/attachments/${rtl.id}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-disposition']).toBe('inline; filename="invoicefdp.png"');
  });

  it('AT-36: a restricted ticket is for the named people and roles only, and every opening is audited', async () => {
    const created = json<{ id: string }>(
      await agent.request({
        method: 'POST',
        url: '/api/helpdesk/tickets',
        payload: {
          subject: 'Concern raised through filtering alert',
          description: 'Searches flagged overnight.',
          category: 'Safeguarding',
          requesterEmail: 'filtering@oakfield.example',
        },
      }),
    );
    const dslUser = await queryRows<{ id: string }>(
      t.database().db,
      sql`SELECT id FROM accounts_users WHERE email = 'c.hargreaves@oakfield.example'`,
    );
    const agentUser = await queryRows<{ id: string }>(
      t.database().db,
      sql`SELECT id FROM accounts_users WHERE email = 'p.raman@oakfield.example'`,
    );
    const patch = await agent.request({
      method: 'PATCH',
      url: `/api/helpdesk/tickets/${created.id}`,
      payload: { restricted: true, restrictedTo: [dslUser[0]?.id, agentUser[0]?.id] },
    });
    expect(patch.statusCode).toBe(200);
    expect((await otherAgent.request({ method: 'GET', url: `/api/helpdesk/tickets/${created.id}` })).statusCode).toBe(404);
    const queue = json<{ tickets: { id: string; subject: string; requesterName: string }[] }>(
      await otherAgent.request({ method: 'GET', url: '/api/helpdesk/queue?view=open' }),
    );
    expect(queue.tickets.find((x) => x.id === created.id)).toMatchObject({
      subject: 'Restricted ticket',
      requesterName: 'Restricted',
    });
    const found = json<{ tickets: unknown[] }>(
      await otherAgent.request({ method: 'GET', url: '/api/helpdesk/search?q=filtering%20alert' }),
    );
    expect(found.tickets).toHaveLength(0);
    expect((await dsl.request({ method: 'GET', url: `/api/helpdesk/tickets/${created.id}` })).statusCode).toBe(200);
    expect((await admin.request({ method: 'GET', url: `/api/helpdesk/tickets/${created.id}` })).statusCode).toBe(200);
    expect((await agent.request({ method: 'GET', url: `/api/helpdesk/tickets/${created.id}` })).statusCode).toBe(200);
    const audit = await queryRows<{ actor_label: string; action: string }>(
      t.database().db,
      sql`SELECT actor_label, action FROM audit_events WHERE target_id = ${created.id} AND action = 'helpdesk.restricted_access' ORDER BY id`,
    );
    expect(audit.map((a) => a.actor_label)).toEqual([
      'p.raman@oakfield.example',
      'c.hargreaves@oakfield.example',
      's.harding@oakfield.example',
      'p.raman@oakfield.example',
    ]);
  });

  it('AT-29: the rating link works signed out, once per survey (a second click changes the answer), and refuses tampered or expired tokens', async () => {
    const mail = captureMailer();
    const ctx = {
      db: t.database().db,
      clock: fixedClock('2026-11-16T10:00:00Z'),
      config: { ...TEST_CONFIG, mail: { host: 'x', port: 25, secure: false, from: 'itservices@oakfield.example' } },
      log: silentLogger,
      mail,
      actor: systemActor('test') as Actor,
    };
    await setSetting(ctx, HELPDESK_SETTINGS, surveyDelaySetting.key, { value: 30 });
    expect(await sendDueSurveys(ctx)).toBe(1);
    const text = mail.sent[0]?.text ?? '';
    expect(mail.sent[0]?.headers?.['Auto-Submitted']).toBe('auto-generated');
    expect(text.match(/\/rate\/[\w-]+\?score=\d/g)).toHaveLength(5);
    const token = /\/rate\/([\w-]+)\?score=4/.exec(text)?.[1] as string;
    const anon = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, payload });
    const page = await anon('GET', `/api/helpdesk/rate/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ subject: 'Cannot log in to Teams', rating: null });
    expect((await anon('POST', `/api/helpdesk/rate/${token}`, { rating: 4 })).statusCode).toBe(200);
    expect(
      (
        await anon('POST', `/api/helpdesk/rate/${token}`, {
          rating: 5,
          comment: 'Sorted in ten minutes, thank you!',
          consent: true,
        })
      ).statusCode,
    ).toBe(200);
    const rows = await queryRows<{ rating: number; comment: string }>(
      t.database().db,
      sql`SELECT rating, comment FROM helpdesk_surveys`,
    );
    expect(rows).toEqual([{ rating: 5, comment: 'Sorted in ten minutes, thank you!' }]);
    expect((await anon('GET', `/api/helpdesk/rate/${token.slice(0, -2)}xx`)).statusCode).toBe(404);
    const later = await testApp(t.database(), fixedClock('2026-12-17T10:00:00Z'));
    expect((await later.inject({ method: 'GET', url: `/api/helpdesk/rate/${token}` })).statusCode).toBe(400);
    await later.close();
    // AT-30: the restricted ticket's requester is not surveyed when it is resolved by... an IT address; nor is a merged one.
    expect(await sendDueSurveys(ctx)).toBe(0);
  });

  it("merging never lets a pupil read a staff member's private request without asking", async () => {
    const staff = await signInAs(app, t.database(), 'staff', 'd.cooper@oakfield.example');
    const privateReq = json<{ id: string; number: number }>(
      await staff.request({
        method: 'POST',
        url: '/api/helpdesk/tickets',
        payload: { subject: 'Projector in M104', description: 'Also: my payslip PDF will not open.', category: 'AV' },
      }),
    );
    const pupils = json<{ id: string; number: number }>(
      await pupil.request({
        method: 'POST',
        url: '/api/helpdesk/tickets',
        payload: { subject: 'Projector in M104 broken', description: 'No picture in M104.', category: 'AV' },
      }),
    );
    const merge = (body: Record<string, unknown>) =>
      agent.request({ method: 'POST', url: `/api/helpdesk/tickets/${pupils.id}/merge`, payload: body });
    const asked = await merge({ into: privateReq.number });
    expect(asked.statusCode).toBe(409);
    expect(asked.json().error).toMatch(
      new RegExp(
        `^#${pupils.number} was raised by .* \\(a pupil\\), #${privateReq.number} by .*\\. Adding .* to #${privateReq.number} would let them read its replies\\.`,
      ),
    );
    // Nothing happened: both stay open and the pupil still cannot open the staff request.
    expect((await pupil.request({ method: 'GET', url: `/api/helpdesk/tickets/${pupils.id}` })).json().ticket.status).toBe('new');
    expect((await pupil.request({ method: 'GET', url: `/api/helpdesk/tickets/${privateReq.id}` })).statusCode).toBe(404);
    // Merged without adding the pupil: the staff request stays the staff member's alone.
    const merged = await merge({ into: privateReq.number, addRequester: false });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toEqual({ intoId: privateReq.id, requesterAdded: false });
    expect((await pupil.request({ method: 'GET', url: `/api/helpdesk/tickets/${privateReq.id}` })).statusCode).toBe(404);
    const target = json<{ collaborators: string[] }>(
      await agent.request({ method: 'GET', url: `/api/helpdesk/tickets/${privateReq.id}` }),
    );
    expect(target.collaborators).toEqual([]);
  });
});
