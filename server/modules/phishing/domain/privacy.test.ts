import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import * as tar from 'tar';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backupDatabase } from '../../../db/backup.ts';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { setSetting } from '../../settings/index.ts';
import { phishingCampaigns, phishingInteractions, phishingRecipients } from '../db/tables.ts';
import { ADMIN, type Rig, scheduledCampaign, seedStaff, seedTerm, send, startRig } from '../test-rig.ts';
import { resultsCsv } from './csv-export.ts';
import { closeCampaign } from './lifecycle.ts';
import { PHISHING_SETTINGS } from './phishing-settings.ts';
import { campaignStats } from './results.ts';
import { purgeExpiredResults } from './retention.ts';
import { renderSltDocx } from './slt-docx.ts';
import { sltReport } from './slt-report.ts';
import { readPhishingSummary } from './summary.ts';
import { createWebhook, deliverWebhooks } from './webhooks.ts';

const TMP = path.resolve('.tmp/phishing-privacy', String(process.pid));

describeEachDatabase('phishing: no credential capture, retention, webhooks (PH-12, PH-14, PH-21)', (t) => {
  let rig: Rig;
  let receiver: Server;
  let receiverUrl = '';
  const received: { headers: Record<string, string | string[] | undefined>; body: string; at: Date }[] = [];
  let failFirst = 0;
  beforeAll(async () => {
    rig = await startRig(t);
    await seedTerm(rig.ctx(ADMIN));
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body, at: rig.clock.now() });
        res.statusCode = failFirst-- > 0 ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });
  afterAll(async () => {
    await rig.close();
    await new Promise((r) => receiver.close(r));
    rmSync(TMP, { recursive: true, force: true });
  });

  it('PH-12: a posted password and a textarea with a canary are counted, never kept: no table, log, export, webhook or backup holds them', async () => {
    const canary = `CANARY-${randomBytes(16).toString('hex')}`;
    const hook = await createWebhook(rig.ctx(ADMIN), { url: receiverUrl });
    const staff = await seedStaff(rig.ctx(ADMIN), { Q: 6 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('Q')], landingMode: 'form' });
    await send(rig, campaignId);
    const [r] = await rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId));
    rig.clock.advance(10 * 60_000);
    const page = await (await rig.hit('GET', `/c/${r?.token}`, { ip: '203.0.113.70' })).text();
    // The pretend form's fields have no names, so a browser posts nothing from them.
    expect(page).toContain('type="password"');
    expect(page).not.toMatch(/<input[^>]*\sname=/);
    rig.clock.advance(30_000);
    const posted = await rig.hit('POST', `/s/${r?.token}`, {
      ip: '203.0.113.70',
      type: 'application/x-www-form-urlencoded',
      body: `username=alice&password=${canary}&notes=${encodeURIComponent(`my password is ${canary}`)}`,
    });
    expect(posted.status).toBe(200);
    const submits = await rig.ctx().db.select().from(phishingInteractions).where(eq(phishingInteractions.kind, 'submit'));
    expect(submits).toHaveLength(1);
    expect(submits[0]?.fieldsFilled).toBe(3);
    const stats = await campaignStats(rig.ctx(), campaignId);
    expect(stats.overall.submitted.k).toBe(1);
    // A body over 4 KB is refused and stores nothing.
    const before = (await rig.ctx().db.select().from(phishingInteractions)).length;
    const big = await rig.hit('POST', `/s/${r?.token}`, {
      ip: '203.0.113.70',
      type: 'application/x-www-form-urlencoded',
      body: `password=${'x'.repeat(5000)}${canary}`,
    });
    expect(big.status).toBe(413);
    expect((await rig.ctx().db.select().from(phishingInteractions)).length).toBe(before);

    await closeCampaign(rig.ctx(ADMIN), campaignId);
    await deliverWebhooks(rig.ctx());
    expect(received.length).toBeGreaterThan(0);
    expect(hook.secret).not.toContain(canary);

    const haystacks: [string, string][] = [];
    const tables = await queryRows<{ name: string }>(
      rig.ctx().db,
      sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { name } of tables) {
      const rows = await queryRows<{ t: string | null }>(
        rig.ctx().db,
        sql.raw(`SELECT string_agg(x::text, E'\\n') AS t FROM "${name}" x`),
      );
      haystacks.push([`table ${name}`, rows[0]?.t ?? '']);
    }
    haystacks.push(['log lines', rig.logLines.join('\n')]);
    haystacks.push(['webhook bodies', received.map((x) => x.body).join('\n')]);
    haystacks.push(['CSV (IT)', await resultsCsv(rig.ctx(ADMIN), campaignId)]);
    haystacks.push(['SLT report', JSON.stringify(await sltReport(rig.ctx(ADMIN), campaignId))]);
    haystacks.push(['summary', JSON.stringify(await readPhishingSummary(rig.ctx(), { from: '2026-09-01', to: '2027-08-31' }))]);
    const docx = await JSZip.loadAsync(await renderSltDocx(await sltReport(rig.ctx(ADMIN), campaignId)));
    for (const f of Object.values(docx.files)) if (!f.dir) haystacks.push([`docx ${f.name}`, await f.async('string')]);
    // `belfry backup`: the whole database as a tar.gz, unpacked and read byte for byte.
    const dir = path.join(TMP, `${t.kind}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'backup.tar.gz');
    await backupDatabase(rig.ctx().db, t.kind, file);
    await tar.x({ file, cwd: dir });
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)],
      );
    const files = walk(dir).filter((f) => !f.endsWith('.tar.gz'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) haystacks.push([`backup ${path.basename(f)}`, readFileSync(f).toString('latin1')]);
    const found = haystacks.filter(([, text]) => text.includes(canary)).map(([where]) => where);
    expect(found).toEqual([]);
    // The search is real: a value that is stored is found (the lure's name is in the tables and the backup).
    expect(
      haystacks.filter(([, text]) => text.includes('phishing_recipients') || text.includes(r?.token ?? '!')).length,
    ).toBeGreaterThan(0);
  });

  it('PH-21: every interaction is posted signed, retried after a 500 with growing delays, with one idempotency key and no values', async () => {
    received.length = 0;
    const staff = await seedStaff(rig.ctx(ADMIN), { W: 2 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('W')] });
    await send(rig, campaignId);
    const [r] = await rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId));
    rig.clock.advance(10 * 60_000);
    await rig.hit('GET', `/c/${r?.token}`, { ip: '203.0.113.81' });
    failFirst = 2;
    for (let i = 0; i < 5; i++) {
      await deliverWebhooks(rig.ctx());
      rig.clock.advance(5 * 60_000);
    }
    const mine = received.filter((x) => x.body.includes(campaignId));
    expect(mine).toHaveLength(3);
    const keys = new Set(mine.map((x) => x.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    const { createHmac } = await import('node:crypto');
    const hooks = await rig.ctx().db.execute(sql`SELECT secret_enc FROM phishing_webhooks`);
    expect((hooks as unknown as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    const { decryptSecret } = await import('./secrets.ts');
    const secrets = (hooks as unknown as { rows: { secret_enc: string }[] }).rows.map((h) =>
      decryptSecret(rig.ctx(), h.secret_enc),
    );
    for (const m of mine) {
      const sig = m.headers['x-signature'] as string;
      expect(secrets.some((s) => `sha256=${createHmac('sha256', s).update(m.body).digest('hex')}` === sig)).toBe(true);
      const body = JSON.parse(m.body) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual([
        'at',
        'campaignId',
        'classification',
        'event',
        'evidence',
        'interactionId',
        'ipPrefix',
        'kind',
        'late',
      ]);
      expect(body.ipPrefix).toBe('203.0.113.0/24');
      expect(m.body).not.toContain('203.0.113.81');
    }
    const [d] = await queryRows<{ delays: number[]; attempts: number }>(
      rig.ctx().db,
      sql`SELECT delays, attempts FROM phishing_webhook_deliveries WHERE payload->>'campaignId' = ${campaignId}`,
    );
    expect(d?.attempts).toBe(3);
    expect(d?.delays).toHaveLength(2);
    expect((d?.delays[1] as number) > (d?.delays[0] as number)).toBe(true);
  });

  it('PH-14: 91 days after close the per-person rows and tokens are gone; aggregates and the SLT snapshot are unchanged', async () => {
    await setSetting(rig.ctx(ADMIN), PHISHING_SETTINGS, 'phishing.personalRetentionDays', { value: 90 });
    const staff = await seedStaff(rig.ctx(ADMIN), { Z: 7 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('Z')] });
    await send(rig, campaignId);
    const people = await rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId));
    rig.clock.advance(20 * 60_000);
    for (const [i, p] of people.slice(0, 3).entries()) await rig.hit('GET', `/c/${p.token}`, { ip: `203.0.113.${100 + i}` });
    await rig.hit('POST', `/r/${people[4]?.token}`, { ip: '203.0.113.120' });
    await closeCampaign(rig.ctx(ADMIN), campaignId);
    const [closed] = await rig.ctx().db.select().from(phishingCampaigns).where(eq(phishingCampaigns.id, campaignId));
    const stats = await campaignStats(rig.ctx(), campaignId);
    expect(stats.overall.humanClicked.k).toBe(3);
    const purgedAt = async () =>
      (await rig.ctx().db.select().from(phishingCampaigns).where(eq(phishingCampaigns.id, campaignId)))[0]?.purgedAt;
    rig.clock.advance(89 * 86_400_000);
    await purgeExpiredResults(rig.ctx());
    expect(await purgedAt()).toBeNull();
    expect(
      await rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId)),
    ).toHaveLength(7);
    rig.clock.advance(2 * 86_400_000);
    expect(await purgeExpiredResults(rig.ctx())).toBeGreaterThanOrEqual(1);
    expect(await purgedAt()).not.toBeNull();
    expect(
      await rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId)),
    ).toHaveLength(0);
    expect(
      await rig.ctx().db.select().from(phishingInteractions).where(eq(phishingInteractions.campaignId, campaignId)),
    ).toHaveLength(0);
    expect((await rig.hit('GET', `/c/${people[0]?.token}`)).status).toBe(404);
    const after = await campaignStats(rig.ctx(), campaignId);
    expect({ ...after, computedAt: '' }).toEqual({ ...stats, computedAt: '' });
    const [purged] = await rig.ctx().db.select().from(phishingCampaigns).where(eq(phishingCampaigns.id, campaignId));
    expect(purged?.snapshot).toEqual(closed?.snapshot);
    expect(purged?.purgedAt).not.toBeNull();
    expect((await sltReport(rig.ctx(ADMIN), campaignId)).headline.humanClicked.k).toBe(3);
  });
});
