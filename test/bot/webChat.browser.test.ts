import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AgentClient } from '../support/agentClient.js';
import { createAgentAccounts } from '../../bot/agentStores.js';
import { BotProcess } from '../support/botProcess.js';
import { seriousAxeViolations } from '../support/axe.js';
import { launchChromium, screenshotPath } from '../support/browser.js';
import { PERSONAS } from '../support/personas.js';
import { signWebsiteAssertion } from '../support/websiteAssertion.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const SECRET = 'website-and-bot-share-this-secret-of-32+chars';
let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([
    startTestApp({ WEBCHAT_ASSERTION_SECRET: SECRET, SERVICEDESK_HOURS: 'altijd' }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser.close();
  await t.close();
});

const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
/** Waits until the transcript shows `text` in a message or a card, as the user sees it. */
const shows = (page: Page, text: string | RegExp) =>
  page
    .locator(
      '.webchat__basic-transcript p, .webchat__basic-transcript .ac-textBlock, .webchat__basic-transcript .ac-factset',
    )
    .filter({ hasText: text })
    .first()
    .waitFor();

async function openChat(page: Page, hash = '', url = t.url): Promise<string[]> {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${url}/${hash}`);
  await sendBox(page).waitFor({ timeout: 15_000 });
  await shows(page, 'Hallo! Ik ben de assistent van SLBdiensten');
  return requests;
}

describe('Web Chat page in Chromium (no internet, no Azure)', () => {
  it('greets with starter buttons for the top questions; clicking one answers it', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    await openChat(page);
    const starters = page.getByRole('toolbar', { name: 'Voorgestelde acties' });
    await starters.getByRole('button', { name: 'Wat zijn de regels voor een juiste registratie?' }).waitFor();
    await page.screenshot({ path: screenshotPath('webchat-starters.png') });
    await starters.getByRole('button', { name: 'Waarom zie ik mijn Basispakketten niet in de winkelwagen?' }).click();
    await shows(page, /Deze zijn op een eerder moment al gefactureerd/);
    await page.close();
  }, 60_000);

  it('answers an FAQ question, and a clicked suggested action answers too', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    const requests = await openChat(page);
    await sendBox(page).fill('Hoe vraag ik Office A1 licenties aan?');
    await sendBox(page).press('Enter');
    await shows(page, 'Beheer -> Facturering -> Services kopen');
    // The full question on the button (wrapped, not cut).
    await page
      .getByRole('toolbar', { name: 'Voorgestelde acties' })
      .getByRole('button', { name: 'Om verloop van personeel op te vangen wil ik meer A3 bestellen. Is dit mogelijk?' })
      .click();
    await shows(page, 'mits daar ook een extra basispakket tegenover staat');
    // Times on a 24-hour clock, Web Chat's own texts in je-form.
    expect(await page.locator('.slb-time').first().textContent()).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(await page.locator('.webchat__basic-transcript').textContent()).not.toMatch(/\b(a\.m\.|p\.m\.|AM|PM)\b/);
    expect(await sendBox(page).getAttribute('placeholder')).toBe('Typ je bericht');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('webchat.png') });
    expect(requests.filter((u) => !u.startsWith(t.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual(
      [],
    );
    await page.close();
  }, 60_000);

  it("shows the signed-in user's cart as an Adaptive Card", async () => {
    const assertion = await signWebsiteAssertion(PERSONAS.anna.aadObjectId, SECRET);
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    await openChat(page, `#assertion=${assertion}`);
    await sendBox(page).fill('wat zit er in mijn winkelwagen');
    await sendBox(page).press('Enter');
    await page.locator('.ac-adaptiveCard', { hasText: 'Winkelwagen 2026 - Demo Lyceum' }).waitFor();
    await shows(page, '20 extra basispakketten nodig (EUR 1.493,40)');
    await shows(page, /heb je 20 extra basispakketten nodig \(20 x EUR 74,67 = EUR 1\.493,40\)/);
    expect(await seriousAxeViolations(page)).toEqual([]);
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
    expect(
      await page
        .locator('.webchat__basic-transcript p', { hasText: 'Hallo! Ik ben de assistent van SLBdiensten' })
        .count(),
    ).toBe(1);
    await sendBox(page).fill('administratie@demolyceum.nl');
    await sendBox(page).press('Enter');
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

  it('reconnects to the same conversation after the connection drops for a moment', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    // The stream goes through a relay the test can cut.
    const relays: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/stream\?/, (ws) => {
      ws.connectToServer();
      relays.push(ws);
    });
    await openChat(page);
    await sendBox(page).fill('Hoe vraag ik Office A1 licenties aan?');
    await sendBox(page).press('Enter');
    await shows(page, 'Beheer -> Facturering -> Services kopen');
    // The network fails for a few seconds: the stream drops, and Web Chat's client would give up after a failed call.
    await page.route('**/v3/directline/**', (route) => route.abort('connectionrefused'));
    await relays.at(-1)!.close({ code: 1011, reason: 'network gone' });
    await page.locator('#status', { hasText: 'De verbinding is even weg' }).waitFor();
    await page.waitForTimeout(4500);
    await page.unroute('**/v3/directline/**');
    await page.locator('#status:empty').waitFor({ state: 'attached', timeout: 15_000 });
    await sendBox(page).fill('Wanneer wordt de factuur verstuurd?');
    await sendBox(page).press('Enter');
    await shows(page, /factu/i);
    // Same conversation: the earlier answer is still there, the welcome was not repeated, nothing was announced.
    await shows(page, 'Beheer -> Facturering -> Services kopen');
    expect(
      await page
        .locator('.webchat__basic-transcript p', { hasText: 'Hallo! Ik ben de assistent van SLBdiensten' })
        .count(),
    ).toBe(1);
    expect(await page.getByText('je gesprek begint opnieuw').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('keeps the visitor and the agent connected both ways when the page is reloaded during a handoff', async () => {
    await t.app.agents.setPassword('sanne', 'servicedesk-wachtwoord-2026');
    const agent = new AgentClient(t.url);
    expect((await agent.login('sanne', 'servicedesk-wachtwoord-2026')).status).toBe(200);
    const stream = await agent.events();
    try {
      const context = await browser.newContext({ viewport: { width: 420, height: 820 } });
      const page = await context.newPage();
      await openChat(page);
      await sendBox(page).fill('Kan ik een medewerker spreken?');
      await sendBox(page).press('Enter');
      await shows(page, /Ik verbind je door met een medewerker van de servicedesk/);
      const { handoffs } = (await (await agent.request('GET', '/handoffs')).json()) as {
        handoffs: Array<{ id: string; status: string }>;
      };
      const handoff = handoffs.find((h) => h.status === 'waiting')!;
      expect((await agent.request('POST', `/handoffs/${handoff.id}/take`)).status).toBe(200);
      await shows(page, 'Je spreekt nu met sanne van de servicedesk.');
      await agent.request('POST', `/handoffs/${handoff.id}/messages`, { text: 'Hoi, ik kijk even met je mee.' });
      await shows(page, 'Hoi, ik kijk even met je mee.');
      // The agent's message shows the agent's initials and is announced as theirs, not the assistant's.
      await page.locator('.slb-agent-avatar', { hasText: 'S' }).first().waitFor();
      await page
        .locator('.webchat__live-region-activity', {
          hasText: 'sanne van de servicedesk zei: Hoi, ik kijk even met je mee.',
        })
        .first()
        .waitFor({ state: 'attached' });
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.reload();
      await sendBox(page).waitFor({ timeout: 15_000 });
      await shows(page, 'Hoi, ik kijk even met je mee.');
      await agent.request('POST', `/handoffs/${handoff.id}/messages`, { text: 'Ben je er nog na het herladen?' });
      await shows(page, 'Ben je er nog na het herladen?');
      await page.screenshot({ path: screenshotPath('webchat-handoff.png') });
      await sendBox(page).fill('Ja, ik ben er nog!');
      await sendBox(page).press('Enter');
      await stream.waitFor(
        (e) =>
          e.type === 'message' && e.handoffId === handoff.id && e.from === 'user' && e.text === 'Ja, ik ben er nog!',
      );
      expect((await agent.request('POST', `/handoffs/${handoff.id}/end`)).status).toBe(200);
      await shows(page, /De medewerker heeft het gesprek afgesloten/);
      await context.close();
    } finally {
      stream.close();
    }
  }, 90_000);

  it('gets its activities over the WebSocket stream: an idle tab does not poll', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    let polls = 0;
    page.on('request', (r) => void (/\/activities\?watermark=/.test(r.url()) && polls++));
    await openChat(page);
    await sendBox(page).fill('Hoe vraag ik Office A1 licenties aan?');
    await sendBox(page).press('Enter');
    await shows(page, 'Beheer -> Facturering -> Services kopen');
    await page.waitForTimeout(3000);
    expect(sockets).toEqual([
      expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/dl-.+\/stream\?/),
    ]);
    expect(polls).toBe(0);
    await page.close();
  }, 60_000);

  it('falls back to polling when WebSockets do not get through, slower in a hidden tab', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    // Something between page and bot lets HTTP through but no WebSocket: each stream closes before anything arrives.
    await page.routeWebSocket(/\/stream\?/, (ws) => ws.close({ code: 1011, reason: 'blocked' }));
    await openChat(page);
    await sendBox(page).fill('Hoe vraag ik Office A1 licenties aan?');
    await sendBox(page).press('Enter');
    await shows(page, 'Beheer -> Facturering -> Services kopen');
    const polls = () => {
      let n = 0;
      const count = (r: { url(): string }) => void (/\/activities\?watermark=/.test(r.url()) && n++);
      page.on('request', count);
      return { stop: () => (page.off('request', count), n) };
    };
    let visible = polls();
    await page.waitForTimeout(3000);
    const visibleCount = visible.stop();
    expect(visibleCount).toBeGreaterThanOrEqual(5);

    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(1000);
    const hidden = polls();
    await page.waitForTimeout(6000);
    expect(hidden.stop()).toBeLessThanOrEqual(1);

    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    visible = polls();
    await page.waitForTimeout(2000);
    expect(visible.stop()).toBeGreaterThanOrEqual(3);
    // The conversation went on where it was: one welcome, the answer still there.
    expect(
      await page
        .locator('.webchat__basic-transcript p', { hasText: 'Hallo! Ik ben de assistent van SLBdiensten' })
        .count(),
    ).toBe(1);
    await shows(page, 'Beheer -> Facturering -> Services kopen');
    await page.close();
  }, 60_000);
});

describe('Web Chat page when the bot is killed and restarted', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-webchat-restart-'));
  const bots: BotProcess[] = [];
  afterAll(async () => {
    for (const bot of bots) await bot.kill();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  it('answers the next question on the open page without a reload, in the same conversation with its history', async () => {
    const first = new BotProcess({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '6000' });
    bots.push(first);
    const url = await first.start();
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    await openChat(page, '', url);
    await sendBox(page).fill('Hoe vraag ik Office A1 licenties aan?');
    await sendBox(page).press('Enter');
    await shows(page, 'Beheer -> Facturering -> Services kopen');

    await first.kill();
    await page.locator('#status', { hasText: 'De verbinding is even weg' }).waitFor();
    const second = new BotProcess({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '6000', PORT: new URL(url).port });
    bots.push(second);
    await second.start();
    await page.locator('#status:empty').waitFor({ state: 'attached', timeout: 20_000 });

    await sendBox(page).fill('Wanneer wordt de factuur verstuurd?');
    await sendBox(page).press('Enter');
    await shows(page, /factu/i);
    await page.waitForTimeout(500);
    // Same conversation: the earlier question and answer are still there, no second welcome, nothing announced.
    await shows(page, 'Hoe vraag ik Office A1 licenties aan?');
    await shows(page, 'Beheer -> Facturering -> Services kopen');
    expect(
      await page
        .locator('.webchat__basic-transcript p', { hasText: 'Hallo! Ik ben de assistent van SLBdiensten' })
        .count(),
    ).toBe(1);
    expect(await page.getByText('je gesprek begint opnieuw').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('webchat-restarted.png') });
    await page.close();
  }, 90_000);

  it('leaves no ghost in the queue: a visitor who closed the page expires, one whose page stays open keeps a place', async () => {
    const queueDir = mkdtempSync(path.join(os.tmpdir(), 'slb-webchat-queue-'));
    await createAgentAccounts({ dataDir: queueDir, store: { kind: 'lowdb' } }).setPassword(
      'sanne',
      'servicedesk-wachtwoord-2026',
      {
        name: 'Sanne',
      },
    );
    const env = {
      DATA_DIR: queueDir,
      SERVICEDESK_HOURS: 'altijd',
      HANDOFF_VISITOR_GONE_SECONDS: '3',
      RATE_LIMIT_PER_MINUTE: '6000',
    };
    const first = new BotProcess(env);
    bots.push(first);
    const url = await first.start();
    const [leaving, staying] = [await browser.newPage(), await browser.newPage()];
    for (const [page, position] of [
      [leaving, 1],
      [staying, 2],
    ] as const) {
      await openChat(page, '', url);
      await sendBox(page).fill('Kan ik een medewerker spreken?');
      await sendBox(page).press('Enter');
      await shows(page, `wachtrij op positie ${position}`);
    }
    await leaving.close();
    await first.kill();

    const second = new BotProcess({ ...env, PORT: new URL(url).port });
    bots.push(second);
    await second.start();
    await staying.locator('#status:empty').waitFor({ state: 'attached', timeout: 20_000 });

    // The console, in Chromium, after the gone visitor's time has passed: one conversation waits, the open page's.
    const console = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await console.goto(`${url}/agent`);
    await console.getByLabel('Gebruikersnaam').fill('sanne');
    await console.getByLabel('Wachtwoord').fill('servicedesk-wachtwoord-2026');
    await console.getByRole('button', { name: 'Inloggen' }).click();
    await console.getByText('Ingelogd als Sanne').waitFor();
    await console.waitForFunction(() => document.title.startsWith('(1) '), undefined, { timeout: 20_000 });
    await console.waitForTimeout(4_000);
    expect(await console.locator('#queue li').count()).toBe(1);
    expect(await console.title()).toBe('(1) Servicedesk console - SLB registratie-assistent');

    // The visitor who stayed is first now.
    await sendBox(staying).fill('Ben ik al aan de beurt?');
    await sendBox(staying).press('Enter');
    await shows(staying, 'positie 1');
    await Promise.all([staying.close(), console.close()]);
    rmSync(queueDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }, 120_000);
});
