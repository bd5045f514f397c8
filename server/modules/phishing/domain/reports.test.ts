import { eq } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Config } from '../../../config.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { type FakeImap, startFakeImap } from '../../../lib/test-imap.ts';
import { phishingRecipients } from '../db/tables.ts';
import { ADMIN, type Rig, scheduledCampaign, seedStaff, seedTerm, send, startRig } from '../test-rig.ts';
import { resultsCsv } from './csv-export.ts';
import { listMailReports, pollReportingMailbox, tokensInText } from './mail-reports.ts';
import { loadOutcomes } from './results.ts';
import { reportLines, sltReport } from './slt-report.ts';
import { readPhishingSummary } from './summary.ts';
import { outlookMsg } from './test-msg.ts';

type R = typeof phishingRecipients.$inferSelect;

const build = (o: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Buffer>((resolve, reject) => new MailComposer(o).compile().build((err, msg) => (err ? reject(err) : resolve(msg))));

describeEachDatabase('phishing: reports from staff and the outputs (PH-16, PH-18, PH-19)', (t) => {
  let rig: Rig;
  let imap: FakeImap;
  beforeAll(async () => {
    rig = await startRig(t);
    await seedTerm(rig.ctx(ADMIN));
    imap = await startFakeImap({ user: 'report@school.example', password: 'mailbox-password' });
  });
  afterAll(async () => {
    await rig.close();
    await imap.close();
  });
  const peopleOf = async (campaignId: string) =>
    (await rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId))).sort(
      (a, b) => a.sendOrder - b.sendOrder,
    );

  it('finds tokens in plain links, Safe Links rewrites and quoted-printable soft breaks', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWx';
    expect(tokensInText(`Click https://look.example/c/${token} now`)).toEqual([token]);
    const safe = `https://eur02.safelinks.protection.outlook.com/?url=${encodeURIComponent(`https://look.example/c/${token}`)}&data=05%7C02&reserved=0`;
    expect(tokensInText(safe)).toEqual([token]);
    expect(tokensInText(`https://look.example/c/AbCdEfGhIjKl=\r\nMnOpQrStUvWx`)).toEqual([token]);
    expect(tokensInText('https://look.example/c/short')).toEqual([]);
  });

  it('PH-16: inline, .eml and .msg forwards mark D, E and F reported at the report time; no token is a real report; a second poll counts nothing twice', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { M: 5 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('M')] });
    await send(rig, campaignId);
    const [d, e, f] = (await peopleOf(campaignId)) as [R, R, R];
    const delivered = (r: R) => rig.sink.messages.find((m) => m.rcptTo.includes(r.email.toLowerCase()));
    const mailbox = 'report@school.example';
    const inline = await build({
      from: d.email,
      to: mailbox,
      subject: `FW: ${delivered(d)?.mail.subject}`,
      messageId: '<fwd-d@school.example>',
      text: `This looks dodgy.\n\n-----Original Message-----\n${delivered(d)?.mail.text}`,
      html: `<p>This looks dodgy.</p><hr>${String(delivered(d)?.mail.html).replace(
        /https?:\/\/[^"]+\/c\/([A-Za-z0-9_-]+)/,
        (u) => `https://eur02.safelinks.protection.outlook.com/?url=${encodeURIComponent(u)}&amp;data=05%7C02`,
      )}`,
    });
    const asEml = await build({
      from: e.email,
      to: mailbox,
      subject: 'Suspicious',
      messageId: '<fwd-e@school.example>',
      text: 'Attached.',
      attachments: [{ filename: 'Suspicious message.eml', content: delivered(e)?.raw ?? '', contentType: 'message/rfc822' }],
    });
    const fLink = /https?:\/\/[^\s"]+\/c\/[A-Za-z0-9_-]+/.exec(delivered(f)?.mail.text ?? '')?.[0] ?? '';
    const asMsg = await build({
      from: f.email,
      to: mailbox,
      subject: 'Is this real?',
      messageId: '<fwd-f@school.example>',
      text: 'See attached.',
      attachments: [
        {
          filename: 'Your password expires today.msg',
          content: outlookMsg({ subject: delivered(f)?.mail.subject ?? '', body: `Keep my password: ${fLink}` }),
          contentType: 'application/vnd.ms-outlook',
        },
      ],
    });
    const real = await build({
      from: 'someone@school.example',
      to: mailbox,
      subject: 'Invoice from a supplier I do not know',
      messageId: '<real-1@school.example>',
      text: 'Please check https://evil.example/pay/now',
    });
    for (const m of [inline, asEml, asMsg, real]) imap.add(m.toString('utf8'));
    const config: Config = {
      ...rig.config,
      phishing: {
        ...(rig.config.phishing as NonNullable<Config['phishing']>),
        imap: {
          host: '127.0.0.1',
          port: imap.port,
          secure: false,
          user: mailbox,
          password: 'mailbox-password',
          mailbox: 'INBOX',
        },
      },
    };
    rig.clock.advance(25 * 60_000);
    const ctx = { ...rig.ctx(ADMIN), config };
    const first = await pollReportingMailbox(ctx, config.phishing?.imap as NonNullable<Config['imap']>);
    expect(first).toEqual({ fetched: 4, matched: 3, review: 1, duplicates: 0 });
    const outcomes = await loadOutcomes(rig.ctx(), campaignId);
    for (const r of [d, e, f]) {
      const o = outcomes.find((x) => x.id === r.id);
      expect(o?.reportedAt).toBe(rig.clock.now().toISOString());
      expect(o?.outcome).toBe('recognised');
    }
    expect(outcomes.filter((o) => o.reportedAt)).toHaveLength(3);
    const review = await listMailReports(rig.ctx(ADMIN), { status: 'review' });
    expect(review.map((x) => x.subject)).toContain('Invoice from a supplier I do not know');
    // Polled again (unread again, and the same message added twice): nothing counts twice.
    for (const m of imap.messages) m.seen = false;
    imap.add(inline.toString('utf8'));
    const second = await pollReportingMailbox(ctx, config.phishing?.imap as NonNullable<Config['imap']>);
    expect(second).toMatchObject({ matched: 0, review: 0, duplicates: 5 });
    const stats = await sltReport(rig.ctx(ADMIN), campaignId);
    expect(stats.headline.reported).toMatchObject({ k: 3, n: 5 });
  });

  it('PH-19: the SLT report says 30% (95% CI 11–60%) and 40% (95% CI 17–69%), withholds a group of 4, names nobody and counts the machines', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { 'Staff-A': 10, 'Staff-B': 4 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('Staff-A'), staff.code('Staff-B')] });
    await send(rig, campaignId);
    const people = await peopleOf(campaignId);
    const a = people.filter((p) => p.groupName === staff.code('Staff-A'));
    rig.clock.advance(15 * 60_000);
    for (const [i, p] of a.slice(0, 3).entries()) await rig.hit('GET', `/c/${p.token}`, { ip: `203.0.113.${10 + i}` });
    for (const [i, p] of a.slice(3, 7).entries()) await rig.hit('POST', `/r/${p.token}`, { ip: `203.0.113.${20 + i}` });
    await rig.hit('HEAD', `/c/${a[8]?.token}`, { ip: '40.94.1.1' });
    const report = await sltReport(rig.ctx(ADMIN), campaignId);
    const text = JSON.stringify(reportLines(report));
    expect(text).toContain(`${staff.code('Staff-A')} (10): reported 40% (95% CI 17–69%); clicked 30% (95% CI 11–60%)`);
    expect(text).toContain(`${staff.code('Staff-B')}: fewer than 5 people, not shown`);
    expect(report.groups.find((g) => g.name === staff.code('Staff-B'))).toMatchObject({
      suppressed: true,
      n: null,
      reported: null,
    });
    expect(text).toMatch(/Machine requests left out \(link scanners, previews, report-button checks\): 1/);
    expect(text).not.toMatch(/open rate|opened the message/i);
    for (const p of people) {
      expect(text).not.toContain(p.email);
      expect(text).not.toContain(p.displayName);
      expect(text).not.toContain(p.displayName.split(' ')[1] as string);
    }
    // SLT may read it; staff and pupils may not.
    await expect(sltReport({ ...rig.ctx(), actor: { ...ADMIN, role: 'slt' } }, campaignId)).resolves.toBeTruthy();
    await expect(sltReport({ ...rig.ctx(), actor: { ...ADMIN, role: 'staff' } }, campaignId)).rejects.toThrow(/permission/);
  });

  it('PH-18: the CSV has the exact columns, RFC 4180 quoting, ISO UTC times, escaped formulas; SLT gets no ref and no small groups', async () => {
    const staff = await seedStaff(
      rig.ctx(ADMIN),
      { Big: 6, Tiny: 2 },
      { shared: [{ email: 'formula@school.example', groups: ['=SUM(A1)'] }] },
    );
    const { campaignId } = await scheduledCampaign(rig, {
      groups: [staff.code('Big'), staff.code('Tiny'), staff.code('=SUM(A1)')],
    });
    await send(rig, campaignId);
    const [first] = await peopleOf(campaignId);
    rig.clock.advance(11 * 60_000);
    await rig.hit('GET', `/c/${first?.token}`, { ip: '203.0.113.90' });
    const csv = await resultsCsv(rig.ctx(ADMIN), campaignId);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'campaign_id,campaign_name,recipient_ref,group,lure_id,lure_technique,lure_theme,difficulty,delivery_status,smtp_accepted_at,reported_at,reported_before_click,first_human_click_at,click_class,submitted_at,excluded_automated_interactions,training_assigned,training_completed_at',
    );
    expect(lines.filter(Boolean)).toHaveLength(1 + 9);
    expect(csv).toContain(`,'=SUM(A1)-${staff.run},`);
    expect(csv).toMatch(/,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
    expect(csv).not.toMatch(/@school\.example/);
    expect(lines.some((l) => /,R-[0-9a-f]{10},/.test(l))).toBe(true);
    const slt = await resultsCsv({ ...rig.ctx(), actor: { ...ADMIN, role: 'slt' } }, campaignId);
    const sltLines = slt.split('\r\n').filter(Boolean);
    expect(sltLines[0]).not.toContain('recipient_ref');
    expect(sltLines).toHaveLength(1 + 6);
    expect(slt).not.toContain(staff.code('Tiny'));
    expect(slt).not.toMatch(/R-[0-9a-f]{10}/);
  });

  it('readPhishingSummary: the contract shape for a window, small campaigns left out of the list', async () => {
    const s = await readPhishingSummary(rig.ctx(), { from: '2026-11-01', to: '2026-11-30' });
    expect(s.suppressionThreshold).toBe(5);
    expect(s.campaigns.length).toBeGreaterThan(0);
    for (const c of s.campaigns) {
      expect(c.delivered).toBeGreaterThanOrEqual(5);
      expect(c.url).toBe(`/phishing/campaigns/${c.id}`);
      expect(Object.keys(c).sort()).toEqual(
        [
          'closedAt',
          'delivered',
          'excludedAutomated',
          'humanClicked',
          'id',
          'medianMinutesToFirstReport',
          'name',
          'recognised',
          'reported',
          'startedAt',
          'state',
          'submitted',
          'url',
        ].sort(),
      );
    }
    expect(s.totals.campaigns).toBeGreaterThanOrEqual(s.campaigns.length);
    expect(s.totals.reported.n).toBe(s.totals.delivered);
    expect(s.byTag.every((x) => x.humanClicked.n >= 5)).toBe(true);
    const none = await readPhishingSummary(rig.ctx(), { from: '2025-01-01', to: '2025-01-31' });
    expect(none.campaigns).toEqual([]);
    expect(none.totals).toMatchObject({ campaigns: 0, delivered: 0, reported: { k: 0, n: 0, rate: null } });
    await expect(readPhishingSummary(rig.ctx(), { from: '2026-12-01', to: '2026-11-01' })).rejects.toThrow(/before/);
  });
});
