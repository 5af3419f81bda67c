import { Chat, buttons, cards, playTranscript, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

describe('order_status dialog', () => {
  it('shows Carla her orders with Afgerond and In behandeling, and answers from the real status (FAQ 2.1)', async () => {
    const chat = new Chat(t, { as: 'carla' });
    const replies = await chat.say('is mijn bestelling afgerond?');
    const text = texts(replies);
    expect(text).toMatch(/ORD-2025-004211 \(12-06-2025\): Extra licenties 2025, status: Afgerond/);
    expect(text).toMatch(/ORD-2025-008765 \(18-11-2025\): Microsoft registratie 2026, status: In behandeling/);
    expect(text).toMatch(
      /Je Microsoft registratie 2026 is ontvangen: order ORD-2025-008765 staat op 'In behandeling'[\s\S]*\(FAQ 2\.1\)/,
    );
    expect(JSON.stringify(cards(replies))).toMatch(/"value":"Afgerond"[\s\S]*"value":"In behandeling"/);
    expect(buttons(replies)).toEqual(['ORD-2025-004211', 'ORD-2025-008765', 'Nee, dank je']);
    expect(await chat.ask('1')).toMatch(
      /Order ORD-2025-004211 van 12-06-2025: Extra licenties 2025\nStatus: Afgerond\n- Project Plan 3: 3/,
    );
  });

  it('re-asks when the choice is not an order, and stops on "stop"', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'Bekijk mijn bestellingen', bot: /Wil je de details van een bestelling zien/ },
      { user: 'ORD-1999-000001', bot: /Kies een van de ordernummers hieronder/ },
      { user: 'stop', bot: /^Oké, dan stop ik hiermee\./ },
    ]);
  });

  it('tells Anna there are no orders yet and offers her cart', async () => {
    const replies = await new Chat(t, { as: 'anna' }).say('wat is de status van mijn bestelling');
    expect(texts(replies)).toMatch(
      /Ik zie nog geen bestellingen van Demo Lyceum[\s\S]*winkelwagen voor de Microsoft registratie 2026 staat nog klaar/,
    );
    expect(buttons(replies)).toEqual(['Bekijk mijn winkelwagen']);
  });
});
