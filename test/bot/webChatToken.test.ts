import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Chat, texts } from '../support/transcript.js';
import { DirectLineClient } from '../support/directLineClient.js';
import { PERSONAS } from '../support/personas.js';
import { signWebsiteAssertion } from '../support/websiteAssertion.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const SECRET = 'website-and-bot-share-this-secret-of-32+chars';
let t: TestApp;
beforeAll(async () => (t = await startTestApp({ WEBCHAT_ASSERTION_SECRET: SECRET })));
afterAll(() => t.close());

const assertion = (sub: string, options: { secret?: string; expiresIn?: string; issuedAt?: number } = {}) =>
  signWebsiteAssertion(sub, options.secret ?? SECRET, options);

async function chatWith(body: object): Promise<{ client: DirectLineClient; verified: boolean; userId: string }> {
  const res = await fetch(`${t.url}/api/webchat/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const token = (await res.json()) as { token: string; verified: boolean; userId: string; expires_in: number };
  expect(token.expires_in).toBeGreaterThan(0);
  const client = new DirectLineClient(t.url, token.token);
  expect((await client.start()).status).toBe(201);
  expect(await client.read()).toMatch(/Hallo! Ik ben de assistent van SLBdiensten/);
  return { client, verified: token.verified, userId: token.userId };
}

describe('Web Chat token endpoint and embedded Direct Line', () => {
  it("gives a conversation as the signed-in user for a valid assertion: the cart dialog shows Anna's cart", async () => {
    const { client, verified } = await chatWith({ assertion: await assertion(PERSONAS.anna.aadObjectId) });
    expect(verified).toBe(true);
    expect((await client.send('wat zit er in mijn winkelwagen')).status).toBe(200);
    const cart = await client.read();
    expect(cart).toMatch(/Winkelwagen 2026 van Demo Lyceum/);
    expect(cart).toMatch(/20 extra basispakketten nodig \(20 x EUR 74,67 = EUR 1\.493,40\)/);
  });

  it.each([
    [
      'a forged assertion (wrong secret)',
      async () => assertion(PERSONAS.anna.aadObjectId, { secret: 'an-attacker-guessing-the-secret-wrongly!!' }),
    ],
    [
      'an expired assertion',
      async () =>
        assertion(PERSONAS.anna.aadObjectId, { expiresIn: '-1m', issuedAt: Math.floor(Date.now() / 1000) - 600 }),
    ],
    [
      'an unsigned assertion',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: PERSONAS.anna.aadObjectId, iss: 'slb-website', aud: 'slb-registration-assistant' })).toString('base64url')}.`,
    ],
    ['no assertion but a claimed identity in the message', async () => undefined],
  ])('gives an anonymous conversation with no account data for %s', async (_name, make) => {
    const { client, verified, userId } = await chatWith({ assertion: await make() });
    expect(verified).toBe(false);
    expect(userId).toMatch(/^bezoeker-/);
    await client.send('wat zit er in mijn winkelwagen', {
      id: PERSONAS.anna.aadObjectId,
      aadObjectId: PERSONAS.anna.aadObjectId,
    } as { id: string });
    const text = await client.read();
    expect(text).toMatch(/moet ik weten wie je bent/);
    expect(text).not.toMatch(/Demo Lyceum|Anna|A3/);
  });

  it('refuses Direct Line calls without a valid token, and unsupported calls clearly', async () => {
    const noToken = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST' });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({ error: { code: 'BadArgument', message: expect.stringMatching(/Bearer/) } });
    const { client } = await chatWith({});
    const other = new DirectLineClient(t.url, 'not-a-token');
    other.conversationId = client.conversationId;
    expect((await other.send('hoi')).status).toBe(401);
    const upload = await fetch(`${t.url}/v3/directline/conversations/${client.conversationId}/upload`, {
      method: 'POST',
    });
    expect(upload.status).toBe(404);
    expect(await upload.json()).toEqual({
      error: { code: 'NotSupported', message: expect.stringMatching(/not supported/) },
    });
  });

  it('returns only activities after the watermark', async () => {
    const { client } = await chatWith({});
    await client.send('Hoe vraag ik Office A1 licenties aan?');
    const text = await client.read();
    expect(text).toMatch(/Services kopen/);
    expect(text).not.toMatch(/Hallo! Ik ben de assistent/);
    expect(await client.read()).toBe('');
  });

  it('refreshes a valid token and refuses an unknown one', async () => {
    const res = await fetch(`${t.url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { token } = (await res.json()) as { token: string };
    const refreshed = await fetch(`${t.url}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refreshed.status).toBe(200);
    const refused = await fetch(`${t.url}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    });
    expect(refused.status).toBe(403);
  });
});

describe('Web Chat with Azure Direct Line (DIRECT_LINE_SECRET set)', () => {
  const seen: Array<{ authorization?: string; body: string }> = [];
  let azure: http.Server;
  let app: TestApp;
  beforeAll(async () => {
    azure = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ authorization: req.headers.authorization, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            conversationId: `azure-conv-${seen.length}`,
            token: `azure-token-${seen.length}`,
            expires_in: 1800,
          }),
        );
      });
    });
    await new Promise<void>((r) => azure.listen(0, '127.0.0.1', r));
    const port = (azure.address() as AddressInfo).port;
    app = await startTestApp({
      WEBCHAT_ASSERTION_SECRET: SECRET,
      DIRECT_LINE_SECRET: 'azure-direct-line-secret',
      DIRECT_LINE_URL: `http://127.0.0.1:${port}`,
    });
  });
  afterAll(async () => {
    await app.close();
    azure.close();
  });

  it('exchanges the secret server-side and gives the page only a token; a verified user keeps their identity', async () => {
    const res = await fetch(`${app.url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assertion: await assertion(PERSONAS.anna.aadObjectId) }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('azure-direct-line-secret');
    const token = JSON.parse(text) as { token: string; conversationId: string; verified: boolean };
    expect(token).toEqual(
      expect.objectContaining({ token: 'azure-token-1', conversationId: 'azure-conv-1', verified: true }),
    );
    expect(seen[0].authorization).toBe('Bearer azure-direct-line-secret');

    // The Direct Line service then delivers the user's messages to /api/messages for that conversation.
    const chat = new Chat(app, { channelId: 'webchat' });
    const { status } = await chat.post(
      chat.activity({
        type: 'message',
        text: 'wat zit er in mijn winkelwagen',
        conversation: { id: token.conversationId },
      }),
    );
    expect(status).toBe(200);
    expect(texts(app.collector.take(token.conversationId))).toMatch(/Winkelwagen 2026 van Demo Lyceum/);
  });
});

describe('Web Chat session cookie: resuming a conversation', () => {
  const tokenFor = async (body: object, cookie?: string) => {
    const res = await fetch(`${t.url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return {
      body: (await res.json()) as {
        token: string;
        conversationId: string;
        userId: string;
        verified: boolean;
        resumed: boolean;
        renewed: boolean;
      },
      cookie: res.headers.get('set-cookie')?.split(';')[0],
    };
  };

  it('sets an HttpOnly session cookie for the token endpoint only', async () => {
    const res = await fetch(`${t.url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const [value, ...attributes] = res.headers.get('set-cookie')!.split('; ');
    expect(value).toMatch(/^slb_webchat=dl-[\w-]+\.[\w-]+$/);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/api/webchat', 'SameSite=Strict', 'Secure']);
  });

  it('gives a new token for the same conversation, which keeps its verified identity after the assertion has expired', async () => {
    const first = await tokenFor({ assertion: await assertion(PERSONAS.anna.aadObjectId) });
    const client = new DirectLineClient(t.url, first.body.token);
    expect((await client.start()).status).toBe(201);
    const again = await tokenFor(
      {
        assertion: await assertion(PERSONAS.anna.aadObjectId, {
          expiresIn: '1s',
          issuedAt: Math.floor(Date.now() / 1000) - 3600,
        }),
      },
      first.cookie,
    );
    expect(again.body).toEqual(
      expect.objectContaining({
        conversationId: first.body.conversationId,
        userId: first.body.userId,
        verified: true,
        resumed: true,
        renewed: false,
      }),
    );
    expect(again.body.token).not.toBe(first.body.token);
    expect(again.cookie).toBeUndefined();
    // The new token reads the same conversation, history included.
    const resumed = new DirectLineClient(t.url, again.body.token);
    resumed.conversationId = first.body.conversationId;
    expect(await resumed.read()).toMatch(/Hallo! Ik ben de assistent/);
    expect((await resumed.send('wat zit er in mijn winkelwagen')).status).toBe(200);
    expect(await resumed.read()).toMatch(/20 extra basispakketten nodig/);
  });

  it('starts a new conversation for another signed-in user, and for a forged or unknown cookie (renewed)', async () => {
    const anna = await tokenFor({ assertion: await assertion(PERSONAS.anna.aadObjectId) });
    const carla = await tokenFor({ assertion: await assertion(PERSONAS.carla.aadObjectId) }, anna.cookie);
    expect(carla.body.conversationId).not.toBe(anna.body.conversationId);
    expect(carla.body).toEqual(expect.objectContaining({ verified: true, resumed: false, renewed: false }));

    const forged = await tokenFor({}, `${anna.cookie!.split('.')[0]}.not-the-key`);
    expect(forged.body.conversationId).not.toBe(anna.body.conversationId);
    expect(forged.body).toEqual(expect.objectContaining({ verified: false, resumed: false, renewed: true }));
    const gone = await tokenFor({}, 'slb_webchat=dl-00000000-0000-4000-8000-000000000000.whatever');
    expect(gone.body).toEqual(expect.objectContaining({ resumed: false, renewed: true }));
  });
});
