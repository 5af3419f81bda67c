import { DirectLineClient } from '../support/directLineClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const tokenFor = (t: TestApp) =>
  fetch(`${t.url}/api/webchat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

async function open(t: TestApp): Promise<DirectLineClient> {
  const res = await tokenFor(t);
  expect(res.status).toBe(200);
  const client = new DirectLineClient(t.url, ((await res.json()) as { token: string }).token);
  expect((await client.start()).status).toBe(201);
  return client;
}

describe('embedded Direct Line: bounded against anonymous floods', () => {
  describe('activities', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ DIRECT_LINE_KEEP_ACTIVITIES: '10', RATE_LIMIT_PER_MINUTE: '1' })));
    afterAll(() => t.close());

    it('refuses a 170 KB activity with 413 and keeps nothing of it', async () => {
      const client = await open(t);
      const before = await client.activitiesSince(0);
      const res = await client.post({ type: 'message', text: 'hoi', channelData: { blob: 'x'.repeat(170 * 1024) } });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: { code: 'MessageSizeTooBig', message: expect.any(String) } });
      expect((await client.activitiesSince(0)).watermark).toBe(before.watermark);
    });

    it("keeps only Web Chat's clientActivityID of channelData, and no oversized value", async () => {
      const client = await open(t);
      const res = await client.post({
        type: 'message',
        text: 'Hoe vraag ik Office A1 licenties aan?',
        channelData: { clientActivityID: 'abc123', extra: 'y'.repeat(4000) },
        value: { blob: 'z'.repeat(4000) },
      });
      expect(res.status).toBe(200);
      const { activities } = await client.activitiesSince(0);
      const mine = activities.find(
        (a) => a.from.role === 'user' && a.text === 'Hoe vraag ik Office A1 licenties aan?',
      )!;
      expect(mine.channelData).toEqual({ clientActivityID: 'abc123' });
      expect(mine.value).toBeUndefined();
      expect(JSON.stringify(mine).length).toBeLessThan(1500);
    });

    it('stores nothing for rate-limited activities: one polite Dutch warning, then 429s that leave no trace', async () => {
      const client = await open(t);
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++)
        statuses.push((await client.send(`Hoe vraag ik Office A1 licenties aan? ${i}`)).status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
      const { activities, watermark } = await client.activitiesSince(0);
      expect(activities.filter((a) => a.from.role === 'user').map((a) => a.text)).not.toContain(
        'Hoe vraag ik Office A1 licenties aan? 15',
      );
      expect(activities.filter((a) => /Je stuurt veel berichten kort na elkaar/.test(a.text ?? ''))).toHaveLength(1);
      // Joined + 10 questions with their answers + 1 warning: refused activities did not move the watermark.
      const afterRefusals = watermark;
      expect((await client.send('nog eentje')).status).toBe(429);
      expect((await client.activitiesSince(0)).watermark).toBe(afterRefusals);
    });

    it('keeps the last N activities per conversation while the watermark keeps counting', async () => {
      const client = await open(t);
      for (let i = 0; i < 8; i++)
        expect((await client.send(`Hoe vraag ik Office A1 licenties aan? ${i}`)).status).toBe(200);
      const { activities, watermark } = await client.activitiesSince(0);
      expect(activities).toHaveLength(10);
      expect(watermark).toBeGreaterThan(16);
      expect(activities.at(-1)!.from.role).toBe('bot');
      expect(activities.map((a) => a.text)).toContain('Hoe vraag ik Office A1 licenties aan? 7');
      expect(activities.map((a) => a.text)).not.toContain('Hoe vraag ik Office A1 licenties aan? 0');
      // A client that is up to date gets nothing new.
      expect((await client.activitiesSince(watermark)).activities).toEqual([]);
    });
  });

  it('keeps at most 128 KB of activities per conversation, whatever their number', async () => {
    const t = await startTestApp();
    try {
      const client = await open(t);
      // 15 KB messages (under the 16 KB activity limit): 12 of them exceed the budget long before 100 activities.
      for (let i = 0; i < 12; i++)
        expect((await client.post({ type: 'message', text: `${i} ${'w'.repeat(15_000)}` })).status).toBe(200);
      const { activities, watermark } = await client.activitiesSince(0);
      expect(JSON.stringify(activities).length).toBeLessThanOrEqual(128 * 1024 + 2000);
      expect(activities.filter((a) => a.from.role === 'user').length).toBeLessThan(12);
      expect(watermark).toBeGreaterThanOrEqual(25);
      expect(activities.at(-1)!.from.role).toBe('bot');
    } finally {
      await t.close();
    }
  });

  it('limits live conversations per client address (429 with Retry-After), and in total', async () => {
    const perAddress = await startTestApp({ DIRECT_LINE_MAX_CONVERSATIONS_PER_ADDRESS: '3' });
    const total = await startTestApp({ DIRECT_LINE_MAX_CONVERSATIONS: '2' });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await tokenFor(perAddress)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await tokenFor(perAddress);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(await refused.json()).toEqual({
        error: expect.stringMatching(/too many open conversations from this address/),
      });

      const totals = [];
      for (let i = 0; i < 3; i++) totals.push((await tokenFor(total)).status);
      expect(totals).toEqual([200, 200, 429]);
    } finally {
      await Promise.all([perAddress.close(), total.close()]);
    }
  });
});
