import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  it('asks a new agent for their own password first, allows nothing else until then, and greets them by name', async () => {
    const { password } = await t.app.agents.add('noor', 'Noor');
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    try {
      await page.goto(`${t.url}/agent`);
      await page.getByLabel('Gebruikersnaam').fill('noor');
      await page.getByLabel('Wachtwoord').fill(password);
      await page.getByRole('button', { name: 'Inloggen' }).click();

      await page.getByRole('heading', { name: 'Kies een nieuw wachtwoord' }).waitFor();
      // Focus lands in the form; the queue is not shown (and its API answers 403 meanwhile).
      await page.locator('input[name="newPassword"]:focus').waitFor();
      expect(await page.locator('#console').isVisible()).toBe(false);
      expect(await page.getByRole('banner').getByText('Ingelogd als Noor (noor)').isVisible()).toBe(true);
      expect(await page.getByRole('main').locator('#change').count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('agent-password-change.png') });

      const newField = page.getByLabel('Nieuw wachtwoord', { exact: true });
      const repeatField = page.getByLabel('Herhaal het nieuwe wachtwoord');
      const save = page.getByRole('button', { name: 'Wachtwoord opslaan' });
      const error = page.getByRole('alert');
      await newField.fill('te kort');
      await repeatField.fill('te kort');
      await save.click();
      await error.filter({ hasText: 'Je nieuwe wachtwoord moet minstens 12 tekens hebben.' }).waitFor();
      expect(await newField.getAttribute('aria-invalid')).toBe('true');
      await page.locator('input[name="newPassword"]:focus').waitFor();

      await newField.fill('een lang nieuw wachtwoord');
      await repeatField.fill('een lang nieuw wachtwoord!');
      await save.click();
      await error.filter({ hasText: 'De twee wachtwoorden zijn niet gelijk.' }).waitFor();
      await page.locator('input[name="repeatPassword"]:focus').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);

      // The server refuses the password the agent logged in with.
      await newField.fill(password);
      await repeatField.fill(password);
      await save.click();
      await error.filter({ hasText: 'Kies een ander wachtwoord dan het wachtwoord waarmee je inlogde.' }).waitFor();

      await newField.fill('een lang nieuw wachtwoord');
      await repeatField.fill('een lang nieuw wachtwoord');
      await save.click();
      await page.getByRole('status').filter({ hasText: 'Je wachtwoord is gewijzigd.' }).waitFor();
      await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
      expect(await page.locator('#change').count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // A reload keeps the session, and shows the console straight away.
      await page.reload();
      await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
      expect(await page.getByLabel('Gebruikersnaam').isVisible()).toBe(false);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('ends its event stream when the bot stops, keeps its session across the restart, and shows the login once the agent is removed', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-console-restart-'));
    const before = await startTestApp({ DATA_DIR: dataDir, SERVICEDESK_HOURS: 'altijd' });
    await before.app.agents.setPassword('sanne', 'servicedesk-wachtwoord-2026', { name: 'Sanne' });
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    let after: TestApp | undefined;
    try {
      await page.goto(`${before.url}/agent`);
      await page.getByLabel('Gebruikersnaam').fill('sanne');
      await page.getByLabel('Wachtwoord').fill('servicedesk-wachtwoord-2026');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByText('Ingelogd als sanne').waitFor();
      await page.waitForTimeout(500); // the event stream is open

      // An open console does not hold the shutdown up (SIGTERM runs the same stop()).
      const stopping = Date.now();
      await before.close();
      expect(Date.now() - stopping).toBeLessThan(5_000);

      // After the restart the console is still logged in: its stream reconnects and the queue is live.
      after = await startTestApp({ DATA_DIR: dataDir, PORT: new URL(before.url).port, SERVICEDESK_HOURS: 'altijd' });
      await new Chat(after, { as: 'anna' }).say('kan ik een medewerker spreken');
      await page.getByRole('button', { name: /Anna de Vries - Demo Lyceum/ }).waitFor({ timeout: 20_000 });
      expect(await page.getByText('Ingelogd als Sanne (sanne)').isVisible()).toBe(true);

      // The agent is removed (npm run agents -- remove sanne): the console's next call gets 401 and shows the login.
      await after.app.agents.remove('sanne');
      await new Chat(after, { as: 'carla' }).say('kan ik een medewerker spreken');
      await page.getByText('Je sessie is verlopen. Log opnieuw in.').waitFor({ timeout: 20_000 });
      await page.getByLabel('Gebruikersnaam').waitFor();
      expect(await page.getByText('Ingelogd als sanne').count()).toBe(0);
      expect(await page.locator('#console').isVisible()).toBe(false);
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await page.close();
      await after?.close();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    }
  }, 60_000);

  it('shows a website visitor who closed the chat as gone, and as back when they return', async () => {
    const gone = await startTestApp({ SERVICEDESK_HOURS: 'altijd', HANDOFF_VISITOR_GONE_SECONDS: '2' });
    await gone.app.agents.setPassword('sanne', 'servicedesk-wachtwoord-2026');
    const visitorContext = await browser.newContext({ viewport: { width: 420, height: 820 } });
    const visitor = await visitorContext.newPage();
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    try {
      await visitor.goto(`${gone.url}/`);
      const sendBox = visitor.locator('[data-id="webchat-sendbox-input"]');
      await sendBox.waitFor({ timeout: 15_000 });
      await sendBox.fill('Kan ik een medewerker spreken?');
      await sendBox.press('Enter');
      await visitor
        .getByText(/Ik verbind je door met een medewerker/)
        .first()
        .waitFor();

      await page.goto(`${gone.url}/agent`);
      await page.getByLabel('Gebruikersnaam').fill('sanne');
      await page.getByLabel('Wachtwoord').fill('servicedesk-wachtwoord-2026');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('button', { name: /Anonieme bezoeker/ }).click();
      await page.getByRole('button', { name: 'Overnemen' }).click();
      await page.locator('#message:focus').waitFor();

      // The visitor closes the tab: no stream, no polling.
      await visitor.close();
      await page.locator('#queue .status', { hasText: 'bezoeker is weg' }).waitFor({ timeout: 10_000 });
      await page.locator('#conv-gone', { hasText: 'De bezoeker heeft de chat al een tijd niet open' }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('agent-console-visitor-gone.png') });

      // The agent writes meanwhile; the visitor opens the chat again in the same browser session and reads it.
      await page.getByPlaceholder('Typ je bericht aan de gebruiker').fill('Ben je er nog?');
      await page.getByRole('button', { name: 'Verstuur' }).click();
      const back = await visitorContext.newPage();
      await back.goto(`${gone.url}/`);
      await back.locator('.webchat__basic-transcript p', { hasText: 'Ben je er nog?' }).waitFor({ timeout: 15_000 });
      await page.locator('#conv-gone').waitFor({ state: 'hidden', timeout: 10_000 });
      expect(await page.locator('#queue .status', { hasText: 'bezoeker is weg' }).count()).toBe(0);
    } finally {
      await visitorContext.close();
      await page.close();
      await gone.close();
    }
  }, 60_000);
});
