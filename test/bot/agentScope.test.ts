import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AgentClient } from '../support/agentClient.js';
import { Chat } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const PASSWORD = 'correct horse battery staple';

describe('agents see what is theirs', () => {
  let t: TestApp;
  const one = () => new AgentClient(t.url);
  beforeAll(async () => {
    t = await startTestApp({ SERVICEDESK_HOURS: 'altijd' });
    await t.app.agents.setPassword('agent.one', PASSWORD);
    await t.app.agents.setPassword('agent.two', PASSWORD);
  });
  afterAll(() => t.close());

  it("streams a held conversation's messages only to its holder, and keeps its details and tickets from the other agent", async () => {
    const user = new Chat(t, { as: 'anna' });
    await user.say('Servicedesk');
    await user.say('Een vraag over mijn factuur');
    await user.say('Ja, indienen');
    await user.say('kan ik een medewerker spreken');
    const [holder, other] = [one(), one()];
    await holder.login('agent.one', PASSWORD);
    await other.login('agent.two', PASSWORD);
    const [holderStream, otherStream] = [await holder.events(), await other.events()];
    const { handoffs } = await (await holder.request('GET', '/handoffs')).json();
    const id = handoffs.find((h: { requester: { name?: string } }) => h.requester.name === 'Anna de Vries').id;

    // Before the take: the queue is for everyone, tickets for nobody.
    expect((await other.request('GET', `/handoffs/${id}`)).status).toBe(200);
    expect((await holder.request('GET', `/handoffs/${id}/tickets`)).status).toBe(403);

    expect((await holder.request('POST', `/handoffs/${id}/take`)).status).toBe(200);
    await otherStream.waitFor((e) => e.type === 'taken' && e.handoffId === id);
    await user.say('Het gaat om factuur \u202E2026-0042\u202C\u200B');
    await holderStream.waitFor((e) => e.type === 'message' && e.text === 'Het gaat om factuur 2026-0042');
    await new Promise((r) => setTimeout(r, 200));
    expect(otherStream.events.filter((e) => e.type === 'message')).toEqual([]);

    const tickets = await (await holder.request('GET', `/handoffs/${id}/tickets`)).json();
    expect(tickets.tickets.map((x: { fields: Array<{ value: string }> }) => x.fields[0].value)).toEqual([
      'Een vraag over mijn factuur',
    ]);
    expect((await other.request('GET', `/handoffs/${id}/tickets`)).status).toBe(403);
    expect((await other.request('GET', `/handoffs/${id}`)).status).toBe(403);
    const othersList = await (await other.request('GET', '/handoffs')).json();
    expect(othersList.handoffs.map((h: { id: string }) => h.id)).not.toContain(id);
    holderStream.close();
    otherStream.close();
  });

  it('appends a queued message without rewriting handoffs.json, and bounds each transcript', async () => {
    const user = new Chat(t);
    await user.say('Medewerker spreken');
    const file = path.join(t.dataDir, 'handoffs.json');
    const before = { mtime: statSync(file).mtimeMs, text: readFileSync(file, 'utf8') };
    for (let i = 0; i < 30; i++) await user.say(`bericht ${i}`);
    expect(readFileSync(file, 'utf8')).toBe(before.text);
    expect(statSync(file).mtimeMs).toBe(before.mtime);
    const handoff = (await t.app.handoffs.openFor(user.conversationId))!;
    const lines = (await t.app.handoffs.get(handoff.id))!.transcript.map((l) => l.text);
    expect(lines).toEqual(expect.arrayContaining(['bericht 0', 'bericht 29']));

    // 450 more lines: the console gets the last 200, and the file was cut back (not 480 lines).
    for (let i = 0; i < 450; i++)
      await t.app.handoffs.append(handoff.id, { from: 'user', text: `regel ${i}`, at: new Date().toISOString() });
    const bounded = (await t.app.handoffs.get(handoff.id))!.transcript;
    expect(bounded).toHaveLength(200);
    expect(bounded.at(-1)!.text).toBe('regel 449');
    const onDisk = readFileSync(path.join(t.dataDir, 'handoffs', `${handoff.id}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(onDisk.length).toBeLessThan(400);
  });
});
