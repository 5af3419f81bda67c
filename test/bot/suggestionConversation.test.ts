import { LowdbFeedbackStore } from '../../adapters/feedback/lowdbFeedbackStore.js';
import { Chat, buttons, playTranscript, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

/** FAQ questions as the suggestion buttons post them (the entry's question, in full). */
const Q_1_5 = 'Waarom zie ik mijn Basispakketten niet in de winkelwagen?';
const Q_1_9 = 'Ik heb meer basispakketten nodig dan nu in oktober gefactureerd is. Hoe kan ik deze bestellen?';

describe('suggestions for an ambiguous question', () => {
  it('offers the entries it hesitates between; clicking one in Web Chat answers that entry, and the question is no miss', async () => {
    const chat = new Chat(t); // an anonymous Web Chat visitor

    // A first question without an answer: one miss.
    await playTranscript(chat, [
      {
        user: 'Kan ik een beamer bij jullie huren?',
        bot: /^Daar heb ik helaas geen antwoord op/,
        buttons: ['Winkelwagen', 'Afronden en levering', 'Facturatie 2025', 'Medewerker spreken', 'Servicedesk'],
      },
    ]);

    // "basispakketten" alone fits 1.5 (not in the cart) and 1.9 (ordering more) about equally well.
    const offer = await chat.say('basispakketten');
    expect(texts(offer)).toBe('Ik weet niet zeker wat je bedoelt. Bedoel je een van deze vragen?');
    expect(texts(offer)).not.toMatch(/Bron:/);
    expect(buttons(offer)).toEqual(expect.arrayContaining([Q_1_5, Q_1_9]));
    expect(buttons(offer).length).toBeLessThanOrEqual(4);
    expect(buttons(offer).at(-1)).toBe('Servicedesk');
    // The button shows the full question (Web Chat wraps it) and posts it.
    const action = offer.flatMap((r) => r.suggestedActions?.actions ?? []).find((a) => a.value === Q_1_9)!;
    expect(action).toEqual(expect.objectContaining({ type: 'imBack', title: Q_1_9 }));

    const answer = await chat.click(action.value);
    expect(texts(answer)).toMatch(
      /In oktober hebben we alle basispakketten in bezit van jouw school per 15-10-25 gefactureerd\.[\s\S]*Bron: https:\/\/www\.slbdiensten\.nl\//,
    );
    expect(texts(answer)).not.toMatch(/Bedoel je/);
    expect(buttons(answer)).toEqual(expect.arrayContaining(['Ja, dit hielp', 'Nee, dit hielp niet']));

    // The answer ended the run of misses: another question without an answer is the first again, not the second
    // (which would hand the conversation to the servicedesk).
    await playTranscript(chat, [
      {
        user: 'Hoe laat gaat de kantine open?',
        bot: /^Daar heb ik helaas geen antwoord op/,
        buttons: ['Winkelwagen', 'Afronden en levering', 'Facturatie 2025', 'Medewerker spreken', 'Servicedesk'],
      },
    ]);

    // For the editors: the two misses are unanswered; "basispakketten" is a clarified question whose user chose 1.9.
    const stored = await new LowdbFeedbackStore(t.dataDir).list();
    const unanswered = stored.unanswered.map((u: { question: string }) => u.question);
    expect(unanswered).toEqual(
      expect.arrayContaining(['Kan ik een beamer bij jullie huren?', 'Hoe laat gaat de kantine open?']),
    );
    expect(unanswered).not.toContain('basispakketten');
    expect(unanswered).not.toContain(Q_1_9);
    expect(stored.clarified).toEqual([
      expect.objectContaining({
        question: 'basispakketten',
        candidates: expect.arrayContaining([
          expect.objectContaining({ id: '1.5' }),
          expect.objectContaining({ id: '1.9' }),
        ]),
        chosen: '1.9',
      }),
    ]);
  });

  it('a miss offers the FAQ topics; a topic shows its questions, and clicking one answers it', async () => {
    const chat = new Chat(t);
    await playTranscript(chat, [
      {
        user: 'mag ik de factuur in 3 termijnen betalen?',
        bot: /^Daar heb ik helaas geen antwoord op\. .*kies een onderwerp \(Winkelwagen, Afronden en levering of Facturatie 2025\)/,
        buttons: ['Winkelwagen', 'Afronden en levering', 'Facturatie 2025', 'Medewerker spreken', 'Servicedesk'],
      },
      {
        user: 'Facturatie 2025',
        bot: 'Dit zijn de vragen over Facturatie 2025. Kies er een, of stel je vraag in je eigen woorden.',
        buttons: [
          'Waarom heb ik al een factuur ontvangen voor Microsoft licenties?',
          'Het aantal gebruikers binnen mijn instelling is gewijzigd. Kan ik de aantallen aanpassen?',
          'Waarom is de prijs per basispakket verhoogd van €71,80 naar €74,67?',
          'Deze aantallen komen niet overeen met mijn kerncijfers. Is dit een probleem?',
          'Servicedesk',
        ],
      },
      { user: 'Waarom is de prijs per basispakket verhoogd van €71,80 naar €74,67?', bot: /€ ?74,67[\s\S]*Bron:/ },
    ]);
    // Typing just a topic's name browses it too.
    const typed = await chat.say('winkelwagen');
    expect(texts(typed)).toBe(
      'Dit zijn de vragen over Winkelwagen. Kies er een, of stel je vraag in je eigen woorden.',
    );
    expect(buttons(typed)).toHaveLength(11);
  });

  it('a suggestion not clicked is recorded without a choice; typing a question later does not count as a click', async () => {
    const chat = new Chat(t);
    expect(await chat.ask('basispakketten')).toMatch(/Bedoel je een van deze vragen\?/);
    expect(await chat.ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Beheer -> Facturering -> Services kopen/);
    // The same text clicked in a later turn, when it was no longer offered, is not a choice either.
    await chat.click(Q_1_5);
    const stored = await new LowdbFeedbackStore(t.dataDir).list();
    const mine = stored.clarified
      .filter((c: { question: string; at: string }) => c.question === 'basispakketten')
      .at(-1);
    expect(mine).toBeDefined();
    expect(mine?.chosen).toBeUndefined();
  });

  it('a dialog that matched as well as the entries is offered beside them; clicking it starts the dialog', async () => {
    // FAQ 1.4 (what to do after a wrong order) or the correction itself: both fit, so both are offered.
    const offer = await new Chat(t, { as: 'carla' }).say(
      'ik wil graag dat onze winkelwagen opnieuw wordt klaargezet, de bestelling klopt niet',
    );
    expect(texts(offer)).toBe('Ik weet niet zeker wat je bedoelt. Bedoel je een van deze vragen?');
    expect(buttons(offer)).toEqual([
      'Ik heb een fout gemaakt in mijn order voor de Microsoft jaarregistratie, wat nu?',
      'Order laten corrigeren',
      'Servicedesk',
    ]);

    const chat = new Chat(t, { as: 'carla' }); // Carla's school has ordered
    await chat.say('ik wil graag dat onze winkelwagen opnieuw wordt klaargezet, de bestelling klopt niet');
    expect(await chat.ask('Order laten corrigeren')).toMatch(/Over welke order gaat het\?/);
  });
});
