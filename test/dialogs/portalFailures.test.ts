import { Chat, buttons, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { PortalContractServer } from '../support/portalContractServer.js';

let t: TestApp;
const portal = new PortalContractServer();
beforeAll(async () => {
  await portal.start();
  t = await startTestApp({ PORTAL_URL: portal.url, PORTAL_TIMEOUT_MS: '300' });
});
afterAll(async () => {
  await t.close();
  await portal.stop();
});
afterEach(() => (portal.fault = 'none'));

describe('account dialogs against the HTTP portal', () => {
  it('work end to end through the portal API', async () => {
    expect(await new Chat(t, { as: 'anna' }).ask('wat zit er in mijn winkelwagen')).toMatch(
      /20 extra basispakketten nodig/,
    );
  });

  it.each([
    ['down (500)', 'error500' as const, /Het lukt me nu niet om je gegevens op te halen uit het SLB-portaal\./],
    ['slow (timeout)', 'slow' as const, /\(het portaal reageert te traag\)/],
    ['answering garbage', 'garbage' as const, /Het lukt me nu niet om je gegevens op te halen/],
  ])('explain kindly when the portal is %s, offer the servicedesk, and carry on', async (_name, fault, message) => {
    portal.fault = fault;
    portal.slowMs = 2000;
    const chat = new Chat(t, { as: 'carla' });
    const replies = await chat.say('is mijn bestelling afgerond?');
    expect(texts(replies)).toMatch(message);
    expect(buttons(replies)).toContain('Servicedesk');
    portal.fault = 'none';
    expect(await chat.ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
    expect(await chat.ask('is mijn bestelling afgerond?')).toMatch(/status: In behandeling/);
  });
});
