import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Chat, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const post = (body: string, contentType = 'application/json') =>
  fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('HTTP server', () => {
  it('GET /healthz reports ok as JSON', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expect.objectContaining({ status: 'ok', knowledgeEntries: 20 }));
  });

  it('delivers the reply to the serviceUrl of the posted activity, as a reply to it', async () => {
    const chat = new Chat(t, { as: 'anna' });
    const activity = chat.activity({
      type: 'message',
      text: 'Waarom zie ik mijn basispakketten niet in de winkelwagen?',
    });
    const { status, replies } = await chat.post(activity);
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toEqual(
      expect.objectContaining({
        type: 'message',
        replyToId: activity.id,
        conversation: expect.objectContaining({ id: chat.conversationId }),
      }),
    );
    expect(texts(replies)).toMatch(/Deze zijn op een eerder moment al gefactureerd/);
  });

  it.each([
    ['malformed JSON', '{"type": "message",', 400],
    ['a JSON array', '[]', 400],
    [
      'an activity without type',
      JSON.stringify({ text: 'hoi', serviceUrl: 'http://127.0.0.1:1', conversation: { id: 'x' } }),
      400,
    ],
    [
      'an activity without serviceUrl',
      JSON.stringify({ type: 'message', text: 'hoi', conversation: { id: 'x' } }),
      400,
    ],
    [
      'an activity without conversation',
      JSON.stringify({ type: 'message', text: 'hoi', serviceUrl: 'http://127.0.0.1:1' }),
      400,
    ],
  ])('answers %s with a 4xx JSON error', async (_name, body, status) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it('refuses a non-JSON content type with 415', async () => {
    const res = await post('type=message', 'text/plain');
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it('refuses a body over the size limit with 413', async () => {
    const chat = new Chat(t);
    const res = await post(JSON.stringify(chat.activity({ type: 'message', text: 'x'.repeat(300 * 1024) })));
    expect(res.status).toBe(413);
  });

  it('ignores activity types it does not handle, without error', async () => {
    const chat = new Chat(t);
    const { status, replies } = await chat.post(chat.activity({ type: 'typing' }));
    expect(status).toBe(200);
    expect(replies).toHaveLength(0);
  });

  it('answers unknown routes with 404 JSON', async () => {
    const res = await fetch(`${t.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });
});

describe('channel authentication', () => {
  let secured: TestApp;
  beforeAll(
    async () =>
      (secured = await startTestApp({
        MicrosoftAppId: '00000000-0000-4000-8000-000000000001',
        MicrosoftAppPassword: 'not-a-real-secret',
      })),
  );
  afterAll(() => secured.close());

  it('refuses an unauthenticated request with 401 when MicrosoftAppId is set, and sends nothing', async () => {
    const chat = new Chat(secured, { as: 'anna' });
    const { status, replies } = await chat.post(
      chat.activity({ type: 'message', text: 'Hoe vraag ik Office A1 licenties aan?' }),
    );
    expect(status).toBe(401);
    expect(replies).toHaveLength(0);
  });

  it('refuses a badly signed bearer token with 401', async () => {
    const chat = new Chat(secured, { as: 'anna' });
    const forged = [
      'eyJhbGciOiJIUzI1NiJ9',
      Buffer.from(JSON.stringify({ aud: '00000000-0000-4000-8000-000000000001' })).toString('base64url'),
      'c2lnbmF0dXJl',
    ].join('.');
    const res = await fetch(`${secured.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body: JSON.stringify(chat.activity({ type: 'message', text: 'hoi' })),
    });
    expect(res.status).toBe(401);
  });
});

describe('per-conversation rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => (limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '6' })));
  afterAll(() => limited.close());

  it('answers a flood politely once, then stays quiet, and leaves other conversations alone', async () => {
    const chat = new Chat(limited);
    const replies: string[] = [];
    for (let i = 0; i < 13; i++) replies.push(await chat.ask('Hoe vraag ik Office A1 licenties aan?'));
    expect(replies.slice(0, 10).every((r) => /Services kopen/.test(r))).toBe(true);
    expect(replies[10]).toBe(
      'Je stuurt veel berichten kort na elkaar. Wacht even een paar seconden en probeer het dan opnieuw.',
    );
    expect(replies.slice(11)).toEqual(['', '']);
    expect(await new Chat(limited).ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
  });
});

describe('invokes the bot does not implement', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it.each([
    ['an unknown invoke', { type: 'invoke', name: 'nope/unknown' }],
    ['a malformed Adaptive Card action', { type: 'invoke', name: 'adaptiveCard/action', value: 'x' }],
  ])('answers %s with 400, not a server error', async (_name, fields) => {
    const chat = new Chat(app, { as: 'anna' });
    const { status } = await chat.post(chat.activity(fields));
    expect(status).toBe(400);
  });
});

describe('one bot per data folder', () => {
  it('refuses to start on a DATA_DIR whose state another running process holds, and says which', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-locked-'));
    try {
      mkdirSync(path.join(dataDir, 'state'), { recursive: true });
      // Our parent process is alive: as if another bot (or `npm run privacy`) had the folder.
      writeFileSync(path.join(dataDir, 'state', 'writer.lock'), String(process.ppid));
      await expect(startTestApp({ DATA_DIR: dataDir })).rejects.toThrow(
        new RegExp(`held by process ${process.ppid}: one writer per data folder`),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
