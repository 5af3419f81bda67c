import { SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../support/browser.js';
import { PERSONAS } from '../support/personas.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const SECRET = 'website-and-bot-share-this-secret-of-32+chars';
let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp({ WEBCHAT_ASSERTION_SECRET: SECRET }), launchChromium()]);
});
afterAll(async () => {
  await browser.close();
  await t.close();
});

const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
/** Waits until the transcript shows `text` in a message or a card, as the user sees it. */
const shows = (page: Page, text: string | RegExp) => page.locator('.webchat__basic-transcript p, .webchat__basic-transcript .ac-textBlock, .webchat__basic-transcript .ac-factset').filter({ hasText: text }).first().waitFor();

async function openChat(page: Page, hash = '', url = t.url): Promise<string[]> {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${url}/${hash}`);
  await sendBox(page).waitFor({ timeout: 15_000 });
  await shows(page, 'Hallo! Ik ben de assistent van SLBdiensten');
  return requests;
}

describe('Web Chat page in Chromium (no internet, no Azure)', () => {
  it('answers an FAQ question, and a clicked suggested action answers too', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    const requests = await openChat(page);
    await sendBox(page).fill('Hoe vraag ik Office A1 licenties aan?');
    await sendBox(page).press('Enter');
    await shows(page, 'Beheer -> Facturering -> Services kopen');
    await page.getByRole('toolbar', { name: 'Voorgestelde acties' }).getByRole('button', { name: /^Om verloop van personeel op te vangen/ }).click();
    await shows(page, 'mits daar ook een extra basispakket tegenover staat');
    await page.screenshot({ path: screenshotPath('webchat.png') });
    expect(requests.filter((u) => !u.startsWith(t.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the signed-in user\'s cart as an Adaptive Card', async () => {
    const assertion = await new SignJWT({ name: 'Anna de Vries' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(PERSONAS.anna.aadObjectId)
      .setIssuer('slb-website')
      .setAudience('slb-registration-assistant')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    await openChat(page, `#assertion=${assertion}`);
    await sendBox(page).fill('wat zit er in mijn winkelwagen');
    await sendBox(page).press('Enter');
    await page.locator('.ac-adaptiveCard', { hasText: 'Winkelwagen 2026 - Demo Lyceum' }).waitFor();
    await shows(page, '20 extra basispakketten nodig (EUR 1.493,40)');
    await shows(page, /heb je 20 extra basispakketten nodig \(20 x EUR 74,67 = EUR 1\.493,40\)/);
    await page.screenshot({ path: screenshotPath('webchat-cart.png') });
    await page.close();
  }, 60_000);

  it('keeps the conversation on reload (history and a form in progress) and shows it in a second tab', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 820 } });
    const page = await context.newPage();
    await openChat(page);
    await sendBox(page).fill('Vraag aan servicedesk');
    await sendBox(page).press('Enter');
    await shows(page, 'Wat is je vraag?');
    await sendBox(page).fill('Kunnen jullie mijn factuur van oktober opnieuw sturen?');
    await sendBox(page).press('Enter');
    await shows(page, 'Op welk e-mailadres wil je antwoord krijgen?');

    await page.reload();
    await sendBox(page).waitFor({ timeout: 15_000 });
    // The history is back, and the form goes on where it was.
    await shows(page, 'Kunnen jullie mijn factuur van oktober opnieuw sturen?');
    await shows(page, 'Op welk e-mailadres wil je antwoord krijgen?');
    expect(await page.locator('.webchat__basic-transcript p', { hasText: 'Hallo! Ik ben de assistent van SLBdiensten' }).count()).toBe(1);
    await sendBox(page).fill('administratie@demolyceum.nl');
    await sendBox(page).press('Enter');
    await page.screenshot({ path: screenshotPath('webchat-reloaded.png') });
    await shows(page, /Klopt dit\?/);
    await shows(page, /Kunnen jullie mijn factuur van oktober opnieuw sturen\?/);

    const second = await context.newPage();
    await second.goto(t.url);
    await sendBox(second).waitFor({ timeout: 15_000 });
    await shows(second, 'Kunnen jullie mijn factuur van oktober opnieuw sturen?');
    await shows(second, /Klopt dit\?/);
    await sendBox(second).fill('Ja');
    await sendBox(second).press('Enter');
    await shows(second, /Je vraag is doorgegeven aan de servicedesk met referentie SD-\d{4}-\d{6}/);
    // The first tab follows the same conversation.
    await shows(page, /Je vraag is doorgegeven aan de servicedesk met referentie SD-\d{4}-\d{6}/);
    expect(await page.locator('#status').textContent()).toBe('');
    await context.close();
  }, 90_000);
});
