import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AgentClient } from '../support/agentClient.js';
import { DirectLineClient } from '../support/directLineClient.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const GONE = { SERVICEDESK_HOURS: 'altijd', HANDOFF_VISITOR_GONE_SECONDS: '2' };

/** A website visitor on the embedded channel (its own conversation), as Web Chat would start it. */
async function visitor(url: string): Promise<DirectLineClient> {
  const { token } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
  const client = new DirectLineClient(url, token);
  await client.start();
  await client.read();
  return client;
}

/** Polls like an open page until stopped: the visitor is there. */
function present(client: DirectLineClient): { stop: () => Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      await client.activitiesSince(0).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('handoff that follows the visitor', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-handoff-presence-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }));

  it('after a restart, the queue entry of a visitor who never comes back expires; one who resumes keeps it', async () => {
    const before = await startTestApp({ ...GONE, DATA_DIR: dataDir });
    const gone = await visitor(before.url);
    const back = await visitor(before.url);
    await gone.send('Kan ik een medewerker spreken?');
    expect(await gone.read()).toMatch(/wachtrij op positie 1/);
    await back.send('Kan ik een medewerker spreken?');
    expect(await back.read()).toMatch(/wachtrij op positie 2/);
    await before.close();

    const after = await startTestApp({ ...GONE, DATA_DIR: dataDir, PORT: new URL(before.url).port });
    const polling = present(back);
    try {
      const waiting = await eventually(
        () => after.app.handoffs.list(['waiting']),
        (list) => list.length === 1,
        10_000,
      );
      expect(waiting[0].conversationId).toBe(back.conversationId);
      // The ghost no longer counts: the visitor who came back is first now.
      await back.send('Ben ik al aan de beurt?');
      expect(await back.read()).toMatch(/Je staat nog in de wachtrij \(positie 1\)/);

      // The one who left finds a note when they return, and talks to the bot again.
      expect(await gone.read()).toMatch(/Je stond in de wachtrij voor een medewerker, maar je was een tijd weg/);
      await gone.send('Hoe vraag ik Office A1 licenties aan?');
      expect(await gone.read()).toMatch(/Beheer -> Facturering -> Services kopen/);
    } finally {
      await polling.stop();
      await after.close();
    }
  }, 60_000);
});

describe('agent console: a visitor who has gone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(GONE);
    await t.app.agents.setPassword('sanne', 'servicedesk-wachtwoord-2026');
  });
  afterAll(() => t.close());

  it('is shown as gone while they have no chat open, and as back when they return; the agent keeps the conversation', async () => {
    const agent = new AgentClient(t.url);
    await agent.login('sanne', 'servicedesk-wachtwoord-2026');
    const stream = await agent.events();
    const user = await visitor(t.url);
    let polling = present(user);
    try {
      await user.send('Kan ik een medewerker spreken?');
      const list = async () =>
        (
          (await (await agent.request('GET', '/handoffs')).json()) as {
            handoffs: Array<{ id: string; status: string; visitorGone: boolean }>;
          }
        ).handoffs;
      const [handoff] = await eventually(list, (l) => l.length === 1);
      expect(handoff.visitorGone).toBe(false);
      expect((await agent.request('POST', `/handoffs/${handoff.id}/take`)).status).toBe(200);

      await polling.stop();
      await stream.waitFor((e) => e.type === 'visitor' && e.handoffId === handoff.id && e.gone === true);
      expect((await list())[0]).toMatchObject({ id: handoff.id, status: 'taken', visitorGone: true });
      // A taken conversation does not expire: the agent decides. Their message waits for the visitor.
      expect((await agent.request('POST', `/handoffs/${handoff.id}/messages`, { text: 'Ben je er nog?' })).status).toBe(
        200,
      );

      polling = present(user);
      await eventually(
        async () => (await list())[0]?.visitorGone,
        (g) => g === false,
      );
      expect(await user.read()).toMatch(/Ben je er nog\?/);
    } finally {
      stream.close();
      await polling.stop();
    }
  }, 60_000);
});
