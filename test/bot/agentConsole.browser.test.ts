import type { Browser } from 'playwright-core';
import { launchChromium, screenshotPath } from '../support/browser.js';
import { Chat, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp({ SERVICEDESK_HOURS: 'altijd' }), launchChromium()]);
  await t.app.agents.setPassword('sanne', 'servicedesk-wachtwoord-2026');
});
afterAll(async () => {
  await browser.close();
  await t.close();
});

describe('agent console in Chromium', () => {
  it('logs in, takes a waiting conversation, chats with the user and shows their replies live', async () => {
    const user = new Chat(t, { as: 'anna' });
    await user.say('Waarom zie ik mijn basispakketten niet in de winkelwagen?');
    await user.say('kan ik een medewerker spreken');

    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await page.goto(`${t.url}/agent`);
    await page.getByLabel('Gebruikersnaam').fill('sanne');
    await page.getByLabel('Wachtwoord').fill('fout-wachtwoord-123');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Onjuiste gebruikersnaam of wachtwoord.').waitFor();

    await page.getByLabel('Wachtwoord').fill('servicedesk-wachtwoord-2026');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Ingelogd als sanne').waitFor();

    await page.getByRole('button', { name: /Anna de Vries - Demo Lyceum/ }).click();
    await page.getByText('Waarom zie ik mijn basispakketten niet in de winkelwagen?').first().waitFor();
    await page.getByRole('button', { name: 'Overnemen' }).click();
    await page.getByPlaceholder('Typ je bericht aan de gebruiker').fill('Hoi Anna, ik kijk even met je mee.');
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await page.locator('#transcript .agent', { hasText: 'Hoi Anna, ik kijk even met je mee.' }).waitFor();

    const received = texts(t.collector.take(user.conversationId));
    expect(received).toContain('Je spreekt nu met sanne van de servicedesk.');
    expect(received).toContain('Hoi Anna, ik kijk even met je mee.');

    await user.say('Fijn, dank je! Ik mis er twintig.');
    await page.locator('#transcript .user', { hasText: 'Fijn, dank je! Ik mis er twintig.' }).waitFor();
    await page.screenshot({ path: screenshotPath('agent-console.png') });

    await page.getByRole('button', { name: 'Gesprek afsluiten' }).click();
    await page.getByText('Er wacht niemand.').waitFor();
    expect(texts(t.collector.take(user.conversationId))).toMatch(/De medewerker heeft het gesprek afgesloten/);
    await page.close();
  }, 60_000);
});
