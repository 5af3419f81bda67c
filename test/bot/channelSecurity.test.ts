import { Writable } from 'node:stream';
import { createLogger } from '../../config/logger.js';
import { Chat } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const APP_ID = '00000000-0000-4000-8000-000000000001';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A logger with the app's redaction whose lines the test can read. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString('utf8')), done()) });
  return { logger: createLogger('debug', stream), lines };
}

describe('channel authentication on: every bad token is a plain 401', () => {
  let t: TestApp;
  const log = capturedLogger();
  beforeAll(
    async () =>
      (t = await startTestApp(
        { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' },
        { logger: log.logger },
      )),
  );
  afterAll(() => t.close());

  const SECRET_LOOKING = 'do-not-log-this-token-value';
  it.each([
    ['no Authorization header', undefined],
    ['an empty bearer', 'Bearer'],
    ['a Basic header', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
    ['garbage', `Bearer ${SECRET_LOOKING}`],
    ['an HS256 token', `Bearer ${b64({ alg: 'HS256' })}.${b64({ aud: APP_ID })}.c2ln`],
    [
      'an RS256 token whose signing keys cannot be fetched (unverifiable)',
      `Bearer ${b64({ alg: 'RS256', kid: 'x', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID, exp: 4102444800 })}.c2ln`,
    ],
    [
      'an unsigned token (alg none)',
      `Bearer ${b64({ alg: 'none' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID })}.`,
    ],
  ])('answers %s with 401 {"error":"unauthorized"}, no error text, and sends nothing', async (_name, authorization) => {
    const chat = new Chat(t, { as: 'anna' });
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(chat.activity({ type: 'message', text: 'wat zit er in mijn winkelwagen' })),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
    expect(t.collector.take(chat.conversationId)).toHaveLength(0);
  });

  it("keeps tokens out of every log line, restify's own included", async () => {
    // restify logs the request object itself when it cannot format a response (response.js formatterError):
    // whatever restify logs goes to the server's logger, which must be ours, with its redaction.
    const restifyLog = (t.app.server as unknown as { log: { warn: (o: object, m: string) => void } }).log;
    restifyLog.warn(
      {
        req: {
          method: 'POST',
          url: '/api/messages',
          headers: { authorization: `Bearer ${SECRET_LOOKING}`, cookie: `slb_agent=${SECRET_LOOKING}` },
        },
      },
      'error retrieving formatter',
    );
    const line = log.lines.find((l) => l.includes('error retrieving formatter'));
    expect(line).toMatch(/"component":"restify".*"authorization":"\[redacted\]"/);
    expect(log.lines.join('')).not.toContain(SECRET_LOOKING);
    expect(log.lines.some((l) => /channel authentication failed/.test(l))).toBe(true);
  });
});

describe('channel authentication off (local development): a safe default', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('listens on 127.0.0.1 only', () => {
    expect((t.app.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it.each([
    'https://attacker.example/collect',
    'http://10.0.0.7:3978',
    'http://127.0.0.1.attacker.example/',
    'http://[::ffff:a00:7]/',
  ])('refuses to post replies to serviceUrl %s (400), even for a claimed identity', async (serviceUrl) => {
    const chat = new Chat(t, { as: 'anna' });
    const { status } = await chat.post({
      ...chat.activity({ type: 'message', text: 'wat zit er in mijn winkelwagen' }),
      channelId: 'emulator',
      serviceUrl,
    });
    expect(status).toBe(400);
  });

  it('still answers a loopback serviceUrl', async () => {
    expect(await new Chat(t).ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
  });

  it('listens where HOST says, with a warning when that exposes an unauthenticated bot', async () => {
    const log = capturedLogger();
    const exposed = await startTestApp({ HOST: '0.0.0.0' }, { logger: log.logger });
    try {
      expect((exposed.app.server.address() as { address: string }).address).toBe('0.0.0.0');
      expect(log.lines.some((l) => /"level":40.*channel authentication is off but HOST exposes the bot/.test(l))).toBe(
        true,
      );
    } finally {
      await exposed.close();
    }
  });
});
