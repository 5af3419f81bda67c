import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LowdbFeedbackStore } from '../../adapters/feedback/lowdbFeedbackStore.js';
import type { Ticket } from '../../adapters/tickets/ticketStore.js';
import { amsterdamToday } from '../../dialogs/formFields.js';
import { Chat, buttons, playTranscript, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

// Conversations as school contacts hold them (issue 14): who is asking, context, forgiving forms, good endings.

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const storedTickets = (): Ticket[] => {
  const file = path.join(t.dataDir, 'tickets.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).tickets : [];
};
const REFERENCE = /SD-\d{4}-\d{6}/;
const lastTicket = (kind: Ticket['kind']): Ticket =>
  storedTickets()
    .filter((x) => x.kind === kind)
    .at(-1)!;
/** The contact-change form filled in for a new 1e contactpersoon, per direct, up to "Klopt dit?". */
const contactChangeUpToConfirm = (name: string, email: string) => [
  { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon/ },
  { user: '1e contactpersoon', bot: /naam/i },
  { user: name, bot: /e-mailadres/ },
  { user: email, bot: /Per wanneer|ingangsdatum|datum/i },
  { user: 'per direct', bot: /Klopt dit\?/ },
];

describe('answers for the person asking', () => {
  it('tells Anna, the 1e contactpersoon, that she may claim: first what applies to her, then the FAQ', async () => {
    const replies = await new Chat(t, { as: 'anna' }).say('mag ik de winkelwagen claimen?');
    const reply = texts(replies);
    expect(reply).toMatch(/^Jij bent de 1e contactpersoon van Demo Lyceum, dus jij kunt de winkelwagen claimen/);
    expect(buttons(replies)).not.toContain('Verzoek om winkelwagen te claimen');
    // The FAQ's "Nee" stays, but only under the FAQ's own question, so it is not an answer to Anna.
    expect(reply).toMatch(
      /Uit de FAQ \(1\.6\), op de vraag "Ik ben geen 1e contactpersoon\. Kan ik ook de winkelwagen voor 2026 claimen\?":\nNee, deze is alleen beschikbaar/,
    );
  });

  it('tells Bram he may not claim, and who can', async () => {
    const replies = await new Chat(t, { as: 'bram' }).say('mag ik de winkelwagen claimen?');
    expect(texts(replies)).toMatch(
      /^Jij bent niet de 1e contactpersoon van Demo Lyceum, dus jij kunt de winkelwagen niet claimen\. Dat kan alleen Anna de Vries, de 1e contactpersoon\./,
    );
    expect(buttons(replies)).toContain('Verzoek om winkelwagen te claimen');
  });

  it('tells Carla, whose cart is already ordered, that there is nothing left to claim (not "jij kunt claimen")', async () => {
    const replies = await new Chat(t, { as: 'carla' }).say('kan ik de winkelwagen claimen');
    expect(texts(replies)).toMatch(
      /^De winkelwagen van Voorbeeld College is al besteld: er valt niets meer te claimen\. Klopt er iets niet aan de bestelling, geef dan een correctie door/,
    );
    expect(texts(replies)).not.toMatch(/jij kunt de winkelwagen claimen/);
    expect(buttons(replies)).not.toContain('Verzoek om winkelwagen te claimen');
  });

  it('never tells Bram to add basispakketten or order himself', async () => {
    const reply = await new Chat(t, { as: 'bram' }).ask(
      'Om verloop van personeel op te vangen wil ik meer A3 bestellen. Is dit mogelijk?',
    );
    expect(reply).toMatch(
      /Jullie hebben dus 20 extra basispakketten nodig: 20 x EUR 74,67 = EUR 1\.493,40\. Alleen Anna de Vries \(1e contactpersoon\) kan ze aan de winkelwagen toevoegen en bestellen\./,
    );
    expect(reply).not.toMatch(/Voeg ze toe aan de winkelwagen voordat je bestelt/);
  });

  it('does not tell Bram, looking at the cart, to add basispakketten himself', async () => {
    const reply = await new Chat(t, { as: 'bram' }).ask('wat zit er in mijn winkelwagen');
    expect(reply).toMatch(
      /20 extra basispakketten nodig \(20 x EUR 74,67 = EUR 1\.493,40\)\. Anna de Vries \(1e contactpersoon\) voegt ze toe voordat de winkelwagen besteld wordt/,
    );
    expect(reply).not.toMatch(/Voeg ze toe/);
  });

  it('answers "fout in mijn order" with what applies: Carla has orders to correct, Bram has none and may not adjust', async () => {
    const carla = await new Chat(t, { as: 'carla' }).say('ik heb een fout gemaakt in mijn order');
    expect(texts(carla)).toMatch(
      /^Voor Voorbeeld College zie ik 2 bestellingen\. Een fout geef je door met "Order laten corrigeren"/,
    );
    expect(buttons(carla)).toContain('Order laten corrigeren');
    const bram = await new Chat(t, { as: 'bram' }).say('ik heb een fout gemaakt in mijn order');
    expect(texts(bram)).toMatch(
      /^Ik zie nog geen bestelling van Demo Lyceum: zolang er niet besteld is, kan Anna de Vries \(1e contactpersoon\) de aantallen in de winkelwagen aanpassen\./,
    );
    expect(buttons(bram)).not.toContain('Order laten corrigeren');
  });

  it('states the price of a basispakket, and for Anna what her 20 extra cost', async () => {
    expect(await new Chat(t).ask('wat kost een basispakket?')).toMatch(
      /^Een basispakket kost in 2026 EUR 74,67 \(in 2025 was dat EUR 71,80\)\./,
    );
    expect(await new Chat(t, { as: 'anna' }).ask('wat kost een basispakket?')).toMatch(
      /Voor jullie 20 extra basispakketten: 20 x EUR 74,67 = EUR 1\.493,40\./,
    );
  });

  it('answers "minder basispakketten" with the minimum first, not with "Ja"', async () => {
    const reply = await new Chat(t, { as: 'anna' }).ask('kan ik minder basispakketten afnemen?');
    expect(reply).toMatch(
      /^Voor Demo Lyceum: jullie hebben nu 100 basispakketten, en het minimum \(het aantal bij de start van de overeenkomst, 1-1-22\) is 90\. Minder dan 90 kan niet/,
    );
    expect(reply).not.toMatch(/^Ja/);
  });

  it('gives anonymous visitors the rule and the FAQ, with a hint to sign in, and no account data', async () => {
    const reply = await new Chat(t).ask('mag ik de winkelwagen claimen?');
    expect(reply).toMatch(/^Alleen de 1e contactpersoon van een school kan de winkelwagen claimen/);
    expect(reply).toMatch(/Open deze chat in Microsoft Teams of log in op de website van SLBdiensten/);
    expect(reply).not.toMatch(/Demo Lyceum|Anna/);
  });

  it("looks up whether Carla's registration was received (FAQ 2.1) from her real orders", async () => {
    expect(await new Chat(t, { as: 'carla' }).ask('Is mijn registratie goed ontvangen?')).toMatch(
      /^Je Microsoft registratie 2026 is (goed ontvangen en afgerond|ontvangen): order ORD-\d{4}-\d+/,
    );
  });

  it('answers "is onze bestelling goed binnengekomen?" from Carla\'s orders, and "mijn correctie" from her tickets', async () => {
    const carla = new Chat(t, { as: 'carla' });
    expect(await carla.ask('is onze bestelling goed binnengekomen?')).toMatch(
      /^Je Microsoft registratie 2026 is (goed ontvangen en afgerond|ontvangen): order ORD-/,
    );
    const correction = await carla.ask('hebben jullie mijn correctie al verwerkt?');
    expect(correction).toMatch(/verzoeken bij de servicedesk/);
    expect(correction).not.toMatch(/Bestelhistorie/);
  });

  // User trial: both started a new request to the servicedesk, and the next message was taken as its text.
  it('"is onze registratie al binnen?" looks up the orders: Bram hears that Anna orders, not that he should', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      {
        user: 'is onze registratie al binnen?',
        bot: /^Ik zie nog geen bestellingen van Demo Lyceum in de Bestelhistorie\. De winkelwagen voor de Microsoft registratie \d{4} staat nog klaar; Anna de Vries \(1e contactpersoon\) rondt die af en bestelt/,
      },
    ]);
    expect(await new Chat(t, { as: 'carla' }).ask('is onze registratie al binnen?')).toMatch(
      /Je Microsoft registratie 2026 is (goed ontvangen en afgerond|ontvangen): order ORD-2025-008765/,
    );
  });

  it('"Anna is op vakantie, wie kan de cart claimen?": the situation before the comma does not hide the question', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      {
        user: 'Anna is op vakantie, wie kan de cart claimen?',
        bot: /Dat kan alleen Anna de Vries, de 1e contactpersoon[\s\S]*Uit de FAQ \(1\.6\)/,
        buttons: ['Verzoek om winkelwagen te claimen'],
      },
    ]);
  });

  // User trial: a bare order number got FAQ 1.10 (ordering for 2025), and its six last digits were taken for another
  // school's customer number.
  it("an order number alone shows that order of Carla's; one that is not hers is said so, beside her list", async () => {
    const carla = new Chat(t, { as: 'carla' });
    await playTranscript(carla, [
      {
        user: 'ORD-2025-008765',
        bot: /^Order ORD-2025-008765 van [\d-]+: Microsoft registratie 2026\nStatus: In behandeling/,
      },
      {
        user: 'hoe staat het met ord-2025-004211?',
        bot: /^Order ORD-2025-004211 van [\d-]+: Extra licenties 2025\nStatus: Afgerond/,
      },
      {
        user: 'is ORD-2025-001234 al afgerond?',
        bot: /^Order ORD-2025-001234 staat niet in de Bestelhistorie van Voorbeeld College\.[\s\S]*Bestellingen van Voorbeeld College/,
      },
    ]);
    expect(await carla.ask('ORD-2025-008765')).not.toMatch(/alleen de gegevens van je eigen school/);
  });

  it('"mijn verzoeken" lists the requests Carla filed, not a new one', async () => {
    const carla = new Chat(t, { as: 'carla' });
    await playTranscript(carla, [
      { user: 'ik wil een vraag stellen aan de servicedesk', bot: /Wat is je vraag\?/ },
      { user: 'Kunnen jullie de factuur ook naar onze administratie sturen?', bot: /Klopt dit\?/ },
      { user: 'Ja, indienen', bot: REFERENCE },
      { user: 'mijn verzoeken', bot: /^Je verzoeken bij de servicedesk:\n- SD-\d{4}-\d+/ },
    ]);
  });

  it('tells Anna how many basispakketten Demo Lyceum holds before the FAQ on where they are', async () => {
    expect(await new Chat(t, { as: 'anna' }).ask('hoeveel basispakketen hebben we')).toMatch(
      /^Demo Lyceum heeft 100 basispakketten\. Die zijn in oktober gefactureerd en staan daarom niet in de winkelwagen\.\n\nUit de FAQ \(1\.5\)/,
    );
  });

  it('does not offer Anna a claim request: she can claim herself', async () => {
    const reply = await new Chat(t, { as: 'anna' }).ask('Verzoek om winkelwagen te claimen');
    expect(reply).toMatch(/^Jij bent de 1e contactpersoon van Demo Lyceum, dus jij kunt de winkelwagen zelf claimen/);
    expect(reply).not.toMatch(/Waarom kan de 1e contactpersoon/);
  });
});

describe('follow-ups read with the topic of the conversation', () => {
  it('"en wat kost dat dan?" after more A3 than basispakketten states EUR 74,67 and Anna\'s 20 extra', async () => {
    await playTranscript(new Chat(t, { as: 'anna' }), [
      {
        user: 'kan ik meer A3 licenties nemen dan basispakketten?',
        bot: /mits daar ook een extra basispakket tegenover staat/,
      },
      {
        user: 'en wat kost dat dan?',
        bot: /Een basispakket kost in 2026 EUR 74,67[\s\S]*20 x EUR 74,67 = EUR 1\.493,40/,
      },
    ]);
  });

  it('"en wat kost dat?" after A1 licenses: free, where alone it would be the basispakket price', async () => {
    expect(await new Chat(t).ask('en wat kost dat?')).toMatch(/EUR 74,67/);
    await playTranscript(new Chat(t), [
      { user: 'Hoe vraag ik Office A1 licenties aan?', bot: 'Services kopen' },
      { user: 'en wat kost dat?', bot: /^De A1 licenties zijn gratis \(€0\)/ },
    ]);
  });

  it('"en hoe lang duurt dat?" after A1 licenses: available at once, where alone it would be the delivery of 2.2', async () => {
    expect(await new Chat(t).ask('en hoe lang duurt dat?')).toMatch(/Pas vanaf december 2025/);
    await playTranscript(new Chat(t), [
      { user: 'Hoe vraag ik Office A1 licenties aan?', bot: 'Services kopen' },
      { user: 'en hoe lang duurt dat?', bot: /^De A1 licenties komen direct beschikbaar/ },
    ]);
  });

  it('"wie mag dat dan wel?" after Bram asked whether he may finish the cart: Anna, with the claim request', async () => {
    const chat = new Chat(t, { as: 'bram' });
    expect(await chat.ask('ik ben bram, kan ik de winkelwagen afronden?')).toMatch(
      /^Jij bent niet de 1e contactpersoon van Demo Lyceum/,
    );
    const replies = await chat.say('wie mag dat dan wel');
    expect(texts(replies)).toMatch(
      /^Alleen Anna de Vries, de 1e contactpersoon van Demo Lyceum, kan de winkelwagen claimen en bestellen/,
    );
    expect(buttons(replies)).toEqual(['Verzoek om winkelwagen te claimen']);
  });

  it('"en voor bram?" after Anna asked about claiming: about Bram, from her own school only', async () => {
    expect(await new Chat(t, { as: 'anna' }).ask('en voor bram?')).not.toMatch(/claimen/);
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'mag ik de winkelwagen claimen?', bot: /jij kunt de winkelwagen claimen/ },
      {
        user: 'en voor bram?',
        bot: /^Nee, Bram kan de winkelwagen niet claimen: dat kan alleen de 1e contactpersoon van Demo Lyceum, en dat ben jij/,
      },
    ]);
  });
});

describe('forgiving forms', () => {
  it('answers a side question in the middle of a form, then goes on where it was', async () => {
    const chat = new Chat(t, { as: 'anna' });
    await playTranscript(chat, [
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon wil je wijzigen\?/ },
      { user: 'Microsoft-contactpersoon', bot: /Wat is de naam van de nieuwe contactpersoon\?/ },
      {
        user: 'wacht even, wanneer worden de licenties geleverd?',
        bot: /Pas vanaf december 2025[\s\S]*Dan gaan we verder waar we waren:\nWat is de naam van de nieuwe contactpersoon\?/,
      },
      { user: 'Jan de Boer', bot: /Wat is het e-mailadres van de nieuwe contactpersoon\?/ },
    ]);
  });

  it('answers "wanneer zijn jullie open?" and "wie ben jij?" in the middle of a form, then goes on', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      {
        user: 'wanneer zijn jullie open?',
        bot: /^De servicedesk is bereikbaar: ma-vr 08:30-17:00[\s\S]*Dan gaan we verder waar we waren:\nOver welke order gaat het\?$/,
      },
      {
        user: 'hey wie ben jij eigenlijk',
        bot: /^Ik ben de digitale assistent van SLBdiensten[\s\S]*Over welke order gaat het\?$/,
      },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
    ]);
  });

  it('at a choice question, answers a question typed without "?" and accepts a sentence that names an option', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon wil je wijzigen\?/ },
      {
        user: 'welke regels gelden er',
        bot: /^Zie hiervoor het document ‘Regels & wijzigingen’[\s\S]*Dan gaan we verder waar we waren:\nWelke contactpersoon wil je wijzigen\?$/,
      },
      { user: 'die bij Microsoft graag', bot: /^Wat is de naam van de nieuwe contactpersoon\?$/ },
    ]);
  });

  it('does not take a short request for a name, and says how to leave the form', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon wil je wijzigen\?/ },
      { user: 'die bij Microsoft', bot: /^Wat is de naam van de nieuwe contactpersoon\?$/ },
      {
        user: 'wissel contactpersoon',
        bot: /^Dat lijkt geen antwoord op mijn vraag\. Wil je iets anders doen\? Typ dan "stop"[\s\S]*\nWat is de naam van de nieuwe contactpersoon\?$/,
      },
      { user: 'Sanne Visser', bot: /^Wat is het e-mailadres van de nieuwe contactpersoon\?$/ },
    ]);
  });

  it("does not store an aside it cannot answer as the form's answer", async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
      {
        user: 'trouwens, kan ik bij jullie een beamer huren?',
        bot: /^Op die vraag heb ik geen antwoord uit de FAQ\.[\s\S]*Dan gaan we verder waar we waren:\nWat is er fout aan deze order\?$/,
      },
      { user: 'We hebben 240 A3 besteld, dat zijn er te veel', bot: /Hoe moet het wel zijn\?/ },
      { user: '200 A3', bot: /- Wat is er fout: We hebben 240 A3 besteld, dat zijn er te veel\n/ },
    ]);
  });

  it('accepts "1 januari" (and other Dutch dates) on the Amsterdam calendar, and files the form', async () => {
    const today = amsterdamToday();
    const firstOfJanuary = today.month === 1 && today.day === 1 ? `1-1-${today.year}` : `1-1-${today.year + 1}`;
    const chat = new Chat(t, { as: 'anna' });
    await playTranscript(chat, [
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon/ },
      { user: 'Microsoft-contactpersoon', bot: /naam/ },
      { user: 'Jan de Boer', bot: /e-mailadres/ },
      { user: 'jan@demolyceum.nl', bot: /Per wanneer gaat de wijziging in\?/ },
      { user: '1 januari', bot: new RegExp(`Klopt dit\\?[\\s\\S]*- Ingangsdatum: ${firstOfJanuary}\\n`) },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(lastTicket('contact_change').fields.at(-1)).toEqual({ label: 'Ingangsdatum', value: firstOfJanuary });
  });

  it('reads "1-1-27"-style, "volgende maand" and "per direct" dates; "directeur" is not "direct"', async () => {
    const today = amsterdamToday();
    const nextMonth = today.month === 12 ? `1-1-${today.year + 1}` : `1-${today.month + 1}-${today.year}`;
    const short = `1-1-${String(today.year + 1).slice(2)}`;
    const chat = new Chat(t, { as: 'anna' });
    await playTranscript(chat, [
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon/ },
      { user: 'Microsoft-contactpersoon', bot: /naam/ },
      { user: 'Jan de Boer', bot: /e-mailadres/ },
      { user: 'jan@demolyceum.nl', bot: /Per wanneer/ },
      { user: 'de directeur wijzigt', bot: /Typ een datum, bijvoorbeeld "1 januari"/ },
      { user: 'volgende maand', bot: new RegExp(`- Ingangsdatum: ${nextMonth}\\n`) },
      { user: 'Wijzig een veld', bot: /Welk veld wil je wijzigen\?/, buttons: ['Ingangsdatum'] },
      { user: 'Ingangsdatum', bot: /Per wanneer/ },
      { user: short, bot: new RegExp(`- Ingangsdatum: 1-1-${today.year + 1}\\n`) },
      { user: 'Wijzig een veld', bot: /Welk veld/ },
      { user: 'Ingangsdatum', bot: /Per wanneer/ },
      {
        user: 'Per direct',
        bot: new RegExp(`- Ingangsdatum: per direct, ${today.day}-${today.month}-${today.year}\\n`),
      },
    ]);
  });

  it('lets the user change one field at the confirm step instead of redoing the form', async () => {
    const chat = new Chat(t, { as: 'carla' });
    await playTranscript(chat, [
      { user: 'Servicedesk', bot: /Wat is je vraag\?/ },
      {
        user: 'Kunnen jullie de factuur opnieuw sturen?',
        bot: /Klopt dit\?\n- Vraag: Kunnen jullie de factuur opnieuw sturen\?/,
        buttons: ['Ja, indienen', 'Wijzig een veld', 'Nee, niet indienen'],
      },
      { user: 'Wijzig een veld', bot: /Welk veld wil je wijzigen\?/ },
      { user: 'Vraag', bot: /Wat is je vraag\?/ },
      {
        user: 'Graag een kopie van de factuur per e-mail',
        bot: /Klopt dit\?\n- Vraag: Graag een kopie van de factuur per e-mail\n/,
      },
      { user: 'ja', bot: REFERENCE },
    ]);
  });

  it('takes "naam", "mail" and "rol" for the field to change, and files the changed form', async () => {
    await playTranscript(new Chat(t, { as: 'anna' }), [
      ...contactChangeUpToConfirm('Bram Jansen', 'bram@demolyceum.nl'),
      { user: 'Wijzig een veld', bot: /Welk veld wil je wijzigen\?/ },
      { user: 'naam', bot: /naam/i },
      { user: 'Bram J. Jansen', bot: /- Nieuwe contactpersoon: Bram J\. Jansen\n/ },
      { user: 'Wijzig een veld', bot: /Welk veld/ },
      { user: 'mail', bot: /e-mailadres van de nieuwe contactpersoon/ },
      { user: 'b.jansen@demolyceum.nl', bot: /- E-mailadres nieuwe contactpersoon: b\.jansen@demolyceum\.nl\n/ },
      { user: 'Wijzig een veld', bot: /Welk veld/ },
      { user: 'rol', bot: /Welke contactpersoon wil je wijzigen\?/ },
      { user: 'Microsoft-contactpersoon', bot: /- Welke rol: Microsoft-contactpersoon\n/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    const ticket = lastTicket('contact_change');
    expect(ticket.fields).toContainEqual({ label: 'Nieuwe contactpersoon', value: 'Bram J. Jansen' });
  });

  it('at "Klopt dit?" takes "de naam klopt niet" to the name and "ja, het mailadres klopt ook" as yes', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      ...contactChangeUpToConfirm('Kees Jansen', 'kees@demolyceum.nl'),
      { user: 'de naam klopt niet', bot: /^Wat is de naam van de nieuwe contactpersoon\?/ },
      { user: 'Kees de Jong', bot: /- Nieuwe contactpersoon: Kees de Jong\n/ },
      { user: 'ja, het mailadres klopt ook', bot: REFERENCE },
    ]);
    const ticket = lastTicket('contact_change');
    expect(ticket.fields).toContainEqual({ label: 'Nieuwe contactpersoon', value: 'Kees de Jong' });
  });

  it('does not take "dit helpt niet" as the answer to a free-text question; says how to go on', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'ik wil een order corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
      {
        user: 'dit helpt niet',
        bot: /^Sorry dat het niet vlot gaat\. Beantwoord de vraag hierboven, of typ "stop" om te stoppen\.[\s\S]*Wat is er fout aan deze order\?/,
      },
      { user: 'er staan 50 A3 in, dat is te weinig', bot: /Hoe moet het wel zijn\?/ },
    ]);
  });

  it.each(['nee laat maar', 'toch niet', 'stop', 'weet ik eigenlijk niet, laat maar'])(
    'ends the form on "%s" at any step without filing',
    async (words) => {
      const before = storedTickets().length;
      await playTranscript(new Chat(t, { as: 'anna' }), [
        { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon/ },
        { user: words, bot: /^Oké, ik ben gestopt en heb niets ingediend\./ },
        { user: 'Servicedesk', bot: /Wat is je vraag\?/ },
        { user: 'Een vraag over de factuur', bot: /Klopt dit\?/ },
        { user: words, bot: /^Oké, ik ben gestopt en heb niets ingediend\./ },
        { user: 'nee', bot: /^Graag gedaan!/ },
      ]);
      expect(storedTickets()).toHaveLength(before);
    },
  );

  it('takes "ok tnx" where the servicedesk form asks for the question as leaving, and files nothing', async () => {
    const before = storedTickets().length;
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'Servicedesk', bot: /Wat is je vraag\?/ },
      { user: 'ok tnx', bot: /^Oké, ik ben gestopt en heb niets ingediend\. Fijne dag verder!$/ },
    ]);
    expect(storedTickets()).toHaveLength(before);
  });

  it('asks again instead of dropping a filled-in form on "bedankt, tot ziens" at the confirm step', async () => {
    const before = storedTickets().length;
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'Servicedesk', bot: /Wat is je vraag\?/ },
      { user: 'Een vraag over de factuur', bot: /Klopt dit\?/ },
      {
        user: 'Hartelijk dank, tot ziens',
        bot: /^Graag gedaan! Je verzoek is nog niet ingediend[\s\S]*Klopt dit\?/,
        buttons: ['Ja, indienen', 'Wijzig een veld', 'Nee, niet indienen'],
      },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(storedTickets()).toHaveLength(before + 1);
  });

  it('files nothing on "nee" at the confirm step', async () => {
    const before = storedTickets().length;
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'Servicedesk', bot: /Wat is je vraag\?/ },
      { user: 'Een vraag over de factuur', bot: /Klopt dit\?/ },
      { user: 'nee', bot: /^Oké, ik heb niets ingediend\./ },
    ]);
    expect(storedTickets()).toHaveLength(before);
  });

  it('explains the minimum before filing a reduction below it, and refuses a number that is no reduction', async () => {
    const chat = new Chat(t, { as: 'anna' });
    await playTranscript(chat, [
      {
        user: 'Verlaging basispakketten aanvragen',
        bot: /voor Demo Lyceum is dat 90[\s\S]*Hoeveel basispakketten wil je \(nu 100\)\?/,
      },
      { user: '120', bot: /^Dat is geen verlaging: jullie hebben er nu 100\./ },
      {
        user: '80',
        bot: /^Let op: 80 is minder dan het minimum van 90 basispakketten[\s\S]*Wat is de reden van de verlaging\?/,
      },
      { user: 'minder personeel', bot: /- Gewenst aantal basispakketten: 80, onder het minimum van 90/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(lastTicket('basispakket_reduction').fields[0].value).toBe('80, onder het minimum van 90');
  });

  it('an anonymous visitor who wants a change is offered a request to the servicedesk, not a dead end', async () => {
    await playTranscript(new Chat(t), [
      {
        user: 'ik wil de contactpersoon wijzigen',
        bot: /moet ik weten wie je bent[\s\S]*Je kunt ook nu een verzoek achterlaten bij de servicedesk: kies "Servicedesk"/,
        buttons: ['Servicedesk'],
      },
      { user: 'Servicedesk', bot: /Ik zet je vraag door naar de servicedesk[\s\S]*Wat is je vraag\?/ },
    ]);
  });

  it.each(['En wie van ons is 1e contactpersoon?', 'Hoe kan ik dan 1e contactpersoon worden?'])(
    'Bram asking "%s" hears who it is, with the change as a button',
    async (question) => {
      await playTranscript(new Chat(t, { as: 'bram' }), [
        {
          user: question,
          bot: /^Anna de Vries is de 1e contactpersoon van Demo Lyceum\. Moet dat iemand anders worden, kies dan "Contactpersoon wijzigen"\./,
          buttons: ['Ja, dit hielp', 'Nee, dit hielp niet', 'Contactpersoon wijzigen'],
        },
      ]);
    },
  );

  it('asked who the first contact is, Bram hears the name with the change as a button, not a form', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      {
        user: 'wie is de 1e contactpersoon van onze school?',
        bot: /^Anna de Vries is de 1e contactpersoon van Demo Lyceum\. Moet dat iemand anders worden, kies dan "Contactpersoon wijzigen"\./,
        buttons: ['Ja, dit hielp', 'Nee, dit hielp niet', 'Contactpersoon wijzigen'],
      },
      {
        user: 'Contactpersoon wijzigen',
        bot: /Nu is Anna de Vries de 1e contactpersoon van Demo Lyceum\.[\s\S]*Wil je niets wijzigen, typ dan "stop"\./,
      },
      { user: 'stop', bot: /^Oké, ik ben gestopt en heb niets ingediend\./ },
    ]);
    expect(await new Chat(t, { as: 'anna' }).ask('wie is onze eerste contactpersoon')).toMatch(
      /^Jij bent de 1e contactpersoon van Demo Lyceum\./,
    );
  });

  it('offers another contact person besides the Microsoft and the 1e contactpersoon ("2e contactpersoon")', async () => {
    const reply = await new Chat(t, { as: 'anna' }).ask('ik wil de tweede contactpersoon wijzigen');
    expect(reply).toMatch(
      /Je gaf al aan:\n- Welke rol: Andere contactpersoon\n[\s\S]*Wat is de naam van de nieuwe contactpersoon\?/,
    );
  });

  it('takes the address and the date a pasted letter gives, and asks only for the name', async () => {
    // Next year's 1 January: a date to come under any clock the tests run with (test:2027 too).
    const year = new Date().getFullYear() + 1;
    const chat = new Chat(t, { as: 'anna' });
    const reply = await chat.ask(
      `Geachte heer/mevrouw, Per 1 januari ${year} neemt mijn collega Jeroen Smit (j.smit@demolyceum.nl) mijn taken als 1e contactpersoon over. Kunt u dit wijzigen? Met vriendelijke groet, Anna de Vries`,
    );
    expect(reply).toMatch(
      new RegExp(
        `Je gaf al aan:\\n- Welke rol: 1e contactpersoon\\n- E-mailadres nieuwe contactpersoon: j\\.smit@demolyceum\\.nl\\n- Ingangsdatum: 1-1-${year}\\n[\\s\\S]*Wat is de naam van de nieuwe contactpersoon\\?$`,
      ),
    );
    expect(await chat.ask('Jeroen Smit')).toMatch(
      /^Klopt dit\?\n- Welke rol: 1e contactpersoon\n- Nieuwe contactpersoon: Jeroen Smit\n/,
    );
  });

  it('does not ask again which contact person, when the user already said it', async () => {
    const reply = await new Chat(t, { as: 'anna' }).ask('ik wil de 1e contactpersoon wijzigen');
    expect(reply).toMatch(
      /Je gaf al aan:\n- Welke rol: 1e contactpersoon\n[\s\S]*Wat is de naam van de nieuwe contactpersoon\?/,
    );
    expect(reply).not.toMatch(/Welke contactpersoon wil je wijzigen\?/);
  });
});

describe('what is no answer to a form question (user trial)', () => {
  it('a question without "?" at a free-text question is answered on the side; a clause with a question word is an answer', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
      {
        user: 'hoe voeg ik basispakketten toe',
        bot: /Uit de FAQ \(1\.9\)[\s\S]*Dan gaan we verder waar we waren:\nWat is er fout aan deze order\?$/,
      },
      { user: 'wat ik besteld heb klopt niet, 300 A3 is te veel', bot: /Hoe moet het wel zijn\?/ },
      { user: 'stop', bot: /niets ingediend/ },
    ]);
  });

  it('"ik wil liever iemand spreken" where the form asks what is wrong is a request for a person, not the text to file', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
      // A person: the queue while the servicedesk is open, a request for it when closed (the clock decides).
      {
        user: 'ik wil liever iemand spreken',
        bot: /^(Ik verbind je door met een medewerker van de servicedesk|De servicedesk is nu gesloten)/,
      },
      { user: 'stop', bot: /./ },
    ]);
  });

  it('"eigenlijk wil ik liever de contactpersoon wijzigen" where the form asks what is wrong starts that instead', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
      {
        user: 'eigenlijk wil ik liever de contactpersoon wijzigen',
        bot: /^Ik geef een wijziging van een contactpersoon door aan de servicedesk\.[\s\S]*Welke contactpersoon wil je wijzigen\?$/,
      },
      { user: 'stop', bot: /niets ingediend/ },
    ]);
    // Without a change of mind, a sentence naming another request is what is wrong ("de contactpersoon" is a word).
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
      { user: 'de order staat op naam van de vorige contactpersoon', bot: /Hoe moet het wel zijn\?/ },
    ]);
  });

  /** The reply to a message that is no answer: the field's question again and how to stop. */
  const noAnswer = (question: string) =>
    new RegExp(
      `^Dat kan ik niet als antwoord invullen\\. Ik heb dit nog van je nodig: ${question}[\\s\\S]*Wil je liever stoppen\\? Typ dan "stop"\\.$`,
    );

  it('Carla: "ok dan maak ik een nieuwe" and "Ja, indienen" are no correction; "nee wacht, terug" goes a question back', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-004211', bot: /^Wat is er fout aan deze order\?$/ },
      {
        user: 'nee wacht, terug',
        bot: /^Oké, een vraag terug\. Je had ingevuld: ORD-2025-004211\nOver welke order gaat het\?$/,
        buttons: ['ORD-2025-004211', 'ORD-2025-008765'],
      },
      { user: 'ORD-2025-008765', bot: /^Wat is er fout aan deze order\?$/ },
      { user: 'ok dan maak ik een nieuwe', bot: noAnswer('Wat is er fout aan deze order\\?') },
      { user: 'We hebben 240 A3 besteld, dat zijn er te veel', bot: /^Hoe moet het wel zijn\?/ },
      { user: 'Ja, indienen', bot: noAnswer('Hoe moet het wel zijn\\? Noem de juiste aantallen of producten\\.') },
      { user: 'ok', bot: noAnswer('Hoe moet het wel zijn\\?') },
      { user: '200 A3', bot: /^Klopt dit\?\n- Order: ORD-2025-008765\n/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(lastTicket('order_correction').fields).toEqual([
      { label: 'Order', value: 'ORD-2025-008765' },
      { label: 'Wat is er fout', value: 'We hebben 240 A3 besteld, dat zijn er te veel' },
      { label: 'Hoe het moet zijn', value: '200 A3' },
    ]);
  });

  it('Bram: "ja" and "Dank u wel voor uw hulp" are no name; real names pass; "terug" asks the name again', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      { user: 'Contactpersoon wijzigen', bot: /Welke contactpersoon wil je wijzigen\?/ },
      { user: 'Microsoft-contactpersoon', bot: /^Wat is de naam van de nieuwe contactpersoon\?$/ },
      { user: 'ja', bot: noAnswer('Wat is de naam van de nieuwe contactpersoon\\?') },
      { user: 'Dank u wel voor uw hulp', bot: noAnswer('Wat is de naam van de nieuwe contactpersoon\\?') },
      { user: 'Nee', bot: noAnswer('Wat is de naam van de nieuwe contactpersoon\\?') },
      { user: 'Ö. Yılmaz', bot: /^Wat is het e-mailadres van de nieuwe contactpersoon\?$/ },
      {
        user: 'terug',
        bot: /^Oké, een vraag terug\. Je had ingevuld: Ö\. Yılmaz\nWat is de naam van de nieuwe contactpersoon\?$/,
      },
      { user: 'Anne-Marie van den Berg', bot: /^Wat is het e-mailadres van de nieuwe contactpersoon\?$/ },
      { user: 'anne@demolyceum.nl', bot: /Per wanneer/ },
      { user: 'per direct', bot: /- Nieuwe contactpersoon: Anne-Marie van den Berg\n/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(lastTicket('contact_change').fields.slice(0, 3)).toEqual([
      { label: 'Welke rol', value: 'Microsoft-contactpersoon' },
      { label: 'Nieuwe contactpersoon', value: 'Anne-Marie van den Berg' },
      { label: 'E-mailadres nieuwe contactpersoon', value: 'anne@demolyceum.nl' },
    ]);
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon/ },
      { user: 'Microsoft-contactpersoon', bot: /naam/ },
      { user: 'Jan de Vries', bot: /^Wat is het e-mailadres van de nieuwe contactpersoon\?$/ },
      { user: 'stop', bot: /^Oké, ik ben gestopt/ },
    ]);
  });

  it('anonymous: "Servicedesk", "hoi" and "ok" are no question for the servicedesk, and do not end the form', async () => {
    await playTranscript(new Chat(t), [
      { user: 'Servicedesk', bot: /Wat is je vraag\?$/ },
      { user: 'Servicedesk', bot: noAnswer('Wat is je vraag\\?') },
      { user: 'hoi', bot: noAnswer('Wat is je vraag\\?') },
      { user: 'ok', bot: noAnswer('Wat is je vraag\\?') },
      { user: 'Kunnen jullie de factuur opnieuw sturen?', bot: /Op welk e-mailadres wil je antwoord krijgen\?/ },
      { user: 'ict@school.nl', bot: /Klopt dit\?/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(lastTicket('general_request').fields).toEqual([
      { label: 'Vraag', value: 'Kunnen jullie de factuur opnieuw sturen?' },
      { label: 'E-mailadres voor het antwoord', value: 'ict@school.nl' },
    ]);
  });

  it('going back: the first question is asked again; from "Klopt dit?" to the last question; from a field picked there back to the summary', async () => {
    const chat = new Chat(t, { as: 'anna' });
    await playTranscript(chat, [
      { user: 'Contactpersoon wijzigen', bot: /Welke contactpersoon wil je wijzigen\?$/ },
      {
        user: 'wacht',
        bot: /^Dit is de eerste vraag; verder terug kan niet\.\nWelke contactpersoon wil je wijzigen\?$/,
      },
      { user: 'Microsoft-contactpersoon', bot: /naam/ },
      { user: 'Jan de Vries', bot: /e-mailadres/ },
      { user: 'jan@demolyceum.nl', bot: /Per wanneer/ },
      { user: 'per direct', bot: /Klopt dit\?/ },
      {
        user: 'ga terug',
        bot: /^Oké, een vraag terug\. Je had ingevuld: per direct, [\d-]+\nPer wanneer gaat de wijziging in\?/,
      },
      { user: 'vorige', bot: /^Oké, terug naar het overzicht\.\nKlopt dit\?/ },
      { user: 'Wijzig een veld', bot: /Welk veld wil je wijzigen\?/ },
      { user: 'terug', bot: /^Oké, terug naar het overzicht\.\nKlopt dit\?/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(lastTicket('contact_change').fields[1]).toEqual({ label: 'Nieuwe contactpersoon', value: 'Jan de Vries' });
  });
});

describe('not knowing, and asking for something else, in a form (user trial)', () => {
  it('Bram: "geen idee" is no name; "mijn tickets" is no address; both say how to stop, then the form goes on', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon wil je wijzigen\?/ },
      { user: '1e contactpersoon', bot: /Wat is de naam van de nieuwe contactpersoon\?/ },
      {
        user: 'geen idee',
        bot: /^Weet je het nog niet\? Typ dan "stop": ik dien niets in[\s\S]*Wat is de naam van de nieuwe contactpersoon\?$/,
      },
      { user: 'Weet ik nog niet.', bot: /^Weet je het nog niet\?/ },
      { user: 'Piet de Boer', bot: /Wat is het e-mailadres van de nieuwe contactpersoon\?/ },
      {
        user: 'mijn tickets',
        bot: /^Dat lijkt geen antwoord op mijn vraag\.[\s\S]*Wat is het e-mailadres van de nieuwe contactpersoon\?$/,
      },
      { user: 'p.deboer@demolyceum.nl', bot: /Per wanneer gaat de wijziging in\?/ },
      { user: 'stop', bot: /niets ingediend/ },
    ]);
  });
});

describe('second user trial: forms take what people mean, and file no nonsense', () => {
  it('Bram: "ik wil mezelf als 1e contactpersoon zetten" fills his own name and address; only the date is asked', async () => {
    await playTranscript(new Chat(t, { as: 'bram' }), [
      {
        user: 'ik wil mezelf als 1e contactpersoon zetten',
        bot: /- Welke rol: 1e contactpersoon\n- Nieuwe contactpersoon: Bram Jansen\n- E-mailadres nieuwe contactpersoon: \S+@\S+[\s\S]*Per wanneer gaat de wijziging in\?/,
      },
      { user: 'stop', bot: /niets ingediend/ },
    ]);
  });

  it('"na de kerstvakantie" is no name, "ik zelf" is the user; "indienen" is no correct amount; "hmm nee toch maar niet" files nothing', async () => {
    const before = storedTickets().length;
    await playTranscript(new Chat(t, { as: 'bram' }), [
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon wil je wijzigen\?/ },
      { user: '1e contactpersoon', bot: /Wat is de naam van de nieuwe contactpersoon\?/ },
      { user: 'na de kerstvakantie', bot: /^Dat lijkt geen naam\./ },
      { user: 'ik zelf', bot: /Per wanneer gaat de wijziging in\?/ },
      {
        user: 'per direct',
        bot: /Klopt dit\?[\s\S]*- Nieuwe contactpersoon: Bram Jansen\n- E-mailadres nieuwe contactpersoon: \S+@/,
      },
      { user: 'hmm nee toch maar niet', bot: /niets ingediend|niet ingediend/ },
    ]);
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'ik wil een order laten corrigeren', bot: /Over welke order gaat het\?/ },
      // "de laatste" is the last order number shown.
      { user: 'de laatste', bot: /Wat is er fout aan deze order\?/ },
      { user: 'er staan 10 A3 te veel in', bot: /Hoe moet het wel zijn\?/ },
      { user: 'indienen', bot: /Dat kan ik niet als antwoord invullen/ },
      { user: '230 A3', bot: /^Klopt dit\?\n- Order: ORD-2025-008765\n/ },
      { user: 'Nee, niet indienen', bot: /niet ingediend|niets ingediend/ },
    ]);
    expect(storedTickets()).toHaveLength(before);
  });

  it('Carla: "wat zat er in ORD-2025-004211" shows that order, not her cart', async () => {
    expect(await new Chat(t, { as: 'carla' }).ask('wat zat er in ORD-2025-004211')).toMatch(
      /^Order ORD-2025-004211 van [\d-]+: Extra licenties 2025\nStatus: Afgerond\n- Project Plan 3: 3/,
    );
  });

  it('asked to claim, change or order the cart, says who does it and where, before the cart: Anna herself, Bram not, Carla has ordered', async () => {
    const anna = new Chat(t, { as: 'anna' });
    expect(await anna.ask('kun jij de winkelwagen voor me claimen en bestellen')).toMatch(
      /^Dat doe je zelf in de winkelwagen in Mijnslbdiensten; ik kan dat niet voor je doen\. Als 1e contactpersoon claim je de winkelwagen, pas je de aantallen aan[\s\S]*Winkelwagen 2026 van Demo Lyceum/,
    );
    await anna.ask('nee');
    expect(await anna.ask('ik wil maar 100 A3 ipv 120, kan ik het aantal in de winkelwagen zelf verlagen')).toMatch(
      /^Dat doe je zelf in de winkelwagen/,
    );
    expect(await new Chat(t, { as: 'bram' }).ask('waar vind ik de winkelwagen eigenlijk op de site')).toMatch(
      /^De winkelwagen staat in de SLB-portal, Mijnslbdiensten, maar alleen Anna de Vries \(1e contactpersoon\) kan hem claimen/,
    );
    expect(await new Chat(t, { as: 'carla' }).ask('kun jij mijn winkelwagen bestellen?')).toMatch(
      /^De winkelwagen van Voorbeeld College is al besteld\. Klopt er iets niet aan de order, dan geef je een correctie door/,
    );
    // User trial: Carla holds 250 basispakketten for 240 A3; 5 more A3 need no extra basispakket.
    expect(await new Chat(t, { as: 'carla' }).ask('kan ik nog iets toevoegen, we hebben 5 extra docenten')).toMatch(
      /Er kunnen nog 10 A3 licenties bij zonder extra basispakketten/,
    );
    // Asking to check the cart before ordering is no request to order it.
    const check = await new Chat(t, { as: 'anna' }).ask(
      'ik wil zeker weten dat onze winkelwagen klopt voordat ik op bestellen druk',
    );
    expect(check).toMatch(/Winkelwagen 2026 van Demo Lyceum/);
    expect(check).not.toMatch(/ik kan dat niet voor je doen|De winkelwagen vind je/);
  });

  it('Anna: "nee wacht, ik wil maar 100 A3, die 20 extra hoeven niet" at the cart\'s ja/nee is no goodbye', async () => {
    const anna = new Chat(t, { as: 'anna' });
    await anna.ask('wat zit er in mijn winkelwagen');
    const reply = await anna.ask('nee wacht, ik wil eigenlijk maar 100 A3 bestellen, die 20 extra hoeven niet');
    expect(reply).not.toMatch(/Graag gedaan|Fijne dag/);
    expect(reply).toMatch(/^Daar heb ik helaas geen antwoord op/);
  });

  it('"Nee, dit hielp niet" under FAQ 1.4 offers the correction it offered again, before a person', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      { user: 'ik heb een fout gemaakt in mijn order', bot: /FAQ \(1\.4\)|1\.4/, buttons: ['Order laten corrigeren'] },
      {
        user: 'Nee, dit hielp niet',
        bot: /^Jammer dat dit niet hielp/,
        buttons: ['Order laten corrigeren', 'Medewerker spreken', 'Servicedesk'],
      },
    ]);
  });

  it('Anna: "thanks bye" at a ja/nee question of her cart stops without speaking of a request', async () => {
    const anna = new Chat(t, { as: 'anna' });
    await anna.ask('wat zit er in mijn winkelwagen');
    expect(await anna.ask('thanks bye')).toBe('Oké, dan stop ik hiermee. Fijne dag verder!');
  });
});

describe('third user trial', () => {
  it('Carla names an order by its last digits or its place; the cart is not shown for it', async () => {
    const carla = new Chat(t, { as: 'carla' });
    expect(await carla.ask('wat zat er in order 4211')).toMatch(
      /^Order ORD-2025-004211 van [\d-]+: Extra licenties 2025/,
    );
    expect(await carla.ask('wat zat er in de tweede order')).toMatch(
      /^Order ORD-2025-008765 van [\d-]+: Microsoft registratie 2026/,
    );
    await playTranscript(carla, [
      { user: 'mijn bestellingen', bot: /Wil je de details van een bestelling zien\?/ },
      { user: 'de eerste', bot: /^Order ORD-2025-004211 van/ },
    ]);
  });

  it('Anna: "het e-mailadres weet ik niet" keeps the form; "volgende maand" is no name, "Pieter" is asked for a last name; "laat toch maar zitten" files nothing', async () => {
    const before = storedTickets().length;
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'ik wil de microsoft contactpersoon wijzigen', bot: /Wat is de naam van de nieuwe contactpersoon\?/ },
      { user: 'volgende maand', bot: /^Dat lijkt geen naam\./ },
      { user: 'Pieter', bot: /^Wat is de achternaam erbij\? Typ voor- en achternaam, bijvoorbeeld "Pieter de Boer"\./ },
      { user: 'Pieter de Boer', bot: /Wat is het e-mailadres van de nieuwe contactpersoon\?/ },
      {
        user: 'het e-mailadres weet ik niet',
        bot: /^Weet je het nog niet\?[\s\S]*Wat is het e-mailadres van de nieuwe contactpersoon\?$/,
      },
      { user: 'p.deboer@demolyceum.nl', bot: /Per wanneer gaat de wijziging in\?/ },
      { user: 'per direct', bot: /Klopt dit\?/ },
      { user: 'laat toch maar zitten', bot: /niets ingediend|niet ingediend/ },
    ]);
    expect(storedTickets()).toHaveLength(before);
  });

  it('"kan ik dan zelf bestellen": Bram hears that only Anna orders, Anna that she does it in the cart (not "no orders yet")', async () => {
    expect(await new Chat(t, { as: 'bram' }).ask('kan ik dan zelf bestellen')).toMatch(
      /^Claimen, aanpassen en bestellen kan alleen Anna de Vries \(1e contactpersoon\)/,
    );
    expect(await new Chat(t, { as: 'anna' }).ask('kan ik dan zelf bestellen')).toMatch(
      /^Dat doe je zelf in de winkelwagen/,
    );
    // The order history is still what "is mijn bestelling afgerond?" asks for.
    expect(await new Chat(t, { as: 'anna' }).ask('is mijn bestelling afgerond?')).toMatch(
      /^Ik zie nog geen bestellingen/,
    );
  });

  it('Anna: a change to her cart the FAQ search cannot place gets who changes it and where', async () => {
    expect(await new Chat(t, { as: 'anna' }).ask('kan ik de visio licenties uit de winkelwagen halen')).toMatch(
      /^Dat doe je zelf in de winkelwagen in Mijnslbdiensten/,
    );
  });
});

describe('a correction told in the first sentence', () => {
  // The sentence gives the wrong and the right amount: it says what is wrong and how it should be (user trial: the
  // form asked "Hoe moet het wel zijn?" right after "er moeten 230 A3 in ipv 240"; a later trial: the whole sentence
  // shown again as how it should be read as an echo).
  it('keeps "ik heb 300 ipv 30 A3 besteld" as what is wrong, 30 A3 as how it should be, and asks only for the order', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      {
        user: 'ik heb 300 ipv 30 A3 besteld, kun je dat rechtzetten?',
        bot: /Je gaf al aan:\n- Wat is er fout: ik heb 300 ipv 30 A3 besteld, kun je dat rechtzetten\?\n- Hoe het moet zijn: 30 A3 in plaats van 300\n[\s\S]*Over welke order gaat het\?/,
      },
      {
        user: 'ORD-2025-004211',
        bot: /^Klopt dit\?\n- Order: ORD-2025-004211\n- Wat is er fout: ik heb 300 ipv 30 A3 besteld/,
      },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(lastTicket('order_correction').fields).toEqual([
      { label: 'Order', value: 'ORD-2025-004211' },
      { label: 'Wat is er fout', value: 'ik heb 300 ipv 30 A3 besteld, kun je dat rechtzetten?' },
      { label: 'Hoe het moet zijn', value: '30 A3 in plaats van 300' },
    ]);
  });

  it('"we hebben er 30 A3 te veel besteld" gets FAQ 1.4; its correction button carries the sentence', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      {
        user: 'we hebben er 30 A3 te veel besteld',
        bot: /Uit de FAQ \(1\.4\)/,
        buttons: ['Ja, dit hielp', 'Nee, dit hielp niet', 'Order laten corrigeren'],
      },
      {
        user: 'Order laten corrigeren',
        bot: /Je gaf al aan:\n- Wat is er fout: we hebben er 30 A3 te veel besteld\n[\s\S]*Over welke order gaat het\?/,
      },
      { user: 'stop', bot: /niets ingediend/ },
    ]);
  });

  it.each(['we hebben 300 ipv 30 A3 besteld', 'we hebben 300 A3 besteld maar het moesten er 30 zijn'])(
    '"%s" (an amount that should be another) starts the correction with the sentence, not advice on ordering more',
    async (said) => {
      await playTranscript(new Chat(t, { as: 'carla' }), [
        {
          user: said,
          bot: new RegExp(
            `FAQ 1\\.4\\)[\\s\\S]*- Wat is er fout: ${said}\\n- Hoe het moet zijn: 30 A3 in plaats van 300\\n[\\s\\S]*Over welke order gaat het\\?`,
          ),
        },
        { user: 'stop', bot: /niets ingediend/ },
      ]);
    },
  );

  it('still asks what is wrong when the first sentence names only the order', async () => {
    await playTranscript(new Chat(t, { as: 'carla' }), [
      {
        user: 'ik wil order ORD-2025-004211 corrigeren',
        bot: /- Order: ORD-2025-004211\n[\s\S]*Wat is er fout aan deze order\?/,
      },
      { user: 'stop', bot: /./ },
    ]);
  });
});

describe('escalation that carries the question', () => {
  it('offers the servicedesk after two misses; the ticket holds the questions that were not answered', async () => {
    const chat = new Chat(t);
    await playTranscript(chat, [
      { user: 'Kan ik bij jullie een beamer huren?', bot: /^Daar heb ik helaas geen antwoord op/ },
      {
        user: 'Verkopen jullie ook laptops?',
        bot: /^Ook hierop heb ik helaas geen antwoord\. Zal ik je vragen doorzetten naar de servicedesk\?/,
        buttons: ['Servicedesk', 'Medewerker spreken', 'Nee, dank je'],
      },
      {
        user: 'Servicedesk',
        bot: /Ik neem de vragen mee die ik niet kon beantwoorden:\n- Kan ik bij jullie een beamer huren\?\n- Verkopen jullie ook laptops\?[\s\S]*Op welk e-mailadres wil je antwoord krijgen\?/,
      },
      { user: 'ict@school.nl', bot: /Klopt dit\?/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    const ticket = lastTicket('general_request');
    expect(ticket.fields).toEqual([
      { label: 'Vraag', value: 'Kan ik bij jullie een beamer huren?\nVerkopen jullie ook laptops?' },
      { label: 'E-mailadres voor het antwoord', value: 'ict@school.nl' },
    ]);
  });

  it('"ja" to "Zal ik je vragen doorzetten naar de servicedesk?" starts the request', async () => {
    await playTranscript(new Chat(t), [
      { user: 'Kan ik bij jullie een beamer huren?', bot: /^Daar heb ik helaas geen antwoord op/ },
      { user: 'Verkopen jullie ook laptops?', bot: /Zal ik je vragen doorzetten naar de servicedesk\?/ },
      { user: 'ja', bot: /Ik neem de vragen mee[\s\S]*Op welk e-mailadres wil je antwoord krijgen\?/ },
    ]);
  });

  it('does not carry a button label typed out of place as a question (user trial)', async () => {
    await playTranscript(new Chat(t), [
      { user: 'Wijzig een veld', bot: /^Er staat nu geen verzoek open/ },
      { user: 'Kan ik bij jullie een beamer huren?', bot: /^Daar heb ik helaas geen antwoord op/ },
      {
        user: 'Servicedesk',
        bot: /Ik neem de vraag mee die ik niet kon beantwoorden:\n- Kan ik bij jullie een beamer huren\?\n[\s\S]*Op welk e-mailadres wil je antwoord krijgen\?/,
      },
      { user: 'ict@school.nl', bot: /Klopt dit\?\n- Vraag: Kan ik bij jullie een beamer huren\?\n/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    expect(lastTicket('general_request').fields[0]).toEqual({
      label: 'Vraag',
      value: 'Kan ik bij jullie een beamer huren?',
    });
  });

  it('starts counting misses again after a clicked suggestion', async () => {
    const chat = new Chat(t);
    await chat.say('Kan ik bij jullie een beamer huren?');
    const offered = buttons(await chat.say('licenties')).filter((b) => b !== 'Servicedesk');
    expect(await chat.ask(offered[0])).toMatch(/Bron:/);
    expect(await chat.ask('Verkopen jullie ook laptops?')).toMatch(/^Daar heb ik helaas geen antwoord op/);
  });

  it('starts counting misses again after a completed form', async () => {
    const chat = new Chat(t, { as: 'carla' });
    await chat.say('Kan ik bij jullie een beamer huren?');
    await chat.say('Servicedesk');
    expect(await chat.ask('Ja, indienen')).toMatch(REFERENCE);
    expect(await chat.ask('Verkopen jullie ook laptops?')).toMatch(/^Daar heb ik helaas geen antwoord op/);
  });
});

describe('two questions in one message', () => {
  it('answers both, with the feedback question under the last', async () => {
    const replies = await new Chat(t, { as: 'carla' }).say(
      'wat kost een basispakket en wanneer worden de licenties geleverd',
    );
    expect(replies).toHaveLength(2);
    expect(texts([replies[0]])).toMatch(/74,67/);
    expect(texts([replies[0]])).not.toMatch(/Was dit nuttig\?/);
    expect(texts([replies[1]])).toMatch(/beheerdersportaal[\s\S]*Was dit nuttig\?$/);
  });
});

describe('"Was dit nuttig?" answered by typing', () => {
  it('takes "ja hoor" and "nee niet echt" after an answer as the feedback, not as new questions', async () => {
    const votes = async (helpful: boolean) =>
      (await new LowdbFeedbackStore(t.dataDir).list()).feedback.filter(
        (f) => f.entryId === '3.3' && f.helpful === helpful,
      ).length;
    const [yesBefore, noBefore] = [await votes(true), await votes(false)];
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'wat kost een basispakket?', bot: /74,67[\s\S]*Was dit nuttig\?/ },
      { user: 'ja hoor', bot: /^Dank je voor je reactie!/ },
      { user: 'wat kost een basispakket?', bot: /Was dit nuttig\?/ },
      { user: 'nee niet echt', bot: /^Jammer dat dit niet hielp/, buttons: ['Medewerker spreken', 'Servicedesk'] },
      // Only right after the answer: later, "ja" is not feedback on it.
      { user: 'ja', bot: /./ },
    ]);
    expect(await votes(true)).toBe(yesBefore + 1);
    expect(await votes(false)).toBe(noBefore + 1);
  });
});

describe('small talk', () => {
  it.each([
    ['hoi', /^Hallo! Ik beantwoord vragen over de Microsoft registratie/],
    ['thx', /^Graag gedaan!/],
    ['bedankt voor je hulp', /^Graag gedaan!/],
    ['doei', /^Tot ziens! Heb je later nog een vraag, dan ben ik er\./],
    ['fijne avond!', /^Tot ziens! Heb je later nog een vraag, dan ben ik er\./],
    ['laat maar', /^Oké, geen probleem\./],
    ['ben jij een robot?', /^Ik ben de digitale assistent van SLBdiensten \(geen mens\)/],
    ['Wanneer zijn jullie open?', /^De servicedesk is bereikbaar: ma-vr 08:30-17:00 \(Nederlandse tijd\)\./],
    [
      'hoe log ik in dan?',
      /^Log in op de website van SLBdiensten en open daar de chat, of gebruik deze chat in Microsoft Teams/,
    ],
    ['Hi, do you speak English?', /^Ik antwoord in het Nederlands, maar je mag je vraag ook in het Engels stellen\./],
  ])('"%s" gets a short friendly reply, never an FAQ entry', async (text, expected) => {
    const reply = await new Chat(t).ask(text);
    expect(reply).toMatch(expected);
    expect(reply).not.toMatch(/Bron:|Daar heb ik helaas geen antwoord/);
  });

  it('thanks instead of ja/nee ends the cart question kindly', async () => {
    await playTranscript(new Chat(t, { as: 'anna' }), [
      {
        user: 'wat zit er in mijn winkelwagen',
        bot: /Wil je weten hoe je extra basispakketten aan je winkelwagen toevoegt\?/,
      },
      { user: 'top, bedankt!', bot: /^Graag gedaan!/ },
      { user: 'ja', bot: /^(?![\s\S]*voeg dan 50 extra)/ },
    ]);
  });

  it('a question instead of ja/nee at the cart question is taken as a question, not answered with "ja of nee"', async () => {
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'wat zit er in mijn winkelwagen', bot: /toevoegt\?/ },
      // Not "Antwoord met ja of nee": the question leaves the dialog, and the FAQ has no answer to it.
      { user: 'waarom staat er visio in?', bot: /^Daar heb ik helaas geen antwoord op\./ },
      { user: 'wat zit er in mijn winkelwagen', bot: /toevoegt\?/ },
      { user: 'wat kost een basispakket eigenlijk', bot: /74,67/ },
      { user: 'wat zit er in mijn winkelwagen', bot: /toevoegt\?/ },
      { user: 'jep', bot: /voeg/ },
    ]);
  });

  it('"dit helpt niet" after a miss gets an apology and the way to a person; the misses still count', async () => {
    const chat = new Chat(t);
    await playTranscript(chat, [
      { user: 'Kan ik bij jullie een beamer huren?', bot: /^Daar heb ik helaas geen antwoord op/ },
      {
        user: 'je begrijpt me echt niet',
        bot: /^Sorry, dan help ik je niet goed genoeg\. Probeer je vraag in andere woorden/,
      },
      {
        user: 'Verkopen jullie ook laptops?',
        bot: /^Ook hierop heb ik helaas geen antwoord\. Zal ik je vragen doorzetten/,
      },
    ]);
    const replies = await new Chat(t).say('dit helpt niet');
    expect(buttons(replies)).toEqual(['Medewerker spreken', 'Servicedesk']);
    expect(texts(replies)).not.toMatch(/Bron:|Wat is je vraag|e-mailadres/);
  });

  it.each([
    ['laat maar, ik bel wel', /^Oké, geen probleem/],
    ['ok, dan mail ik haar zelf wel. dank', /^Graag gedaan!/],
    ['ok, ik wacht nog even met bestellen. dank!', /^Graag gedaan!/],
  ])('"%s" is a goodbye, not a question', async (text, reply) => {
    expect(await new Chat(t, { as: 'bram' }).ask(text)).toMatch(reply);
  });

  it('a request between small talk is still a request', async () => {
    expect(await new Chat(t, { as: 'carla' }).ask('ok, laat mijn bestellingen zien')).toMatch(/ORD-2025-/);
  });

  it('a question that starts with a greeting is a question', async () => {
    expect(await new Chat(t).ask('hoi, waarom staan de basispakketten niet in de winkelwagen?')).toMatch(
      /al gefactureerd/,
    );
  });

  it('small talk is not stored as an unanswered question', async () => {
    const chat = new Chat(t);
    await chat.say('ok tnx doei');
    await chat.say('Kan ik bij jullie een beamer huren?');
    const stored = await new LowdbFeedbackStore(t.dataDir).list();
    const questions = stored.unanswered.map((u: { question: string }) => u.question);
    expect(questions).toContain('Kan ik bij jullie een beamer huren?');
    expect(questions).not.toContain('ok tnx doei');
  });
});

describe('help', () => {
  it('"help" says what the bot does and offers the way on as buttons: own data, the FAQ topics, the servicedesk', async () => {
    await playTranscript(new Chat(t, { as: 'anna' }), [
      {
        user: 'help',
        bot: /^Ik beantwoord vragen over de Microsoft registratie 2026/,
        buttons: [
          'Bekijk mijn winkelwagen',
          'Bekijk mijn bestellingen',
          'Winkelwagen',
          'Afronden en levering',
          'Servicedesk',
        ],
      },
      { user: 'Winkelwagen', bot: /^Dit zijn de vragen over Winkelwagen/ },
    ]);
    await playTranscript(new Chat(t), [
      { user: 'menu', bot: /^Ik beantwoord vragen/, buttons: ['Winkelwagen', 'Facturatie 2025', 'Servicedesk'] },
    ]);
  });
});
