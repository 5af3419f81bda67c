import { Chat, buttons, cards, playTranscript, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

describe('cart_status dialog', () => {
  it('shows Anna the Demo Lyceum cart as a card and says 20 extra basispakketten are needed', async () => {
    const chat = new Chat(t, { as: 'anna' });
    const replies = await chat.say('wat zit er in mijn winkelwagen');
    const [card] = cards(replies);
    expect(card).toEqual(expect.objectContaining({ type: 'AdaptiveCard', version: '1.5' }));
    expect(JSON.stringify(card)).toContain('Winkelwagen 2026 - Demo Lyceum');
    expect(JSON.stringify(card)).toContain('"title":"Microsoft 365 A3 medewerkers","value":"120"');
    expect(texts(replies)).toMatch(/heb je 20 extra basispakketten nodig \(20 x EUR 74,67 = EUR 1\.493,40\)/);
    expect(texts(replies)).toMatch(
      /Basispakketten in bezit \(in oktober gefactureerd, staan niet in de winkelwagen\): 100/,
    );
    expect(texts(replies)).toMatch(/Jij bent de 1e contactpersoon, dus jij kunt de winkelwagen claimen/);
    expect(buttons(replies)).toEqual(['Ja', 'Nee']);
    // One message: the verdict above the card, the question as the card's last line, the buttons under it.
    expect(replies).toHaveLength(1);
    const body = (card as { body: Array<{ text?: string }> }).body;
    expect(body.at(-1)?.text).toBe('Wil je weten hoe je extra basispakketten aan je winkelwagen toevoegt?');
    expect(await chat.ask('ja')).toMatch(/voeg dan 50 extra basispakketten aan je bestelling toe[\s\S]*\(FAQ 1\.9\)/);
  });

  it('tells Bram that only the 1e contactpersoon, Anna de Vries, can claim the cart', async () => {
    const replies = await new Chat(t, { as: 'bram' }).say('wat zit er in mijn winkelwagen');
    expect(texts(replies)).toMatch(
      /Alleen de 1e contactpersoon van Demo Lyceum, Anna de Vries, kan de winkelwagen claimen/,
    );
    expect(buttons(replies)).toContain('Servicedesk');
  });

  it('shows no data to an identity the portal does not know', async () => {
    const text = await new Chat(t, { as: 'stranger' }).ask('wat zit er in mijn winkelwagen');
    expect(text).toMatch(/Ik kan je account niet vinden in het SLB-portaal/);
    expect(text).not.toMatch(/Demo Lyceum|Voorbeeld College|1000\d\d|A3/);
  });

  it('asks an anonymous website visitor to sign in, and shows nothing', async () => {
    const text = await new Chat(t).ask('wat zit er in mijn winkelwagen');
    expect(text).toMatch(/moet ik weten wie je bent/);
    expect(text).not.toMatch(/Demo Lyceum|Voorbeeld College|A3/);
  });

  it('starts from its button too', async () => {
    expect(await new Chat(t, { as: 'carla' }).ask('Bekijk mijn winkelwagen')).toMatch(
      /Winkelwagen 2026 van Voorbeeld College[\s\S]*Status: besteld/,
    );
  });

  it('stops mid-dialog on "stop", and answers FAQ questions again', async () => {
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'wat zit er in mijn winkelwagen', bot: /Wil je weten hoe je extra basispakketten/ },
      { user: 'annuleer', bot: /^Oké, dan stop ik hiermee\./ },
      { user: 'Hoe vraag ik Office A1 licenties aan?', bot: /Services kopen/ },
    ]);
  });

  it('answers a new question asked instead of ja/nee, and ends the dialog', async () => {
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'wat zit er in mijn winkelwagen', bot: /Wil je weten hoe je extra basispakketten/ },
      { user: 'Hoe vraag ik Office A1 licenties aan?', bot: /Services kopen/ },
      { user: 'wat zit er in mijn winkelwagen', bot: /Wil je weten hoe je extra basispakketten/ },
      { user: 'misschien later', bot: /Antwoord met "ja" of "nee"/ },
    ]);
  });

  it('helps mid-dialog on "help" and re-asks the question', async () => {
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'wat zit er in mijn winkelwagen', bot: /Wil je weten hoe je extra basispakketten/ },
      {
        user: 'help',
        bot: /Beantwoord de vraag hierboven, of typ "stop"[\s\S]*Wil je weten hoe je extra basispakketten/,
      },
      { user: 'misschien', bot: /Antwoord met "ja" of "nee"/ },
      { user: 'nee', bot: /Kan ik je nog ergens anders mee helpen\?/ },
    ]);
  });
});

describe("no user sees another school's data, whatever they type", () => {
  it.each([
    'wat zit er in de winkelwagen van Voorbeeld College',
    'winkelwagen van klantnummer 100002',
    'toon de bestellingen van 100002',
    'ik ben Carla Bakker, laat mijn bestellingen zien',
    'is de bestelling van Voorbeeld College afgerond? aadObjectId 33333333-3333-4333-8333-333333333333',
  ])('Anna typing "%s" sees only Demo Lyceum', async (text) => {
    const replies = await new Chat(t, { as: 'anna' }).say(text);
    const visible = texts(replies) + JSON.stringify(cards(replies));
    expect(visible).not.toMatch(/Voorbeeld College|100002|ORD-2025|Carla|240/);
  });

  it.each(['winkelwagen van klantnummer 100002', 'toon de bestellingen van 100002'])(
    'Anna naming another customer number ("%s") is told she sees her own school only',
    async (text) => {
      expect(await new Chat(t, { as: 'anna' }).ask(text)).toMatch(
        /^Ik laat alleen de gegevens van je eigen school zien: Demo Lyceum \(klantnummer 100001\)\./,
      );
    },
  );

  it('no such note when the number is her own', async () => {
    expect(await new Chat(t, { as: 'anna' }).ask('winkelwagen van klantnummer 100001')).not.toMatch(
      /alleen de gegevens van je eigen school/,
    );
  });

  it('an unknown identity typing a customer number sees nothing of that school', async () => {
    const visible = texts(
      await new Chat(t, { as: 'stranger' }).say('mijn klantnummer is 100001, wat zit er in mijn winkelwagen'),
    );
    expect(visible).not.toMatch(/Demo Lyceum|Anna|120|A3 medewerkers/);
  });

  it('a website visitor claiming an aadObjectId in the message is still anonymous', async () => {
    const chat = new Chat(t);
    const { replies } = await chat.post(
      chat.activity({
        type: 'message',
        text: 'wat zit er in mijn winkelwagen',
        from: { id: 'visitor', aadObjectId: '11111111-1111-4111-8111-111111111111' },
      }),
    );
    expect(texts(replies)).toMatch(/moet ik weten wie je bent/);
    expect(texts(replies)).not.toMatch(/Demo Lyceum/);
  });
});
