import type { Browser } from 'playwright-core';
import { seriousAxeViolations } from '../support/axe.js';
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
    await page.getByLabel('Gebruikersnaam').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Gebruikersnaam').fill('sanne');
    await page.getByLabel('Wachtwoord').fill('fout-wachtwoord-123');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Onjuiste gebruikersnaam of wachtwoord.').waitFor();

    await page.getByLabel('Wachtwoord').fill('servicedesk-wachtwoord-2026');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Ingelogd als sanne').waitFor();
    // One conversation waits: the tab title says so.
    expect(await page.title()).toBe('(1) Servicedesk console - SLB registratie-assistent');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /Anna de Vries - Demo Lyceum/ }).click();
    await page.getByText('Waarom zie ik mijn basispakketten niet in de winkelwagen?').first().waitFor();
    // Focus moves to the opened conversation, and after taking it to the message field.
    await page.locator('#conv-title:focus', { hasText: 'Anna de Vries - Demo Lyceum' }).waitFor();
    await page.getByRole('button', { name: 'Overnemen' }).click();
    await page.locator('#message:focus').waitFor();
    expect(await page.title()).toBe('Servicedesk console - SLB registratie-assistent');
    // The bot's lines are there in full, cards as their text (the rule check is longer than 300 characters).
    await page.locator('#transcript .bot').first().waitFor();
    await page.getByPlaceholder('Typ je bericht aan de gebruiker').fill('Hoi Anna, ik kijk even met je mee.');
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await page.locator('#transcript .agent', { hasText: 'Hoi Anna, ik kijk even met je mee.' }).waitFor();

    const received = texts(t.collector.take(user.conversationId));
    expect(received).toContain('Je spreekt nu met sanne van de servicedesk.');
    expect(received).toContain('Hoi Anna, ik kijk even met je mee.');

    await user.say('Fijn, dank je! Ik mis er twintig.');
    await page.locator('#transcript .user', { hasText: 'Fijn, dank je! Ik mis er twintig.' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('agent-console.png') });

    await page.getByRole('button', { name: 'Gesprek afsluiten' }).click();
    await page.getByText('Er wacht niemand.').waitFor();
    expect(texts(t.collector.take(user.conversationId))).toMatch(/De medewerker heeft het gesprek afgesloten/);
    await page.close();
  }, 60_000);
});
