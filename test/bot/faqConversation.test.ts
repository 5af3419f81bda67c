import { LowdbFeedbackStore } from '../../adapters/feedback/lowdbFeedbackStore.js';
import { Chat, buttons, playTranscript, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

describe('FAQ conversation', () => {
  it('greets a new member in Dutch', async () => {
    const replies = await new Chat(t, { as: 'anna' }).join();
    expect(texts(replies)).toMatch(/Hallo! Ik ben de assistent van SLBdiensten/);
  });

  it('answers the FAQ with the entry text and its source link', async () => {
    await playTranscript(new Chat(t), [
      {
        user: 'Waarom zie ik mijn basispakketten niet in de winkelwagen?',
        bot: /al gefactureerd en zijn dus al ‘ín bezit’ voor 2026[\s\S]*Bron: https:\/\/www\.slbdiensten\.nl\/ms-registratie\//,
      },
      { user: 'Hoe vraag ik Office A1 licenties aan?', bot: 'Beheer -> Facturering -> Services kopen' },
    ]);
  });

  it('understands typos, loanwords and split compounds', async () => {
    await playTranscript(new Chat(t), [
      { user: 'waarom staan de basis pakketen niet in de cart', bot: '‘ín bezit’ voor 2026' },
      { user: 'waarom is de invoice nu al binnen?', bot: 'Wij sturen deze factuur tijdig uit' },
    ]);
  });

  it('says honestly that it has no answer, offers the servicedesk and never a random entry', async () => {
    const chat = new Chat(t);
    const replies = await chat.say('Wat voor weer wordt het morgen in Utrecht?');
    expect(texts(replies)).toMatch(/Daar heb ik helaas geen antwoord op/);
    expect(texts(replies)).not.toMatch(/Bron:/);
    expect(buttons(replies)).toEqual([
      'Winkelwagen',
      'Afronden en levering',
      'Facturatie 2025',
      'Medewerker spreken',
      'Servicedesk',
    ]);
  });

  it('reads "te laat" as being late, which the FAQ does not answer, not as "laat mijn winkelwagen zien"', async () => {
    // User trial: Bram's follow-up opened his cart.
    await playTranscript(new Chat(t, { as: 'bram' }), [
      { user: 'en wat als ik te laat ben', bot: /^Daar heb ik helaas geen antwoord op/ },
      { user: 'laat mijn winkelwagen zien', bot: 'Winkelwagen 2026 van Demo Lyceum (klantnummer 100001)' },
    ]);
  });

  it('takes "nee, dank je" outside a question as a goodbye, not as a question it cannot answer', async () => {
    await playTranscript(new Chat(t), [
      { user: 'Nee, dank je', bot: /^Graag gedaan! Heb je nog een vraag, stel hem gerust\.$/ },
      { user: 'nee hoor', bot: /^Graag gedaan!/ },
    ]);
  });

  it('offers candidates when unsure, and clicking one answers it', async () => {
    const chat = new Chat(t);
    const replies = await chat.say('licenties');
    expect(texts(replies)).toMatch(/Bedoel je een van deze vragen\?/);
    const offered = buttons(replies).filter((b) => b !== 'Servicedesk');
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expect(offered.length).toBeLessThanOrEqual(3);
    const answer = await chat.ask(offered[0]);
    expect(answer).toMatch(/Bron:/);
  });

  it('offers related entries as follow-ups, and a follow-up answers', async () => {
    const chat = new Chat(t);
    const replies = await chat.say('Hoe vraag ik Office A1 licenties aan?');
    expect(buttons(replies)).toEqual(
      expect.arrayContaining([
        'Ja, dit hielp',
        'Nee, dit hielp niet',
        'Om verloop van personeel op te vangen wil ik meer A3 bestellen. Is dit mogelijk?',
      ]),
    );
    expect(await chat.ask('Om verloop van personeel op te vangen wil ik meer A3 bestellen. Is dit mogelijk?')).toMatch(
      /mits daar ook een extra basispakket tegenover staat/,
    );
  });

  it('stores feedback and unanswered questions for the editors', async () => {
    const chat = new Chat(t);
    await chat.say('Hoe vraag ik Office A1 licenties aan?');
    expect(await chat.ask('Nee, dit hielp niet')).toMatch(/Jammer dat dit niet hielp/);
    await chat.say('Hoe vraag ik Office A1 licenties aan?');
    expect(await chat.ask('Ja, dit hielp')).toMatch(/Dank je voor je reactie/);
    await chat.say('Kan ik bij jullie een beamer huren?');
    const stored = await new LowdbFeedbackStore(t.dataDir).list();
    expect(stored.feedback).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entryId: '1.8', helpful: false, question: 'Hoe vraag ik Office A1 licenties aan?' }),
        expect.objectContaining({ entryId: '1.8', helpful: true }),
      ]),
    );
    expect(stored.unanswered).toEqual(
      expect.arrayContaining([expect.objectContaining({ question: 'Kan ik bij jullie een beamer huren?' })]),
    );

    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'kb', '--', 'report'], {
      env: { ...process.env, DATA_DIR: t.dataDir },
    });
    expect(stdout).toMatch(/Unanswered questions \(\d+\):[\s\S]*1x {2}Kan ik bij jullie een beamer huren\?/);
    expect(stdout).toMatch(
      /Answers marked not helpful \(1\):\n {2}1\.8 \(1 not helpful, \d+ helpful\): Hoe vraag ik Office A1 licenties aan\?\n {8}asked as: Hoe vraag ik Office A1 licenties aan\?/,
    );
  }, 30_000);

  it('answers a message without text politely', async () => {
    const chat = new Chat(t);
    const { status, replies } = await chat.post(
      chat.activity({
        type: 'message',
        text: '',
        attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/x.png' }],
      }),
    );
    expect(status).toBe(200);
    expect(texts(replies)).toMatch(/Ik kan alleen tekstberichten lezen/);
  });
});
