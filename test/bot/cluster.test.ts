import { AgentClient } from '../support/agentClient.js';
import { DirectLineClient } from '../support/directLineClient.js';
import { Azurite } from '../support/azurite.js';
import { eventually } from '../support/eventually.js';
import { SmtpSink } from '../support/smtpSink.js';
import { Chat, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const PASSWORD = 'correct horse battery staple';
const REFERENCE = /SD-\d{4}-\d{6}/;

/**
 * Two instances of the bot with STORE=azure on one Azurite (blob, queue, table), as behind a load balancer without
 * affinity: whatever one instance stores, the other sees; a conversation queued on one is served from the other.
 */
describe('two bot instances with STORE=azure (Azurite)', () => {
  const azurite = new Azurite(['blob', 'queue', 'table']);
  const smtp = new SmtpSink();
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const [connectionString] = await Promise.all([azurite.start(), smtp.start()]);
    const env = {
      STORE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: connectionString,
      SERVICEDESK_HOURS: 'altijd',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SERVICEDESK_EMAIL: 'servicedesk@slbdiensten.test',
    };
    [a, b] = await Promise.all([
      startTestApp(env, { outboxIntervalMs: 100, eventPollMs: 100 }),
      startTestApp(env, { outboxIntervalMs: 100, eventPollMs: 100 }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([azurite.stop(), smtp.stop()]);
  });

  it('lists through B a ticket filed through A, and mails it once', async () => {
    const viaA = new Chat(a, { as: 'carla' });
    await viaA.say('Servicedesk');
    await viaA.say('Graag een belafspraak over onze licenties');
    const reference = REFERENCE.exec(await viaA.ask('Ja, indienen'))![0];

    expect((await b.app.tickets.list()).map((t) => t.reference)).toContain(reference);
    // Carla asks on B, in a conversation of her own there.
    expect(await new Chat(b, { as: 'carla' }).ask('wat is de status van mijn ticket?')).toContain(reference);
    await smtp.waitForMailWith(reference);
  }, 30_000);

  it('lets an agent on B take a conversation queued on A, with messages both ways within a second', async () => {
    await b.app.agents.setPassword('agent.one', PASSWORD);
    const user = new Chat(a, { as: 'anna' });
    expect(await user.ask('kan ik een medewerker spreken')).toMatch(/Je staat in de wachtrij op positie \d+/);

    const agent = new AgentClient(b.url);
    expect((await agent.login('agent.one', PASSWORD)).status).toBe(200);
    const stream = await agent.events();
    const list = await (await agent.request('GET', '/handoffs')).json();
    const handoff = list.handoffs.find((h: { requester: { name?: string } }) => h.requester.name === 'Anna de Vries');
    expect(handoff).toEqual(expect.objectContaining({ status: 'waiting' }));

    // A hears that an agent has the console open on B: the user gets a wait estimate.
    await eventually(
      async () => user.ask('ben je daar?'),
      (reply) => /Verwachte wachttijd/.test(reply),
      3000,
    );

    expect((await agent.request('POST', `/handoffs/${handoff.id}/take`)).status).toBe(200);
    await eventually(
      async () => texts(a.collector.take(user.conversationId)),
      (reply) => reply.includes('Je spreekt nu met agent.one van de servicedesk.'),
      1000,
    );

    let sent = Date.now();
    await agent.request('POST', `/handoffs/${handoff.id}/messages`, { text: 'Hoi Anna, waar kan ik je mee helpen?' });
    await eventually(
      async () => texts(a.collector.take(user.conversationId)),
      (reply) => reply.includes('Hoi Anna, waar kan ik je mee helpen?'),
      1000,
    );
    expect(Date.now() - sent).toBeLessThan(1000);

    sent = Date.now();
    expect(await user.say('Ik mis 20 basispakketten in mijn overzicht')).toEqual([]);
    await stream.waitFor(
      (e) => e.type === 'message' && e.from === 'user' && e.text === 'Ik mis 20 basispakketten in mijn overzicht',
    );
    expect(Date.now() - sent).toBeLessThan(1000);

    // The transcript the agent reads on B has the line the user wrote on A.
    const details = (await (await agent.request('GET', `/handoffs/${handoff.id}`)).json()).handoff;
    expect(details.transcript.map((l: { text: string }) => l.text)).toContain(
      'Ik mis 20 basispakketten in mijn overzicht',
    );

    expect((await agent.request('POST', `/handoffs/${handoff.id}/end`)).status).toBe(200);
    await eventually(
      async () => texts(a.collector.take(user.conversationId)),
      (reply) => /De medewerker heeft het gesprek afgesloten/.test(reply),
      1000,
    );
    expect(await user.ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
    stream.close();
  }, 30_000);

  it("reaches a website visitor whose Web Chat conversation lives in A's memory from an agent on B", async () => {
    await b.app.agents.setPassword('agent.two', PASSWORD);
    const token = (await (await fetch(`${a.url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
    const visitor = new DirectLineClient(a.url, token.token);
    expect((await visitor.start()).status).toBe(201);
    await visitor.read();
    await visitor.send('kan ik een medewerker spreken');
    await eventually(
      () => visitor.read(),
      (reply) => /wachtrij/.test(reply),
      3000,
    );

    const agent = new AgentClient(b.url);
    expect((await agent.login('agent.two', PASSWORD)).status).toBe(200);
    const list = await (await agent.request('GET', '/handoffs')).json();
    const handoff = list.handoffs.find((h: { requester: { verified: boolean } }) => !h.requester.verified);
    expect((await agent.request('POST', `/handoffs/${handoff.id}/take`)).status).toBe(200);
    // B cannot reach A's embedded conversation itself: the message goes through the shared feed to A.
    const sent = Date.now();
    await agent.request('POST', `/handoffs/${handoff.id}/messages`, { text: 'Goedemiddag, hoe kan ik helpen?' });
    const read = await eventually(
      async () => (await visitor.activitiesSince(0)).activities.map((x) => x.text ?? '').join('\n'),
      (text) => text.includes('Goedemiddag, hoe kan ik helpen?'),
      1000,
    );
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(read).toContain('Je spreekt nu met agent.two van de servicedesk.');
    await agent.request('POST', `/handoffs/${handoff.id}/end`);
  }, 30_000);

  it('files one ticket and sends one mail when the same ticket is confirmed on both instances at once', async () => {
    const viaA = new Chat(a, { as: 'anna' });
    const viaB = Object.assign(new Chat(b, { as: 'anna' }), { conversationId: viaA.conversationId });
    await viaA.say('Servicedesk');
    await viaB.say('Kunnen jullie de factuur van oktober opnieuw sturen?');
    const before = (await a.app.tickets.list()).length;
    const mailsBefore = smtp.mails.length;
    await Promise.all([
      viaA.post(viaA.activity({ type: 'message', text: 'Ja, indienen' })),
      viaB.post(viaB.activity({ type: 'message', text: 'Ja, indienen' })),
    ]);
    const tickets = await b.app.tickets.list();
    expect(tickets).toHaveLength(before + 1);
    const reference = tickets.at(-1)!.reference;
    await smtp.waitForMailWith(reference);
    // Both outbox workers run every 100 ms: give them a few rounds to send a second mail, which must not come.
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.mails.slice(mailsBefore).filter((m) => m.raw.includes(reference))).toHaveLength(1);
  }, 30_000);

  it('accepts on A an agent session made on B, and lets an agent added through A log in on B', async () => {
    await b.app.agents.setPassword('agent.three', PASSWORD, { name: 'Lotte' });
    const agent = new AgentClient(b.url);
    expect((await agent.login('agent.three', PASSWORD)).status).toBe(200);
    // The same cookie, now on A (a load balancer without affinity).
    agent.baseUrl = a.url;
    expect(await (await agent.request('GET', '/me')).json()).toEqual(
      expect.objectContaining({ agent: 'agent.three', name: 'Lotte' }),
    );
    expect((await agent.request('GET', '/handoffs')).status).toBe(200);
    // Logging out on A ends the session on B too.
    expect((await agent.request('POST', '/logout')).status).toBe(200);
    agent.baseUrl = b.url;
    expect((await agent.request('GET', '/me')).status).toBe(401);

    // An account added through A's accounts (as `npm run agents` with STORE=azure adds it) logs in on B.
    const { password } = await a.app.agents.add('sanne', 'Sanne');
    const sanne = new AgentClient(b.url);
    expect(await (await sanne.login('sanne', password)).json()).toEqual(
      expect.objectContaining({ agent: 'sanne', mustChangePassword: true }),
    );
    // The forced password change happens on A; the new session works on B, and the one-time password no longer does.
    sanne.baseUrl = a.url;
    expect((await sanne.request('POST', '/password', { newPassword: 'een heel nieuw wachtwoord' })).status).toBe(200);
    sanne.baseUrl = b.url;
    expect((await sanne.request('GET', '/handoffs')).status).toBe(200);
    expect((await new AgentClient(b.url).login('sanne', password)).status).toBe(401);
    // Removing the account through B ends the session wherever it is used.
    await b.app.agents.remove('sanne');
    sanne.baseUrl = a.url;
    expect((await sanne.request('GET', '/handoffs')).status).toBe(401);
  }, 30_000);
});
