import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchBrowser, newPage, screenshot, signIn, textOf } from './browser.ts';

/**
 * The Director builds a campaign from a starter lure and sends it to a loopback SMTP sink through
 * the running server; one person clicks in a real browser, a scanner checks another link, a third
 * reports it; the campaign is closed and the SLT report shows just that.
 */

type Received = { to: string; raw: string; at: number };
let browser: Browser;
let sink: SMTPServer;
let sinkPort = 0;
const received: Received[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo[0]?.address ?? '',
          raw: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  sinkPort = (sink.server.address() as { port: number }).port;
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => sink.close(() => r()));
});

/** Changes the setting as the signed-in page, with its CSRF cookie. */
async function setGuard(page: Page, value: 'on' | 'off'): Promise<number> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'belfry_csrf')?.value ?? '';
  const res = await page.request.put('/api/settings/phishing.calendarGuard', {
    headers: { 'x-csrf-token': decodeURIComponent(csrf), origin: inject('baseUrl') },
    data: { value },
  });
  return res.status();
}

const londonDate = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

const tokenOf = (raw: string) => /\/c\/([A-Za-z0-9_-]{22,})/.exec(raw.replace(/=\r?\n/g, ''))?.[1] as string;

it('a campaign from a starter lure: sent to a loopback sink, clicked by a person and a scanner, reported, closed, reported to SLT', async () => {
  const { page, context } = await newPage(browser);
  await signIn(page, 'admin');
  // This flow runs at any hour; the calendar guard would rightly refuse a Saturday night.
  expect(await setGuard(page, 'off')).toBe(200);
  try {
    // A sending profile to the loopback sink.
    await page.goto('/phishing/setup');
    await page.getByRole('button', { name: 'New profile' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Loopback sink');
    await dialog.getByLabel('SMTP relay').fill('127.0.0.1');
    await dialog.getByLabel('Port', { exact: true }).fill(String(sinkPort));
    await dialog.getByLabel('Envelope sender (MAIL FROM)').fill('notify@oakfield-staff-portal.example');
    await dialog.getByLabel('Per minute').fill('0');
    await screenshot(page, 'phishing-01-profile');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Loopback sink' }).waitFor();

    // The campaign, from a starter lure, to the IT Services group.
    await page.goto('/phishing/campaigns');
    await page.getByRole('button', { name: 'New campaign' }).click();
    const form = page.getByRole('dialog');
    const name = `IT team check ${Date.now() % 100000}`;
    await form.getByLabel(/^Name/).fill(name);
    await form.getByLabel(/^Lures/).click();
    await form.getByLabel(/^Lures/).fill('Password expires');
    await page.getByRole('option', { name: /Password expires today/ }).click();
    await form.getByLabel(/^Staff groups/).click();
    await form.getByLabel(/^Staff groups/).fill('IT services');
    await page.getByRole('option', { name: /IT services/ }).click();
    await form.getByLabel(/^Sending profile/).click();
    await page.getByRole('option', { name: /Loopback sink/ }).click();
    await form.getByLabel('Window opens').fill(londonDate(0));
    await form.getByLabel('Window closes').fill(londonDate(1));
    await form.getByLabel('Opening time').fill('00:00');
    await form.getByLabel('Closing time').fill('23:59');
    await form.getByLabel('Send from (each school day)').fill('00:00');
    await form.getByLabel('Send until').fill('23:59');
    await form.getByLabel('Spread the sends at random across the window').uncheck();
    await screenshot(page, 'phishing-02-new-campaign');
    await form.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL('**/phishing/campaigns/**');
    const campaignPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name }).waitFor();
    await page.getByRole('button', { name: 'Check and schedule' }).click();
    await page.getByText(/will receive it/).waitFor();

    // The server's sender delivers to the sink (it looks for work every 15 seconds).
    await expect.poll(() => page.getByText(/[1-9]\d* delivered, 0 to send/).count(), { timeout: 60_000, interval: 1000 }).toBe(1);
    const mine = received.filter((m) => m.raw.includes('@oakfield-staff-portal.example'));
    expect(mine.length).toBeGreaterThanOrEqual(3);
    const delivered = mine.length;
    await screenshot(page, 'phishing-03-sent');
    const [person, scanned, reporter] = mine.map((m) => tokenOf(m.raw)) as [string, string, string];
    const mail = await simpleParser(mine[0]?.raw ?? '');
    expect(mail.subject).toContain('password expires today');

    // A person opens the link a few seconds later and moves the pointer on the page.
    await new Promise((r) => setTimeout(r, Math.max(0, (mine[0]?.at ?? 0) + 4000 - Date.now())));
    const phishingUrl = inject('phishingUrl');
    const visitor = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-GB',
      extraHTTPHeaders: { 'x-forwarded-for': '81.140.22.7' },
      // Headless Chromium says "HeadlessChrome", which Belfry rightly takes for a sandbox: a person's phone does not.
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36',
    });
    const landing = await visitor.newPage();
    await landing.goto(`${phishingUrl}/c/${person}`);
    await landing.getByRole('heading', { name: /practice phishing email/ }).waitFor();
    const beacon = landing.waitForResponse((r) => r.url().includes('/b/'));
    await landing.mouse.move(120, 300);
    await landing.mouse.down();
    await landing.mouse.up();
    expect((await beacon).status()).toBe(204);
    await screenshot(landing, 'phishing-04-teachable-moment');
    await visitor.close();

    // A link scanner checks another message; a third person reports theirs.
    const scanner = { 'user-agent': 'python-requests/2.31', 'x-forwarded-for': '52.101.4.9' };
    const head = await fetch(`${phishingUrl}/c/${scanned}`, { method: 'HEAD', headers: scanner });
    expect(head.status).toBe(200);
    await fetch(`${phishingUrl}/c/${scanned}`, { headers: scanner });
    const report = await fetch(`${phishingUrl}/r/${reporter}`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '86.12.200.31' },
    });
    expect(report.status).toBe(204);
    expect((await fetch(`${phishingUrl}/c/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);

    // The results lead with reporting; the scanner is left out; the evidence is one click away.
    await page.reload();
    await expect.poll(() => textOf(page.getByLabel(/^Reported it:/))).toContain('1 of');
    expect(await page.getByLabel(/^Reported it:/).getAttribute('aria-label')).toMatch(/^Reported it: \d+% \(95% CI/);
    await expect.poll(() => textOf(page.getByLabel(/^Clicked \(people\):/))).toContain(`1 of ${delivered}`);
    await expect
      .poll(() => textOf(page.getByText('Machine requests left out (scanners, previews, report-button checks)').locator('..')))
      .toMatch(/[2-9]|\d\d/);
    await page
      .getByRole('row', { name: /Went on|Clicked/ })
      .first()
      .waitFor();
    await screenshot(page, 'phishing-05-results');
    const scannerRow = page.getByRole('row').filter({ hasText: 'machine request' }).first();
    await scannerRow.getByRole('button', { name: 'Requests' }).click();
    await page
      .getByRole('dialog')
      .getByText(/HEAD request|Identifies itself as a program/)
      .first()
      .waitFor();
    await screenshot(page, 'phishing-06-evidence');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Close' })
      .click()
      .catch(() => page.keyboard.press('Escape'));
    await page.keyboard.press('Escape');

    // Closed, then the SLT report: no names, the headline figures.
    await page.getByRole('button', { name: 'Close the campaign' }).click();
    await page.getByText(/Closed\. Two follow-up to-dos/).waitFor();
    await page.getByRole('link', { name: 'SLT report' }).click();
    await page.waitForURL('**/report');
    await page.getByRole('heading', { name: `Phishing awareness: ${name}` }).waitFor();
    const reportText = await textOf(page.locator('main'));
    expect(reportText).toContain(`1 of ${delivered}`);
    expect(reportText).toContain('requests from link scanners');
    expect(reportText).not.toMatch(/@oakfield\.example/);
    await screenshot(page, 'phishing-07-slt-report');

    const slt = await newPage(browser, { width: 390, height: 844 });
    await signIn(slt.page, 'slt');
    await slt.page.goto('/phishing');
    await slt.page.getByRole('link', { name }).click();
    await slt.page.getByRole('heading', { name: `Phishing awareness: ${name}` }).waitFor();
    await screenshot(slt.page, 'phishing-08-slt-phone');
    // SLT reads the report, never the per-person campaign page.
    await slt.page.goto(campaignPath);
    await slt.page.getByText('You do not have access to this page').waitFor();
    await slt.context.close();

    const staff = await newPage(browser);
    await signIn(staff.page, 'staff');
    expect(await staff.page.getByRole('link', { name: 'Phishing' }).count()).toBe(0);
    await staff.page.goto('/phishing');
    await staff.page.getByText('You do not have access to this page').waitFor();
    await staff.context.close();
  } finally {
    await setGuard(page, 'on');
    await context.close();
  }
});
