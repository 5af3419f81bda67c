import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DirectLineClient } from '../support/directLineClient.js';
import { SmtpSink } from '../support/smtpSink.js';
import { Chat } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** A new anonymous Web Chat conversation from this test's address (127.0.0.1), as the page starts one. */
async function webChat(t: TestApp): Promise<DirectLineClient> {
  const res = await fetch(`${t.url}/api/webchat/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  const client = new DirectLineClient(t.url, ((await res.json()) as { token: string }).token);
  await client.start();
  await client.read();
  return client;
}

/** Files an anonymous servicedesk request; resolves with what the bot said last. */
async function fileRequest(client: DirectLineClient, question: string): Promise<string> {
  for (const text of ['Servicedesk', question, 'ict@basisschool.nl', 'Ja, indienen'])
    expect((await client.send(text)).status).toBe(200);
  return client.read();
}

const storedTickets = (t: TestApp) =>
  (
    JSON.parse(readFileSync(path.join(t.dataDir, 'tickets.json'), 'utf8')) as {
      tickets: Array<{ fields: Array<{ value: string }>; requester: { name?: string } }>;
    }
  ).tickets;

describe('limits per client: a new conversation does not reset them', () => {
  let t: TestApp;
  const smtp = new SmtpSink();
  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp(
      {
        SERVICEDESK_HOURS: 'altijd',
        LIMIT_TICKETS_PER_VISITOR_PER_HOUR: '2',
        LIMIT_TICKETS_PER_ADDRESS_PER_HOUR: '3',
        LIMIT_QUEUED_HANDOFFS_PER_ADDRESS: '2',
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        SERVICEDESK_EMAIL: 'servicedesk@slb.example',
      },
      { outboxIntervalMs: 50 },
    );
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('caps tickets (and mails) per address per hour across new Web Chat conversations, with a clear Dutch message', async () => {
    const replies: string[] = [];
    for (let i = 0; i < 5; i++)
      replies.push(await fileRequest(await webChat(t), `Vraag nummer ${i} over de registratie`));
    expect(
      replies.slice(0, 3).every((r) => /Je vraag is doorgegeven aan de servicedesk met referentie SD-/.test(r)),
    ).toBe(true);
    for (const r of replies.slice(3))
      expect(r).toMatch(
        /Je hebt het afgelopen uur al veel verzoeken bij de servicedesk ingediend\. Ik kan er nu geen nieuw verzoek bij zetten/,
      );
    expect(storedTickets(t).map((x) => x.fields[0].value)).toEqual([
      'Vraag nummer 0 over de registratie',
      'Vraag nummer 1 over de registratie',
      'Vraag nummer 2 over de registratie',
    ]);
    await smtp.waitForMail(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails).toHaveLength(3);
  });

  it('caps tickets per visitor per hour on /api/messages too, across conversations of the same user', async () => {
    const before = storedTickets(t).length;
    const replies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const chat = new Chat(t, { as: 'carla' });
      await chat.say('Servicedesk');
      await chat.say(`Carla vraagt ${i}`);
      replies.push(await chat.ask('Ja, indienen'));
    }
    expect(replies.slice(0, 2).every((r) => /referentie SD-/.test(r))).toBe(true);
    expect(replies[2]).toMatch(/Je hebt het afgelopen uur al veel verzoeken/);
    expect(storedTickets(t)).toHaveLength(before + 2);
  });

  it('caps conversations waiting in the queue per address', async () => {
    const replies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const client = await webChat(t);
      await client.send('Kan ik een medewerker spreken?');
      replies.push(await client.read());
    }
    expect(replies.slice(0, 2).every((r) => /wachtrij op positie/.test(r))).toBe(true);
    expect(replies[2]).toMatch(/Vanaf jouw verbinding staan al meerdere gesprekken in de wachtrij/);
    expect((await t.app.handoffs.list(['waiting'])).length).toBe(2);
  });

  it('strips bidi overrides and zero-width characters from what reaches the mail and the console', async () => {
    const chat = new Chat(t, { as: 'anna' });
    await chat.say('Servicedesk');
    await chat.say('Factuur \u202Egnirebmun\u202C van\u200B school\u2066x\u2069');
    await chat.say('Ja, indienen');
    const mail = await smtp.waitForMailWith('Factuur');
    expect(mail.decoded).toContain('Factuur gnirebmun van schoolx');
    expect(mail.raw).not.toMatch(/\u202E|\u200B|\u2066/);
    expect(JSON.stringify(storedTickets(t))).not.toMatch(/\u202E|\u200B|\u2066/);

    const queued = new Chat(t, { as: 'bram' });
    await queued.say('kan ik een medewerker spreken');
    await queued.say('Hallo \u202Eevil\u202C daar\u200D');
    const handoff = (await t.app.handoffs.list(['waiting'])).find((h) => h.conversationId === queued.conversationId)!;
    const lines = (await t.app.handoffs.get(handoff.id))!.transcript.map((l) => l.text);
    expect(lines).toContain('Hallo evil daar');
  });
});
