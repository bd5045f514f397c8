import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, signIn, textOf } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** An instant on the London wall clock, as the form takes it: dd/mm/yyyy and hh:mm. */
function londonWall(at: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return { date: `${p('day')}/${p('month')}/${p('year')}`, time: `${p('hour')}:${p('minute')}` };
}

async function fillMoment(scope: Locator, label: string, at: Date): Promise<void> {
  const w = londonWall(at);
  const date = scope.getByRole('textbox', { name: `${label}: date` });
  await date.fill(w.date);
  await date.press('Tab');
  await scope.getByRole('textbox', { name: `${label}: time` }).fill(w.time);
}

async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const TITLE = 'Password spray from 185.220.101.45';

it('the Director escalates an alert through the form, fills the incident, decides on the ICO, adds an action and closes it with lessons', async () => {
  const { page, context } = await newPage(browser);
  const reports: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/client-errors')) reports.push(r.postData() ?? '');
  });
  await signIn(page, 'admin');
  // The security card names what is still to review, not what arrived.
  const alertsCard = page.locator('[data-card="security.alerts"]');
  await expect
    .poll(() => textOf(alertsCard.getByTestId('alerts-unreviewed')), { timeout: 20_000 })
    .toMatch(/^\d+ alerts? not yet reviewed/);
  await alertsCard.getByRole('link', { name: TITLE }).first().waitFor();

  await page.goto('/security');
  await page.getByText(TITLE).first().click();
  const drawer = page.getByRole('dialog', { name: 'Alert' });
  // The evidence reads as a table of words, not a JSON block.
  const evidence = drawer.getByTestId('evidence-table');
  await evidence.getByText('Accounts that failed').waitFor();
  expect(await evidence.textContent()).not.toMatch(/[{}"]|distinctUsers|_/);
  await drawer.getByRole('combobox', { name: 'Dismiss reason' }).click();
  await page.getByRole('option', { name: 'False positive' }).waitFor();
  await page.keyboard.press('Escape');
  await screenshot(page, 'incidents-01-alert');

  await drawer.getByRole('button', { name: 'Escalate to an incident' }).click();
  const form = page.getByRole('dialog', { name: 'Escalate to an incident' });
  expect(await form.getByRole('textbox', { name: 'Title' }).inputValue()).toBe(TITLE);
  expect(await form.getByRole('combobox', { name: 'Category', exact: true }).inputValue()).toBe('Password attack');
  // Personal data is asked, never assumed: sending without an answer says so and opens nothing.
  await form.getByRole('button', { name: 'Open the incident' }).click();
  await form.getByText('Say whether personal data is involved').waitFor();
  await form.getByRole('radio', { name: 'Yes' }).check();
  const aware = new Date(Math.floor((Date.now() - 10 * 3_600_000) / 60_000) * 60_000);
  await fillMoment(form, 'When the school became aware', aware);
  await expect.poll(() => textOf(form.getByTestId('aware-reads')), { timeout: 20_000 }).toContain(londonWall(aware).time);
  await screenshot(page, 'incidents-02-escalate-form');
  await form.getByRole('button', { name: 'Open the incident' }).click();
  await page.waitForURL('**/incidents?open=*');
  const incident = page.getByRole('dialog', { name: 'Incident' });
  // 72 hours from 10 hours ago: 62 hours left (61 if a minute ticks over).
  await expect
    .poll(() => textOf(incident.getByTestId('ico-deadline')), { timeout: 20_000 })
    .toMatch(/^ICO by \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d · 6[12] hours left$/);
  const ref = ((await textOf(incident.getByText(/^INC-\d{4}-\d{3}: /))).match(/INC-\d{4}-\d{3}/) ?? [''])[0];
  expect(ref).toMatch(/^INC-/);

  // Today: the incidents card names it with its deadline and hours left.
  await page.goto('/today');
  const card = page.locator('[data-card="security.incidents"]');
  await expect
    .poll(() => textOf(card.getByTestId('incident-next-deadline')), { timeout: 20_000 })
    .toMatch(new RegExp(`6[12] hours left: ${ref}: ${TITLE}`));
  await screenshot(page, 'incidents-03-today');
  await card.getByRole('link', { name: `${ref}: ${TITLE}` }).click();
  await incident.getByTestId('ico-deadline').waitFor();

  // Every field of the incident.
  await choose(page, incident, 'Status', 'Contained');
  await choose(page, incident, 'Severity', 'High');
  await fillMoment(incident, 'Happened', new Date(aware.getTime() - 3_600_000));
  await fillMoment(incident, 'Detected', new Date(aware.getTime() - 1_800_000));
  await fillMoment(incident, 'Contained', new Date(aware.getTime() + 2 * 3_600_000));
  await fillMoment(incident, 'Resolved', new Date(aware.getTime() + 5 * 3_600_000));
  await incident.getByRole('checkbox', { name: 'Staff' }).check();
  await incident.getByRole('checkbox', { name: 'Pupils' }).check();
  await incident.getByRole('textbox', { name: 'People affected' }).fill('3');
  await incident
    .getByRole('textbox', { name: 'About the personal data' })
    .fill('Mailboxes of three accounts, one with SEN notes');
  await incident.getByRole('textbox', { name: 'Root cause' }).fill('Reused passwords without MFA on three accounts');
  await incident.getByRole('button', { name: 'Save the details' }).click();
  await expect.poll(() => textOf(incident.getByTestId('incident-status')), { timeout: 20_000 }).toBe('Contained');

  // The ICO decision: an empty form records nothing and says what is missing.
  await incident.getByRole('button', { name: 'Record the ICO decision' }).click();
  await incident.getByText('Choose: reported to the ICO, or not reportable').waitFor();
  await incident.getByRole('radio', { name: 'Reported to the ICO' }).check();
  await incident.getByRole('textbox', { name: 'ICO reference', exact: true }).fill('IC-654321-Z9Y8');
  await incident.getByRole('textbox', { name: 'DPO consulted' }).fill('J. Bloggs (DPO)');
  await incident.getByRole('button', { name: 'Record the ICO decision' }).click();
  await incident.getByText('Give the rationale for the decision').waitFor();
  await incident
    .getByRole('textbox', { name: 'Rationale' })
    .fill('Three mailboxes read, one holding SEN notes: likely risk to the pupils');
  await incident.getByRole('button', { name: 'Record the ICO decision' }).click();
  await expect
    .poll(() => textOf(incident.getByTestId('ico-decided')), { timeout: 20_000 })
    .toMatch(/^Reported to the ICO, .*; ICO reference IC-654321-Z9Y8; DPO consulted: J\. Bloggs \(DPO\)\.$/);
  await incident.getByText(/Reported to the ICO \(ref IC-654321-Z9Y8\)/).waitFor();

  // An action with an owner and a due date picked as dd/mm/yyyy.
  const due = londonWall(new Date(Date.now() + 7 * 86_400_000)).date;
  await incident.getByRole('textbox', { name: 'New action' }).fill('Turn on MFA for the three accounts');
  await incident.getByRole('textbox', { name: 'Owner' }).fill('Sam (IT)');
  await incident.getByRole('textbox', { name: 'Due' }).fill(due);
  await incident.getByRole('button', { name: 'Add', exact: true }).click();
  await incident.getByText(`Turn on MFA for the three accounts (Sam (IT)), due ${due}`).waitFor();

  // Closing without outcome and lessons is refused in place; with them it closes.
  await choose(page, incident, 'Status', 'Closed');
  await incident.getByRole('button', { name: 'Close the incident' }).click();
  await incident.getByText('Closing needs the outcome').waitFor();
  await incident.getByText(/Closing needs the lessons learned/).waitFor();
  await screenshot(page, 'incidents-04-closing-refused');
  await incident.getByRole('textbox', { name: 'Outcome' }).fill('Passwords reset, sessions revoked; no data left the school');
  await incident.getByRole('textbox', { name: 'Lessons learned' }).fill('MFA for every staff account, not just admins');
  await incident.getByRole('button', { name: 'Close the incident' }).click();
  await expect.poll(() => textOf(incident.getByTestId('incident-status')), { timeout: 20_000 }).toBe('Closed');
  await incident.getByText('Status: contained → closed').waitFor();
  await incident.getByText('Severity').first().waitFor();
  const drawerText = (await incident.textContent()) ?? '';
  expect(drawerText).not.toMatch(/\d{4}-\d{2}-\d{2}T|password_attack|not_reportable/);
  await screenshot(page, 'incidents-05-closed');

  // Today again: the ICO deadline is settled, so ours is no longer counting down.
  await page.goto('/today');
  await card
    .getByText(/open incidents?|No open incidents/)
    .first()
    .waitFor();
  expect(await textOf(card)).not.toContain(ref);

  // The SLT summary (as the Director sees it) counts it under this month's password attacks.
  await page.goto('/incidents?tab=summary');
  const month = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(aware);
  const row = page.getByTestId('slt-summary').getByRole('row').filter({ hasText: month }).filter({ hasText: 'Password attack' });
  await expect.poll(async () => (await row.count()) > 0, { timeout: 20_000 }).toBe(true);
  expect(reports).toEqual([]);
  await context.close();
});

it('SLT see the incidents card without titles and the summary row for it; a phone shows both', async () => {
  const { page, context } = await newPage(browser, { width: 390, height: 844 });
  await signIn(page, 'slt');
  const card = page.locator('[data-card="security.incidents"]');
  await card.getByTestId('incidents-open').waitFor();
  expect(await textOf(card)).not.toContain(TITLE);
  await screenshot(page, 'incidents-06-slt-today-phone');
  await page.goto('/incidents');
  await page.getByTestId('slt-summary').getByRole('cell', { name: 'Password attack' }).first().waitFor();
  expect(await page.getByRole('button', { name: 'New incident' }).count()).toBe(0);
  await screenshot(page, 'incidents-07-slt-summary-phone');
  await context.close();
});

it('opens a new incident that did not start as an alert, and shows a calm page when a page breaks', async () => {
  const { page, context } = await newPage(browser, { width: 390, height: 844 });
  await signIn(page, 'admin');
  await page.goto('/incidents');
  await page.getByRole('button', { name: 'New incident' }).click();
  const form = page.getByRole('dialog', { name: 'New incident' });
  await form.getByRole('textbox', { name: 'Title' }).fill('Laptop left on the 07:42 train');
  await choose(page, form, 'Category', 'Lost or stolen device');
  await form.getByRole('radio', { name: 'Not yet known' }).check();
  await screenshot(page, 'incidents-08-new-phone');
  await form.getByRole('button', { name: 'Open the incident' }).click();
  const incident = page.getByRole('dialog', { name: 'Incident' });
  await incident
    .getByText(/personal data not yet known/)
    .first()
    .waitFor();
  // Not yet known: the ICO clock runs from awareness (just now), 72 hours.
  await expect.poll(() => textOf(incident.getByTestId('ico-deadline')), { timeout: 20_000 }).toMatch(/7[12] hours left$/);
  await screenshot(page, 'incidents-09-new-drawer-phone');

  // A page that throws: the shell stays, the message is calm, and the server is told.
  const reported = page.waitForRequest((r) => r.url().endsWith('/api/client-errors') && r.method() === 'POST');
  await page.route('**/api/incidents', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"incidents":null}' }),
  );
  page.removeAllListeners('pageerror');
  await page.goto('/incidents');
  await page.getByRole('heading', { name: 'Something went wrong on this page' }).waitFor();
  await page.getByRole('button', { name: 'Reload the page' }).waitFor();
  expect(JSON.parse((await reported).postData() ?? '{}')).toMatchObject({ route: '/incidents' });
  expect(await page.getByText('Unexpected Application Error').count()).toBe(0);
  await screenshot(page, 'incidents-10-error-boundary-phone');
  await context.close();
});
