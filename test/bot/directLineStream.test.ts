import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { DirectLineClient } from '../support/directLineClient.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

interface ActivitySet {
  activities: Array<{ id: string; type: string; text?: string; from: { role?: string } }>;
  watermark: string;
}

async function webChatToken(url: string): Promise<{ token: string; webSocket: boolean }> {
  const res = await fetch(`${url}/api/webchat/token`, { method: 'POST' });
  return (await res.json()) as { token: string; webSocket: boolean };
}

/** A conversation started as Web Chat starts it, with the streamUrl the channel answered. */
async function startConversation(url: string) {
  const { token } = await webChatToken(url);
  const client = new DirectLineClient(url, token);
  const res = await client.start();
  const body = (await res.json()) as { streamUrl: string };
  return { client, token, streamUrl: body.streamUrl };
}

/** Opens a stream and collects its activity sets; `refused` holds the HTTP status of a refused upgrade. */
function openStream(streamUrl: string, headers: Record<string, string> = {}) {
  const sets: ActivitySet[] = [];
  const socket = new WebSocket(streamUrl, { headers });
  const opened = new Promise<number>((resolve) => {
    socket.once('open', () => resolve(101));
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    socket.once('error', () => resolve(0));
  });
  socket.on('message', (data) => sets.push(JSON.parse(String(data)) as ActivitySet));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const texts = () => sets.flatMap((s) => s.activities.map((a) => a.text ?? ''));
  return { socket, sets, opened, closed, texts };
}

describe('embedded Direct Line: WebSocket stream', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION: '2' });
  });
  afterAll(() => t.close());

  it('pushes the history, then the user message and the bot reply as activity sets with a watermark', async () => {
    const { client, streamUrl } = await startConversation(t.url);
    expect(streamUrl).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/dl-[^/]+\/stream\?watermark=0&t=/,
    );
    const stream = openStream(streamUrl);
    expect(await stream.opened).toBe(101);
    await eventually(
      async () => stream.texts(),
      (texts) => texts.some((x) => x.includes('Hallo! Ik ben de assistent van SLBdiensten')),
    );
    expect((await client.send('Hoe vraag ik Office A1 licenties aan?')).status).toBe(200);
    await eventually(
      async () => stream.texts(),
      (texts) => texts.some((x) => x.includes('Beheer -> Facturering -> Services kopen')),
    );
    // The user's own message comes over the stream too (Web Chat matches it to what it sent), and the watermark
    // of each set is where the client would resume.
    expect(stream.texts()).toContain('Hoe vraag ik Office A1 licenties aan?');
    const last = stream.sets.at(-1)!;
    const { watermark } = await client.activitiesSince(0);
    expect(Number(last.watermark)).toBe(watermark);
    // Web Chat's keep-alive (an empty message) is taken and ignored.
    stream.socket.send('');
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.socket.readyState).toBe(WebSocket.OPEN);
    stream.socket.close();
    await stream.closed;
  });

  it('resumes from a watermark: GET /conversations/{id} gives a streamUrl that sends only what came after it', async () => {
    const { client, token } = await startConversation(t.url);
    await client.send('Hoe vraag ik Office A1 licenties aan?');
    const { watermark } = await client.activitiesSince(0);
    await client.send('Wanneer wordt de factuur verstuurd?');
    const res = await fetch(`${t.url}/v3/directline/conversations/${client.conversationId}?watermark=${watermark}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { streamUrl } = (await res.json()) as { streamUrl: string };
    expect(streamUrl).toContain(`watermark=${watermark}`);
    const stream = openStream(streamUrl);
    await stream.opened;
    await eventually(
      async () => stream.sets.length,
      (n) => n > 0,
    );
    expect(stream.texts()).toContain('Wanneer wordt de factuur verstuurd?');
    expect(stream.texts()).not.toContain('Hoe vraag ik Office A1 licenties aan?');
    stream.socket.close();
  });

  it('refuses a missing or bad token (401), another conversation (403) and streams past the limit (429)', async () => {
    const { streamUrl, client } = await startConversation(t.url);
    const bad = openStream(streamUrl.replace(/t=[^&]+/, 't=not-a-token'));
    expect(await bad.opened).toBe(401);
    const none = openStream(streamUrl.replace(/&t=[^&]+/, ''));
    expect(await none.opened).toBe(401);
    const other = await startConversation(t.url);
    const foreign = openStream(streamUrl.replace(/t=[^&]+/, `t=${encodeURIComponent(other.token)}`));
    expect(await foreign.opened).toBe(403);
    const notAStream = openStream(streamUrl.replace('/stream?', '/activities?'));
    expect(await notAStream.opened).toBe(404);
    // A non-browser client may authenticate with the header instead.
    const withHeader = openStream(streamUrl.replace(/&t=[^&]+/, ''), {
      authorization: `Bearer ${decodeURIComponent(/t=([^&]+)/.exec(streamUrl)![1])}`,
    });
    expect(await withHeader.opened).toBe(101);
    const second = openStream(streamUrl);
    expect(await second.opened).toBe(101);
    const third = openStream(streamUrl);
    expect(await third.opened).toBe(429);
    withHeader.socket.close();
    await withHeader.closed;
    // A closed stream gives its place back.
    const again = openStream(streamUrl);
    expect(await again.opened).toBe(101);
    expect((await client.send('hoi')).status).toBe(200);
    again.socket.close();
    second.socket.close();
  });
});

describe('embedded Direct Line across a restart', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-dl-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }));

  it('closes open streams when the app stops, and the same token goes on in the same conversation after a restart', async () => {
    const before = await startTestApp({ DATA_DIR: dataDir });
    const { client, token, streamUrl } = await startConversation(before.url);
    await client.send('Hoe vraag ik Office A1 licenties aan?');
    const history = await client.activitiesSince(0);
    const stream = openStream(streamUrl);
    expect(await stream.opened).toBe(101);

    const stopping = Date.now();
    await before.close();
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(await stream.closed).toBe(1001);

    const after = await startTestApp({ DATA_DIR: dataDir, PORT: new URL(before.url).port });
    try {
      const again = new DirectLineClient(after.url, token);
      again.conversationId = client.conversationId;
      // The history is there, with its watermark; the conversation is not greeted again.
      expect(await again.activitiesSince(0)).toEqual(JSON.parse(JSON.stringify(history)));
      expect((await again.start()).status).toBe(201);
      expect((await again.send('Wanneer wordt de factuur verstuurd?')).status).toBe(200);
      const { activities } = await again.activitiesSince(history.watermark);
      expect(activities.map((a) => a.text)).toContain('Wanneer wordt de factuur verstuurd?');
      expect(activities.filter((a) => a.from.role === 'bot').length).toBeGreaterThan(0);
      expect(activities.some((a) => /Hallo! Ik ben de assistent/.test(a.text ?? ''))).toBe(false);
      // A token that was never issued is still refused.
      expect((await new DirectLineClient(after.url, 'x'.repeat(43)).start()).status).toBe(401);
    } finally {
      await after.close();
    }
  }, 60_000);
});
