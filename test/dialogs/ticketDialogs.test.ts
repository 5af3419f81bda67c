import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Ticket } from '../../adapters/tickets/ticketStore.js';
import { Chat, buttons, playTranscript, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { SmtpSink } from '../support/smtpSink.js';
import { eventually } from '../support/eventually.js';

const storedTickets = (t: TestApp): Ticket[] =>
  JSON.parse(readFileSync(path.join(t.dataDir, 'tickets.json'), 'utf8')).tickets;
// The reference carries the year the ticket was filed (the store's clock), never a fixed one.
const REFERENCE = /SD-\d{4}-\d{6}/;

describe('servicedesk tickets', () => {
  let t: TestApp;
  const smtp = new SmtpSink();
  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp(
      { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SERVICEDESK_EMAIL: 'servicedesk@slbdiensten.test' },
      { outboxIntervalMs: 100 },
    );
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it("files Carla's order correction with every field, shows the reference, and mails the servicedesk", async () => {
    const chat = new Chat(t, { as: 'carla' });
    await playTranscript(chat, [
      {
        user: 'ik wil mijn bestelling laten corrigeren',
        bot: /Gaat het om de order van je registratie, dan zetten zij daarna je winkelwagen weer voor je klaar \(FAQ 1\.4\)[\s\S]*Over welke order gaat het\?/,
        buttons: ['ORD-2025-004211', 'ORD-2025-008765'],
      },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
      { user: 'We hebben 240 A3 besteld maar hebben er 200 nodig', bot: /Hoe moet het wel zijn\?/ },
      {
        user: '200 Microsoft 365 A3 medewerkers',
        bot: /Klopt dit\?\n- Order: ORD-2025-008765\n- Wat is er fout: We hebben 240 A3 besteld maar hebben er 200 nodig\n- Hoe het moet zijn: 200 Microsoft 365 A3 medewerkers/,
        buttons: ['Ja, indienen'],
      },
    ]);
    const confirmation = await chat.ask('Ja, indienen');
    expect(confirmation).toMatch(
      /Je correctie is doorgegeven aan de servicedesk met referentie SD-\d{4}-\d{6}\. Zij zetten de winkelwagen weer voor je klaar\. Belangrijk: plaats de bestelling pas opnieuw als je 100% zeker weet dat de order compleet is\./,
    );
    const reference = REFERENCE.exec(confirmation)![0];

    const ticket = storedTickets(t).find((x) => x.reference === reference)!;
    expect(reference.slice(3, 7)).toBe(String(new Date(ticket.createdAt).getFullYear()));
    expect(ticket).toEqual(
      expect.objectContaining({
        kind: 'order_correction',
        status: 'Nieuw',
        school: { customerNumber: '100002', name: 'Voorbeeld College' },
        requester: expect.objectContaining({
          name: 'Carla Bakker',
          email: 'c.bakker@voorbeeldcollege.nl',
          verified: true,
        }),
        fields: [
          { label: 'Order', value: 'ORD-2025-008765' },
          { label: 'Wat is er fout', value: 'We hebben 240 A3 besteld maar hebben er 200 nodig' },
          { label: 'Hoe het moet zijn', value: '200 Microsoft 365 A3 medewerkers' },
        ],
      }),
    );

    const mail = await smtp.waitForMailWith(reference);
    expect(mail.to).toEqual(['servicedesk@slbdiensten.test']);
    expect(mail.decoded).toMatch(new RegExp(`Subject: \\[${reference}\\] Correctie op een order - Voorbeeld College`));
    expect(mail.decoded).toMatch(/Hoe het moet zijn:\r?\n200 Microsoft 365 A3 medewerkers/);
    expect(await chat.ask('wat is de status van mijn ticket?')).toContain(`${reference} `);
    // The reference typed as it was shown is the ticket, not an order.
    expect(await chat.ask(`wat is de status van ${reference}`)).toMatch(
      new RegExp(`^Je verzoeken bij de servicedesk:[\\s\\S]*${reference} \\(`),
    );
  });

  it('does not ask how it should be when the answer gave the wrong and the right amount together', async () => {
    const chat = new Chat(t, { as: 'carla' });
    await playTranscript(chat, [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-008765', bot: /Wat is er fout aan deze order\?/ },
      {
        user: 'er moeten 230 A3 in ipv 240',
        bot: /Klopt dit\?\n- Order: ORD-2025-008765\n- Wat is er fout: er moeten 230 A3 in ipv 240\n- Hoe het moet zijn: 230 A3 in plaats van 240/,
      },
    ]);
    // Also when the first sentence gave it: only the order is asked.
    const other = new Chat(t, { as: 'carla' });
    expect(await other.ask('240 A3 moet 230 zijn, kun je dat corrigeren?')).toMatch(/Over welke order gaat het\?$/);
    expect(await other.ask('ORD-2025-008765')).toMatch(/- Hoe het moet zijn: 230 A3 in plaats van 240/);
  });

  it('does not promise the cart again for a correction of an order that is not the registration order', async () => {
    const chat = new Chat(t, { as: 'carla' });
    await playTranscript(chat, [
      { user: 'Order laten corrigeren', bot: /Over welke order gaat het\?/ },
      { user: 'ORD-2025-004211', bot: /Wat is er fout aan deze order\?/ },
      { user: 'Er staan 3 Project Plan 3 in, maar het moet Project Plan 1 zijn', bot: /Hoe moet het wel zijn\?/ },
      { user: '2 Project Plan 3', bot: /Klopt dit\?\n- Order: ORD-2025-004211\n/ },
    ]);
    const confirmation = await chat.ask('Ja, indienen');
    expect(confirmation).toMatch(
      /^Je correctie is doorgegeven aan de servicedesk met referentie SD-\d{4}-\d{6}\. Zij verwerken de correctie en laten het je weten\.$/,
    );
    expect(confirmation).not.toMatch(/winkelwagen/);
    const reference = REFERENCE.exec(confirmation)![0];
    expect(storedTickets(t).find((x) => x.reference === reference)?.fields[0]).toEqual({
      label: 'Order',
      value: 'ORD-2025-004211',
    });
  });

  it('files one ticket when the same confirming activity is delivered twice', async () => {
    const chat = new Chat(t, { as: 'anna' });
    await chat.say('Servicedesk');
    await chat.say('Kunnen jullie de factuur opnieuw sturen?');
    const confirm = chat.activity({ type: 'message', text: 'Ja, indienen' });
    const before = storedTickets(t).length;
    const [first, second] = [await chat.post(confirm), await chat.post(confirm)];
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(storedTickets(t)).toHaveLength(before + 1);
  });

  it('files one ticket for a double click (two confirmations at once)', async () => {
    const chat = new Chat(t, { as: 'carla' });
    await chat.say('Servicedesk');
    await chat.say('Graag een kopie van de overeenkomst');
    const before = storedTickets(t).length;
    const results = await Promise.all([
      chat.post(chat.activity({ type: 'message', text: 'Ja, indienen' })),
      chat.post(chat.activity({ type: 'message', text: 'Ja, indienen' })),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(storedTickets(t)).toHaveLength(before + 1);
  });

  it('says the request is filed already when "Ja, indienen" is clicked again after the form ended', async () => {
    const chat = new Chat(t, { as: 'anna' });
    await chat.say('Servicedesk');
    await chat.say('Kunnen jullie de visio licenties van vorig jaar terugzetten?');
    expect(texts(await chat.say('Ja, indienen'))).toMatch(REFERENCE);
    const before = storedTickets(t).length;
    const again = await chat.say('Ja, indienen');
    expect(texts(again)).toBe(
      'Er staat nu geen verzoek open om in te dienen of te wijzigen. Heb je eerder iets ingediend, dan zie je het met de status onder "Mijn tickets".',
    );
    expect(buttons(again)).toEqual(['Mijn tickets']);
    expect(texts(await chat.say('Per direct'))).toMatch(/geen verzoek open/);
    expect(storedTickets(t)).toHaveLength(before);
  });

  it("says a reference that is not the user's own is not found, without telling whose it is", async () => {
    const carla = new Chat(t, { as: 'carla' });
    await carla.say('Servicedesk');
    await carla.say('Graag een kopie van onze factuur van oktober');
    const reference = REFERENCE.exec(await carla.ask('Ja, indienen'))![0];
    const reply = await new Chat(t, { as: 'anna' }).ask(`wat is de status van ${reference}?`);
    expect(reply).toMatch(
      new RegExp(`^Een verzoek met referentie ${reference} vind ik niet bij jouw verzoeken: ik laat alleen zien`),
    );
    expect(reply).not.toMatch(/Voorbeeld College|Carla|factuur/);
    expect(await carla.ask(`wat is de status van ${reference}?`)).toMatch(
      new RegExp(`^Je verzoeken bij de servicedesk:[\\s\\S]*${reference} \\(`),
    );
  });

  it('validates the contact change: e-mail, empty and overlong answers, dates', async () => {
    const chat = new Chat(t, { as: 'anna' });
    await playTranscript(chat, [
      {
        user: 'ik wil de contactpersoon wijzigen',
        bot: /Welke contactpersoon wil je wijzigen\?/,
        buttons: ['Microsoft-contactpersoon', '1e contactpersoon', 'Andere contactpersoon'],
      },
      {
        user: 'de conciërge',
        bot: /Kies een van deze mogelijkheden: Microsoft-contactpersoon, 1e contactpersoon, Andere contactpersoon\. Wil je niet verder, typ dan "stop"\./,
      },
      { user: 'Microsoft-contactpersoon', bot: /Wat is de naam van de nieuwe contactpersoon\?/ },
      { user: '<script>alert(1)</script>', bot: /Dat lijkt geen naam/ },
      { user: 'Jan de Boer', bot: /e-mailadres van de nieuwe contactpersoon/ },
      { user: 'jan at school', bot: /Dat is geen geldig e-mailadres/ },
      { user: 'J.deBoer@DemoLyceum.nl', bot: /Per wanneer gaat de wijziging in\?/ },
      { user: '31-02-2027', bot: /Typ een datum, bijvoorbeeld "1 januari"[^\n]*Of typ "terug" of "stop"\./ },
      { user: '1-1-2020', bot: /Die datum ligt in het verleden/ },
      { user: 'per direct', bot: /Klopt dit\?[\s\S]*- E-mailadres nieuwe contactpersoon: j\.deboer@demolyceum\.nl/ },
      { user: 'Ja, indienen', bot: REFERENCE },
    ]);
    const ticket = storedTickets(t)
      .filter((x) => x.kind === 'contact_change')
      .at(-1)!;
    expect(ticket.fields.map((f) => f.value)).toEqual([
      'Microsoft-contactpersoon',
      'Jan de Boer',
      'j.deboer@demolyceum.nl',
      expect.stringMatching(/^per direct/),
    ]);
  });

  it('refuses empty and 5,000-character answers with a clear message, and stores template and HTML text safely', async () => {
    const chat = new Chat(t, { as: 'carla' });
    await chat.say('Servicedesk');
    const empty = await chat.post(chat.activity({ type: 'message', text: '   ' }));
    expect(texts(empty.replies)).toMatch(/Ik kan alleen tekstberichten lezen|Ik heb nog geen antwoord gekregen/);
    expect(await chat.ask('x'.repeat(5000))).toMatch(/Dat is te lang \(5000 tekens; maximaal 2000\)/);
    const hostile = 'Kijk {{constructor.constructor "return process"}} en <script>alert("x")</script> & <b>vet</b>';
    expect(await chat.ask(hostile)).toMatch(/Klopt dit\?/);
    const reply = await chat.ask('Ja, indienen');
    const reference = REFERENCE.exec(reply)![0];
    expect(storedTickets(t).find((x) => x.reference === reference)!.fields[0].value).toBe(hostile);
    const mail = await smtp.waitForMailWith(reference);
    const html = mail.decoded.slice(mail.decoded.indexOf('<!doctype html>'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('{{constructor.constructor &quot;return process&quot;}}');
  });

  it('lets an anonymous visitor leave a request with their e-mail, marked unverified, without account data', async () => {
    const chat = new Chat(t);
    await playTranscript(chat, [
      { user: 'Servicedesk', bot: /Wat is je vraag\?/ },
      { user: 'Wanneer opent de registratie voor 2027?', bot: /Op welk e-mailadres wil je antwoord krijgen\?/ },
      { user: 'geen', bot: /Dat is geen geldig e-mailadres/ },
      { user: 'ict@basisschool.nl', bot: /Klopt dit\?/ },
      { user: 'Ja, indienen', bot: /Je vraag is doorgegeven aan de servicedesk met referentie SD-\d{4}-\d{6}/ },
    ]);
    const ticket = storedTickets(t)
      .filter((x) => x.kind === 'general_request')
      .at(-1)!;
    expect(ticket.requester).toEqual({
      userId: expect.stringMatching(/^visitor-/),
      email: 'ict@basisschool.nl',
      verified: false,
    });
    expect(ticket.school).toBeUndefined();
    expect(await chat.ask('wat is de status van mijn ticket?')).toContain(ticket.reference);
    expect(await new Chat(t).ask('wat is de status van mijn ticket?')).toMatch(/Je hebt nog geen verzoeken/);
  });

  it('files nothing when the user says no, and stops on "stop" at any step', async () => {
    const before = storedTickets(t).length;
    await playTranscript(new Chat(t, { as: 'anna' }), [
      { user: 'Servicedesk', bot: /Wat is je vraag\?/ },
      { user: 'Een vraag over de factuur', bot: /Klopt dit\?/ },
      { user: 'Nee, niet indienen', bot: /Oké, ik heb niets ingediend/ },
      { user: 'ik wil de contactpersoon wijzigen', bot: /Welke contactpersoon/ },
      { user: 'stop', bot: /Oké, ik ben gestopt/ },
    ]);
    expect(storedTickets(t)).toHaveLength(before);
  });

  it('asks Bram why the 1e contactpersoon cannot claim, from the cart check button', async () => {
    const chat = new Chat(t, { as: 'bram' });
    const cart = await chat.say('wat zit er in mijn winkelwagen');
    expect(buttons(cart)).toContain('Verzoek om winkelwagen te claimen');
    await playTranscript(chat, [
      {
        user: 'Verzoek om winkelwagen te claimen',
        bot: /Alleen de 1e contactpersoon \(Anna de Vries\) kan de winkelwagen claimen[\s\S]*Waarom kan de 1e contactpersoon/,
      },
      { user: 'Anna is met verlof tot januari', bot: /Klopt dit\?/ },
      { user: 'ja', bot: /referentie SD-\d{4}-\d{6}/ },
    ]);
  });
});

describe('mail delivery when the SMTP server is down', () => {
  it('keeps the ticket in the outbox and delivers it once the server is back', async () => {
    const smtp = new SmtpSink();
    const port = await smtp.start();
    await smtp.stop();
    const t = await startTestApp(
      { SMTP_URL: `smtp://127.0.0.1:${port}`, SERVICEDESK_EMAIL: 'servicedesk@slbdiensten.test' },
      { outboxIntervalMs: 100 },
    );
    try {
      const chat = new Chat(t, { as: 'carla' });
      await chat.say('Servicedesk');
      await chat.say('Graag een belafspraak');
      const reference = REFERENCE.exec(await chat.ask('Ja, indienen'))![0];
      // Wait for a failed delivery attempt rather than for a fixed time.
      const outbox = await eventually(
        async () => JSON.parse(readFileSync(path.join(t.dataDir, 'tickets.json'), 'utf8')).outbox,
        (items: Array<{ attempts: number }>) => items.length === 1 && items[0].attempts > 0,
      );
      expect(outbox).toEqual([
        expect.objectContaining({ reference, attempts: expect.any(Number), lastError: expect.any(String) }),
      ]);
      expect((await t.app.tickets.get(reference))!.mailedAt).toBeUndefined();

      await smtp.start(port);
      const [mail] = await smtp.waitForMail(1, 15_000);
      expect(mail.raw).toContain(reference);
      const mailed = await eventually(
        () => t.app.tickets.get(reference),
        (ticket) => Boolean(ticket?.mailedAt),
      );
      expect(mailed!.mailedAt).toEqual(expect.any(String));
    } finally {
      await t.close();
      await smtp.stop();
    }
  }, 30_000);
});
