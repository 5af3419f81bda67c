import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Chat, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { AgentClient } from '../support/agentClient.js';

const PASSWORD = 'correct horse battery staple';

describe('human handoff through the agent console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SERVICEDESK_HOURS: 'altijd' });
    await t.app.agents.setPassword('agent.one', PASSWORD);
    await t.app.agents.setPassword('agent.two', PASSWORD);
    // Holds nothing but the conversation of the logout test: agent.one and agent.two race for others.
    await t.app.agents.setPassword('agent.leaving', PASSWORD);
  });
  afterAll(() => t.close());

  /** `as` asks for a person; `agent` logs in and finds the waiting conversation of `name`. */
  async function queuedFor(as: 'bram' | 'carla', name: string, agentName: string) {
    const user = new Chat(t, { as });
    await user.say('ik wil een medewerker spreken');
    const agent = new AgentClient(t.url);
    await agent.login(agentName, PASSWORD);
    const { handoffs } = await (await agent.request('GET', '/handoffs')).json();
    const id: string = handoffs.find(
      (h: { requester: { name?: string }; status: string }) => h.requester.name === name && h.status === 'waiting',
    ).id;
    return { user, agent, id };
  }

  it('runs the whole loop: queue, take, relay both ways, end, and the bot answers again', async () => {
    const user = new Chat(t, { as: 'anna' });
    await user.say('Waarom zie ik mijn basispakketten niet in de winkelwagen?');
    const queued = await user.ask('kan ik een medewerker spreken');
    expect(queued).toMatch(
      /Ik verbind je door met een medewerker van de servicedesk\. Je staat in de wachtrij op positie \d+\.\nEr is op dit moment geen medewerker online/,
    );
    expect(queued).not.toMatch(/wachttijd/);

    const agent = new AgentClient(t.url);
    expect((await agent.login('agent.one', PASSWORD)).status).toBe(200);
    const stream = await agent.events();
    // With an agent's console open, the queue gives an estimate instead.
    expect(await user.ask('ben je daar?')).toMatch(
      /Je bericht is doorgegeven\. Je staat nog in de wachtrij \(positie \d+\)\.\nVerwachte wachttijd: ongeveer \d+ minuten\./,
    );
    const list = await (await agent.request('GET', '/handoffs')).json();
    const handoff = list.handoffs.find((h: { requester: { name?: string } }) => h.requester.name === 'Anna de Vries');
    expect(handoff).toEqual(
      expect.objectContaining({
        status: 'waiting',
        reason: 'Gebruiker vroeg om een medewerker',
        school: { customerNumber: '100001', name: 'Demo Lyceum' },
      }),
    );
    expect(handoff.transcript).toBeUndefined(); // the list is summaries; the transcript comes with the details
    const details = (await (await agent.request('GET', `/handoffs/${handoff.id}`)).json()).handoff;
    expect(details.transcript.map((l: { text: string }) => l.text)).toEqual(
      expect.arrayContaining([
        'Waarom zie ik mijn basispakketten niet in de winkelwagen?',
        'kan ik een medewerker spreken',
      ]),
    );

    expect((await agent.request('POST', `/handoffs/${handoff.id}/take`)).status).toBe(200);
    expect(texts(t.collector.take(user.conversationId))).toBe(
      'Je spreekt nu met agent.one van de servicedesk. Wil je het gesprek beëindigen, typ dan "stop".',
    );

    expect(
      (
        await agent.request('POST', `/handoffs/${handoff.id}/messages`, {
          text: 'Hoi Anna, waar kan ik je mee helpen?',
        })
      ).status,
    ).toBe(200);
    // Teams shows every message under the bot's name: the agent's name leads the text.
    expect(texts(t.collector.take(user.conversationId))).toBe(
      '**Agent.one van de servicedesk**: Hoi Anna, waar kan ik je mee helpen?',
    );

    const botReplies = await user.say('Ik mis 20 basispakketten in mijn overzicht');
    expect(botReplies).toEqual([]);
    await stream.waitFor(
      (e) =>
        e.type === 'message' &&
        e.from === 'user' &&
        e.text === 'Ik mis 20 basispakketten in mijn overzicht' &&
        e.handoffId === handoff.id,
    );

    expect((await agent.request('POST', `/handoffs/${handoff.id}/end`)).status).toBe(200);
    expect(texts(t.collector.take(user.conversationId))).toMatch(/De medewerker heeft het gesprek afgesloten/);
    expect(await user.ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
    stream.close();
  });

  it("hands the agent the bot's lines in full (a card as its text) and names the agent to the user", async () => {
    const user = new Chat(t, { as: 'anna' });
    await user.say('wat zit er in mijn winkelwagen');
    await user.say('stop');
    await user.say('kan ik een medewerker spreken');

    const agent = new AgentClient(t.url);
    expect((await agent.login('agent.two', PASSWORD)).status).toBe(200);
    // The list holds summaries; each waiting conversation's transcript comes with its details.
    const { handoffs: summaries } = await (await agent.request('GET', '/handoffs')).json();
    const handoffs = await Promise.all(
      summaries.map(
        async (h: { id: string }) => (await (await agent.request('GET', `/handoffs/${h.id}`)).json()).handoff,
      ),
    );
    const handoff = handoffs.find((h: { transcript: Array<{ text: string }> }) =>
      h.transcript.some((l) => l.text === 'wat zit er in mijn winkelwagen'),
    );
    const botLines: string[] = handoff.transcript
      .filter((l: { from: string }) => l.from === 'bot')
      .map((l: { text: string }) => l.text);
    // The rule check and the cart card (as its plain-text fallback), uncut: longer than the 300 characters it used to be cut at.
    const cart = botLines.find((l) => l.includes('Winkelwagen 2026 van Demo Lyceum'))!;
    expect(cart).toMatch(/Microsoft 365 A3 medewerkers: 120/);
    expect(cart.match(/20 extra basispakketten nodig/g)).toHaveLength(1);
    expect(botLines.some((l) => l.length > 300 && !l.endsWith('…'))).toBe(true);

    expect((await agent.request('POST', `/handoffs/${handoff.id}/take`)).status).toBe(200);
    t.collector.take(user.conversationId);
    await agent.request('POST', `/handoffs/${handoff.id}/messages`, { text: 'Ik zie je winkelwagen.' });
    const [message] = t.collector.take(user.conversationId) as Array<{
      text?: string;
      from?: { name?: string };
      channelData?: Record<string, unknown>;
    }>;
    expect(message.text).toBe('**Agent.two van de servicedesk**: Ik zie je winkelwagen.');
    expect(message.from?.name).toBe('Agent.two van de servicedesk');
    expect(message.channelData).toEqual(
      expect.objectContaining({
        slbAgent: 'agent.two',
        'webchat:fallback-text': 'Agent.two van de servicedesk zei: Ik zie je winkelwagen.',
      }),
    );
    expect((await agent.request('POST', `/handoffs/${handoff.id}/end`)).status).toBe(200);
  });

  it('lets exactly one of two agents take the same conversation', async () => {
    const user = new Chat(t, { as: 'carla' });
    await user.say('ik wil een medewerker spreken');
    const [one, two] = [new AgentClient(t.url), new AgentClient(t.url)];
    await one.login('agent.one', PASSWORD);
    await two.login('agent.two', PASSWORD);
    const { handoffs } = await (await one.request('GET', '/handoffs')).json();
    const id = handoffs.find((h: { requester: { name?: string } }) => h.requester.name === 'Carla Bakker').id;
    const results = await Promise.all([
      one.request('POST', `/handoffs/${id}/take`),
      two.request('POST', `/handoffs/${id}/take`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(await loser.json()).toEqual({ error: expect.stringMatching(/already taken by agent\.(one|two)/) });
  });

  it('lets a waiting user leave the queue', async () => {
    const user = new Chat(t);
    expect(await user.ask('Medewerker spreken')).toMatch(/wachtrij op positie/);
    expect(await user.ask('nog een vraag')).toMatch(/Je bericht is doorgegeven\. Je staat nog in de wachtrij/);
    expect(await user.ask('annuleer')).toMatch(/Je bent uit de wachtrij gehaald/);
    expect(await user.ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
  });

  it('lets a user end a conversation an agent holds with "stop"; the agent reads that it ended', async () => {
    const { user, agent, id } = await queuedFor('carla', 'Carla Bakker', 'agent.one');
    const stream = await agent.events();
    expect((await agent.request('POST', `/handoffs/${id}/take`)).status).toBe(200);
    expect(texts(t.collector.take(user.conversationId))).toMatch(/Wil je het gesprek beëindigen, typ dan "stop"\./);
    try {
      expect(await user.ask('stop')).toBe(
        'Je hebt het gesprek met de servicedesk beëindigd. Ik help je weer: stel gerust je vraag.',
      );
      await stream.waitFor(
        (e) => e.type === 'message' && e.handoffId === id && e.text === 'De gebruiker heeft het gesprek beëindigd.',
      );
      await stream.waitFor((e) => e.type === 'closed' && e.handoffId === id);
      expect(await user.ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
    } finally {
      stream.close();
    }
  });

  it('ends the conversations an agent holds when the agent logs out; the user is told and the bot answers again', async () => {
    const { user, agent, id } = await queuedFor('bram', 'Bram Jansen', 'agent.leaving');
    expect((await agent.request('POST', `/handoffs/${id}/take`)).status).toBe(200);
    t.collector.take(user.conversationId);

    const logout = await agent.request('POST', '/logout');
    expect(await logout.json()).toEqual({ ok: true, ended: 1 });
    expect(texts(t.collector.take(user.conversationId))).toBe(
      'De medewerker heeft het gesprek afgesloten. Je praat weer met de assistent: stel gerust je volgende vraag.',
    );
    const other = new AgentClient(t.url);
    await other.login('agent.one', PASSWORD);
    const after = await (await other.request('GET', '/handoffs')).json();
    expect(after.handoffs.some((h: { id: string }) => h.id === id)).toBe(false);
    expect(await user.ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
  });

  it('takes "laat maar, ik bel morgen wel" from a waiting user as leaving the queue', async () => {
    const agent = new AgentClient(t.url);
    await agent.login('agent.one', PASSWORD);
    const waiting = async () =>
      ((await (await agent.request('GET', '/handoffs')).json()).handoffs as Array<{ status: string }>).filter(
        (h) => h.status === 'waiting',
      ).length;
    const before = await waiting();
    const user = new Chat(t);
    expect(await user.ask('Medewerker spreken')).toMatch(/wachtrij op positie/);
    expect(await waiting()).toBe(before + 1);
    expect(await user.ask('laat maar, ik bel morgen wel')).toMatch(/^Je bent uit de wachtrij gehaald/);
    expect(await waiting()).toBe(before);
  });

  it('offers the servicedesk after two questions in a row without an answer, and the agent sees those questions', async () => {
    const user = new Chat(t);
    expect(await user.ask('Hoe zet ik de printer aan?')).toMatch(/Daar heb ik helaas geen antwoord op/);
    const offer = await user.say('En de beamer in lokaal 12?');
    expect(texts(offer)).toMatch(
      /Ook hierop heb ik helaas geen antwoord\. Zal ik je vragen doorzetten naar de servicedesk\?/,
    );
    expect(texts(offer)).not.toMatch(/wachtrij/);
    expect(await user.ask('Medewerker spreken')).toMatch(/wachtrij op positie/);
    const agent = new AgentClient(t.url);
    await agent.login('agent.two', PASSWORD);
    const { handoffs } = await (await agent.request('GET', '/handoffs')).json();
    expect(handoffs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'Vragen zonder antwoord: "Hoe zet ik de printer aan?" "En de beamer in lokaal 12?"',
          requester: expect.objectContaining({ verified: false }),
        }),
      ]),
    );
  });

  it('ends politely after misses when the user says thanks or goodbye, without a form or the queue', async () => {
    for (const goodbye of ['ok tnx', 'tot ziens']) {
      const user = new Chat(t);
      await user.say('Hoe zet ik de printer aan?');
      await user.say('En de beamer in lokaal 12?');
      const reply = await user.ask(goodbye);
      expect(reply).toMatch(
        goodbye === 'ok tnx'
          ? /^Graag gedaan! Heb je nog een vraag, stel hem gerust\.$/
          : /^Tot ziens! Heb je later nog een vraag, dan ben ik er\./,
      );
      expect(reply).not.toMatch(/Wat is je vraag|wachtrij|Ik zet je vraag door/);
      // The miss count started again: one more miss is not yet an offer.
      expect(await user.ask('Hoe laat gaat de kantine open?')).toMatch(/^Daar heb ik helaas geen antwoord op/);
    }
  });

  it('refuses a wrong password, and slows down repeated failures', async () => {
    const agent = new AgentClient(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await agent.login('agent.two', 'not the password at all')).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    const throttled = await agent.login('agent.two', PASSWORD);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it.each([
    ['GET', '/me'],
    ['GET', '/handoffs'],
    ['GET', '/events'],
    ['POST', '/logout'],
    ['POST', '/handoffs/x/take'],
    ['POST', '/handoffs/x/messages'],
    ['POST', '/handoffs/x/end'],
    ['GET', '/handoffs/x/tickets'],
  ])('answers %s %s without a valid session with 401', async (method, path) => {
    const res = await new AgentClient(t.url).request(method, path, method === 'POST' ? { text: 'hoi' } : undefined);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'not logged in' });
    const forged = await fetch(`${t.url}/agent/api${path}`, {
      method,
      headers: { cookie: 'slb_agent=forged-session-token' },
    });
    expect(forged.status).toBe(401);
    const malformed = await fetch(`${t.url}/agent/api${path}`, {
      method,
      headers: { cookie: 'slb_agent=%E0%A4%A; other=1' },
    });
    expect(malformed.status).toBe(401);
  });

  it('serves the console page with a strict content security policy', async () => {
    const res = await fetch(`${t.url}/agent`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await res.text()).toMatch(/Servicedesk console/);
  });
});

describe('handoff outside servicedesk hours and to a contact center', () => {
  it('offers to leave a request when the servicedesk is closed', async () => {
    const t = await startTestApp({ SERVICEDESK_HOURS: 'za-za 00:00-00:00' });
    try {
      expect(await new Chat(t, { as: 'anna' }).ask('kan ik een medewerker spreken')).toMatch(
        /De servicedesk is nu gesloten \(open: za-za 00:00-00:00\)[\s\S]*Wat is je vraag\?/,
      );
    } finally {
      await t.close();
    }
  });

  it('sends the Bot Framework handoff.initiate event with the transcript when HANDOFF_MODE=event', async () => {
    const t = await startTestApp({ HANDOFF_MODE: 'event', SERVICEDESK_HOURS: 'altijd' });
    try {
      const user = new Chat(t, { as: 'anna' });
      await user.say('Hoe vraag ik Office A1 licenties aan?');
      const replies = await user.say('ik wil een medewerker spreken');
      const event = replies.find((r) => r.type === 'event')!;
      expect(event).toEqual(
        expect.objectContaining({ name: 'handoff.initiate', value: { reason: 'Gebruiker vroeg om een medewerker' } }),
      );
      const transcript = (
        event.attachments as Array<{ contentType: string; content: { activities: Array<{ text: string }> } }>
      )[0];
      expect(transcript.contentType).toBe('application/json');
      expect(transcript.content.activities.map((a) => a.text)).toContain('Hoe vraag ik Office A1 licenties aan?');
    } finally {
      await t.close();
    }
  });
});

describe('the agent session cookie', () => {
  it('sets the session cookie HttpOnly, Secure, SameSite=Strict, for /agent only, and clears it on logout', async () => {
    const t = await startTestApp();
    try {
      await t.app.agents.setPassword('cookie-test', 'cookie-test-wachtwoord');
      const login = await fetch(`${t.url}/agent/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'cookie-test', password: 'cookie-test-wachtwoord' }),
      });
      const attributes = (header: string | null) =>
        header!
          .split(';')
          .slice(1)
          .map((a) => a.trim())
          .sort();
      const setCookie = login.headers.get('set-cookie');
      expect(setCookie).toMatch(/^slb_agent=[^;]{20,};/);
      expect(attributes(setCookie)).toEqual(['HttpOnly', 'Max-Age=28800', 'Path=/agent', 'SameSite=Strict', 'Secure']);
      const logout = await fetch(`${t.url}/agent/api/logout`, {
        method: 'POST',
        headers: { cookie: setCookie!.split(';')[0] },
      });
      expect(logout.headers.get('set-cookie')).toMatch(/^slb_agent=;/);
      expect(attributes(logout.headers.get('set-cookie'))).toContain('Max-Age=0');
    } finally {
      await t.close();
    }
  });
});

describe('leaving a request instead of waiting', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ SERVICEDESK_HOURS: 'altijd' })));
  afterAll(() => t.close());

  it('"Servicedesk" in the queue (nobody online) leaves the queue and files what the user typed while waiting', async () => {
    const anna = new Chat(t, { as: 'anna' });
    expect(await anna.ask('ik wil een medewerker spreken')).toMatch(/geen medewerker online[\s\S]*"Servicedesk"/);
    expect(await anna.ask('We willen van 100 naar 70 basispakketten')).toMatch(/Je bericht is doorgegeven/);
    const leaving = await anna.ask('Servicedesk');
    expect(leaving).toMatch(/^Je bent uit de wachtrij gehaald\. Dan zet ik je vraag door naar de servicedesk\./);
    expect(leaving).toMatch(/We willen van 100 naar 70 basispakketten/);
    expect(leaving).toMatch(/Klopt dit\?/);
    expect(await anna.ask('Ja, indienen')).toMatch(/SD-\d{4}-\d{6}/);
    const { tickets } = JSON.parse(readFileSync(path.join(t.dataDir, 'tickets.json'), 'utf8'));
    expect(tickets.at(-1)).toEqual(
      expect.objectContaining({
        kind: 'general_request',
        fields: expect.arrayContaining([{ label: 'Vraag', value: 'We willen van 100 naar 70 basispakketten' }]),
      }),
    );
    // Out of the queue: the bot answers questions again.
    expect(await anna.ask('wat kost een basispakket?')).toMatch(/74,67/);
  });
});
