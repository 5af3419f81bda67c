// Bad-input benchmark: a corpus of malformed and hostile requests against the running bot (its own process).
// Counts crashes, 5xx answers, statuses other than a case expects (a forged token must get a plain 401), and
// changes to DATA_DIR caused by refused (4xx) requests: all must be zero. A second bot runs with channel
// authentication on, for the token cases.
// Usage: npm run bench:bad-input
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReplySink, startProcess, stopProcess } from './support.js';

/** What some cases need from the running bots: the reply sink and an embedded Direct Line conversation. */
interface Context {
  sink: string;
  dlToken: string;
  dlConversation: string;
}

interface Case {
  name: string;
  method?: string;
  path?: string | ((ctx: Context) => string);
  contentType?: string;
  headers?: Record<string, string> | ((ctx: Context) => Record<string, string>);
  body?: string | ((sink: string, ctx: Context) => string);
  /** The bot with channel authentication on (MicrosoftAppId set) instead of the default one. */
  secured?: boolean;
  /** The status the case must get; a different one counts as unexpected. */
  expect?: number;
}

const anna = { id: '29:anna', name: 'Anna de Vries', aadObjectId: '11111111-1111-4111-8111-111111111111' };
const activity = (sink: string, extra: Record<string, unknown>) =>
  JSON.stringify({
    type: 'message',
    id: 'a1',
    channelId: 'msteams',
    serviceUrl: sink,
    conversation: { id: 'bad-input', conversationType: 'personal' },
    from: anna,
    recipient: { id: 'bot' },
    text: 'hoi',
    ...extra,
  });
const msg = (name: string, extra: Record<string, unknown>, expect?: number): Case => ({
  name,
  body: (sink) => activity(sink, extra),
  expect,
});
const APP_ID = '00000000-0000-4000-8000-000000000001';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A request to the bot with channel authentication on, with this Authorization header (undefined: none). */
const forged = (name: string, authorization: string | undefined): Case => ({
  name: `channel auth on: ${name}`,
  secured: true,
  headers: authorization === undefined ? {} : { authorization },
  body: (sink) => activity(sink, { text: 'wat zit er in mijn winkelwagen' }),
  expect: 401,
});
const dl = (
  name: string,
  body: unknown,
  expect: number,
  path = (c: Context) => `/v3/directline/conversations/${c.dlConversation}/activities`,
): Case => ({
  name: `Direct Line: ${name}`,
  path,
  headers: (c) => ({ authorization: `Bearer ${c.dlToken}` }),
  body: typeof body === 'string' ? body : JSON.stringify(body),
  expect,
});
const raw = (name: string, body: string, contentType = 'application/json'): Case => ({ name, body, contentType });

const CORPUS: Case[] = [
  raw('empty body', ''),
  raw('whitespace body', '   '),
  raw('truncated JSON', '{"type": "message", "text": "hoi"'),
  raw('JSON with trailing comma', '{"type": "message",}'),
  raw('JSON null', 'null'),
  raw('JSON number', '42'),
  raw('JSON string', '"message"'),
  raw('JSON array', '[{"type":"message"}]'),
  raw('NUL bytes', '{"type":"message\u0000","text":"\u0000"}'),
  raw('invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1')),
  raw('XML body', '<activity type="message"/>', 'application/xml'),
  raw('form body', 'type=message&text=hoi', 'application/x-www-form-urlencoded'),
  raw('text/plain body', 'hoi', 'text/plain'),
  { name: 'no content type', body: '{"type":"message"}', contentType: '' },
  raw('300 KB body', JSON.stringify({ type: 'message', text: 'x'.repeat(300 * 1024) })),
  raw('deeply nested JSON', '['.repeat(5000) + ']'.repeat(5000)),
  raw('object without type', '{"text":"hoi"}'),
  msg('type is a number', { type: 123 }),
  msg('type is empty', { type: '' }),
  msg('type is an object', { type: { evil: true } }),
  msg('serviceUrl missing', { serviceUrl: undefined }),
  msg('serviceUrl javascript:', { serviceUrl: 'javascript:alert(1)' }),
  msg('serviceUrl file:', { serviceUrl: 'file:///etc/passwd' }),
  msg('serviceUrl not a URL', { serviceUrl: 'nope' }),
  msg('conversation missing', { conversation: undefined }),
  msg('conversation is a string', { conversation: 'bad-input' }),
  msg('conversation id empty', { conversation: { id: '' } }),
  msg('conversation id is an object', { conversation: { id: { $ne: null } } }),
  msg('__proto__ pollution', JSON.parse('{"__proto__": {"polluted": true}, "channelData": {"__proto__": {"x": 1}}}')),
  raw('__proto__ at top level', '{"__proto__":{"type":"message"},"constructor":{"prototype":{"x":1}}}'),
  msg('from missing', { from: undefined }),
  msg('from is null', { from: null }),
  msg('recipient missing', { recipient: undefined }),
  msg('text is an object', { text: { toString: 'x' } }),
  msg('text is a number', { text: 12345 }),
  msg('text 100 KB', { text: 'basispakket '.repeat(8000) }),
  msg('text with template syntax', {
    text: '{{#each this}}{{constructor.constructor "return process.exit()"}}{{/each}}',
  }),
  msg('text with HTML and script', { text: '<script>alert(1)</script><img src=x onerror=alert(1)>' }),
  msg('text with 5000 emoji', { text: '😀'.repeat(5000) }),
  msg('text with control characters', { text: '\u0007\u001b[31mrood\u001b[0m\u202Eomgekeerd' }),
  msg('unknown activity type', { type: 'bogus' }),
  msg('invoke without name', { type: 'invoke' }),
  msg('invoke adaptiveCard/action garbage', { type: 'invoke', name: 'adaptiveCard/action', value: 'x' }),
  msg('event without name', { type: 'event' }),
  msg('conversationUpdate with garbage members', { type: 'conversationUpdate', membersAdded: 'everyone' }),
  msg('messageReaction garbage', { type: 'messageReaction', reactionsAdded: [{ type: null }] }),
  msg('value is a string', { text: undefined, value: 'Bekijk mijn winkelwagen' }),
  msg('value text is an object', { text: undefined, value: { text: { a: 1 } } }),
  msg('attachments garbage', { attachments: [{ contentType: null, content: { deep: [[[[]]]] } }] }),
  msg('entities garbage', { entities: [{ type: 'mention', mentioned: null }] }),
  msg('channelData 200 KB', { channelData: { blob: 'x'.repeat(200 * 1024) } }),
  msg('Teams group chat, mention with no id', {
    conversation: { id: 'bad-input', conversationType: 'groupChat' },
    entities: [{ type: 'mention' }],
  }),
  msg('aadObjectId not a GUID', { from: { id: 'x', aadObjectId: "' OR 1=1 --" } }),
  msg('locale garbage', { locale: '../../etc' }),
  { name: 'GET on /api/messages', method: 'GET' },
  { name: 'PUT on /api/messages', method: 'PUT', body: '{}' },
  {
    name: 'bearer token garbage (no app id set: ignored)',
    headers: { authorization: 'Bearer x.y.z' },
    body: (s) => activity(s, { text: 'Hoe vraag ik Office A1 licenties aan?' }),
  },
  { name: 'unknown route', path: '/api/../../etc/passwd', method: 'GET' },
  { name: 'agent login with no body', path: '/agent/api/login', body: '' },
  { name: 'agent login with objects', path: '/agent/api/login', body: '{"username":{"$gt":""},"password":{"$gt":""}}' },
  {
    name: 'agent API with forged cookie',
    path: '/agent/api/handoffs',
    method: 'GET',
    headers: { cookie: 'slb_agent=forged' },
  },
  { name: 'Direct Line without token', path: '/v3/directline/conversations' },
  {
    name: 'Direct Line activities with bad token',
    path: '/v3/directline/conversations/x/activities',
    headers: { authorization: 'Bearer nope' },
    body: '{"type":"message"}',
  },
  { name: 'web chat token with garbage assertion', path: '/api/webchat/token', body: '{"assertion":"a.b.c"}' },
  { name: 'web chat token with array body', path: '/api/webchat/token', body: '[1,2,3]' },
  // Forged and unverifiable channel tokens: always 401, never 500, never error text.
  forged('no Authorization header', undefined),
  forged('empty bearer', 'Bearer'),
  forged('bearer with spaces only', 'Bearer    '),
  forged('Basic credentials', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'),
  forged('garbage token', 'Bearer x.y.z'),
  forged('lower-case scheme', 'bearer x.y.z'),
  forged(
    'HS256 token signed with a guess',
    `Bearer ${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ aud: APP_ID, iss: 'https://api.botframework.com' })}.c2ln`,
  ),
  forged(
    'RS256 token, signing keys unreachable (unverifiable)',
    `Bearer ${b64({ alg: 'RS256', kid: 'x', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID, exp: 4102444800 })}.c2ln`,
  ),
  forged(
    'unsigned token (alg none)',
    `Bearer ${b64({ alg: 'none' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID })}.`,
  ),
  forged(
    'expired token',
    `Bearer ${b64({ alg: 'RS256', kid: 'x' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID, exp: 1 })}.c2ln`,
  ),
  forged(
    'header that is not JSON',
    `Bearer ${Buffer.from('not json').toString('base64url')}.${b64({ aud: APP_ID })}.c2ln`,
  ),
  forged('10 KB token', `Bearer ${'a'.repeat(10_000)}`),
  forged(
    'token for another app id',
    `Bearer ${b64({ alg: 'RS256', kid: 'x' })}.${b64({ iss: 'https://api.botframework.com', aud: 'someone-else' })}.c2ln`,
  ),
  forged(
    'emulator-issued token shape',
    `Bearer ${b64({ alg: 'RS256', kid: 'x' })}.${b64({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', aud: APP_ID, ver: '1.0', appid: APP_ID })}.c2ln`,
  ),
  // Channel authentication off: replies only to this machine, whoever the activity claims to be.
  msg(
    "auth off: Anna's identity, serviceUrl of an attacker",
    { serviceUrl: 'https://attacker.example/collect', text: 'wat zit er in mijn winkelwagen' },
    400,
  ),
  msg('auth off: serviceUrl in a private network', { serviceUrl: 'http://10.0.0.7:3978' }, 400),
  msg('auth off: serviceUrl that starts like loopback', { serviceUrl: 'http://127.0.0.1.attacker.example/' }, 400),
  msg('auth off: serviceUrl IPv4-mapped IPv6 of another host', { serviceUrl: 'http://[::ffff:a00:7]/' }, 400),
  msg('auth off: serviceUrl with credentials to another host', { serviceUrl: 'http://user:pw@evil.example/' }, 400),
  msg('auth off: serviceUrl 0.0.0.0', { serviceUrl: 'http://0.0.0.0:9/' }, 400),
  // The embedded Direct Line, with a valid token.
  dl('170 KB activity', { type: 'message', text: 'x', channelData: { blob: 'x'.repeat(170 * 1024) } }, 413),
  dl('20 KB text', { type: 'message', text: 'y'.repeat(20 * 1024) }, 413),
  dl('value of 100 KB', { type: 'message', value: { blob: 'z'.repeat(100 * 1024) } }, 413),
  dl(
    'attachments',
    { type: 'message', text: 'hoi', attachments: [{ contentType: 'image/png', contentUrl: 'file:///etc/passwd' }] },
    400,
  ),
  dl('activity without type', { text: 'hoi' }, 400),
  dl('array body', '[{"type":"message"}]', 400),
  dl(
    'activity for another conversation',
    { type: 'message', text: 'hoi' },
    403,
    () => '/v3/directline/conversations/dl-someone-else/activities',
  ),
  dl(
    'text with bidi overrides and zero-width characters',
    { type: 'message', text: 'Factuur \u202Egnirebmun\u202C van\u200B school' },
    200,
  ),
  dl(
    'message with an e-mail address and a phone number',
    { type: 'message', text: 'Mail me op iemand@school.nl of bel 06-12345678' },
    200,
  ),
  {
    name: 'Direct Line: watermark -5',
    method: 'GET',
    path: (c) => `/v3/directline/conversations/${c.dlConversation}/activities?watermark=-5`,
    headers: (c) => ({ authorization: `Bearer ${c.dlToken}` }),
    expect: 200,
  },
  {
    name: 'Direct Line: watermark abc',
    method: 'GET',
    path: (c) => `/v3/directline/conversations/${c.dlConversation}/activities?watermark=abc`,
    headers: (c) => ({ authorization: `Bearer ${c.dlToken}` }),
    expect: 200,
  },
  {
    name: 'Direct Line: watermark 1e309',
    method: 'GET',
    path: (c) => `/v3/directline/conversations/${c.dlConversation}/activities?watermark=1e309`,
    headers: (c) => ({ authorization: `Bearer ${c.dlToken}` }),
    expect: 200,
  },
  { name: 'Direct Line: refresh without token', path: '/v3/directline/tokens/refresh', expect: 403 },
  {
    name: 'Direct Line: upload',
    path: (c) => `/v3/directline/conversations/${c.dlConversation}/upload`,
    headers: (c) => ({ authorization: `Bearer ${c.dlToken}` }),
    body: '{}',
    expect: 404,
  },
  {
    name: 'Direct Line: WebSocket stream',
    method: 'GET',
    path: (c) => `/v3/directline/conversations/${c.dlConversation}/stream`,
    expect: 404,
  },
  { name: 'Direct Line: tokens/generate', path: '/v3/directline/tokens/generate', body: '{}', expect: 404 },
  {
    name: 'Direct Line: made-up token',
    path: '/v3/directline/conversations',
    headers: { authorization: `Bearer ${'A'.repeat(43)}` },
    expect: 401,
  },
  // The agent console without a session, and hostile logins.
  {
    name: 'agent login with a 101-character username',
    path: '/agent/api/login',
    body: JSON.stringify({ username: 'u'.repeat(101), password: 'x' }),
    expect: 400,
  },
  {
    name: 'agent login with a 501-character password',
    path: '/agent/api/login',
    body: JSON.stringify({ username: 'servicedesk', password: 'p'.repeat(501) }),
    expect: 400,
  },
  { name: 'agent login with an array body', path: '/agent/api/login', body: '[]', expect: 400 },
  {
    name: 'agent login for an unknown user',
    path: '/agent/api/login',
    body: JSON.stringify({ username: 'nobody', password: 'whatever-it-is' }),
    expect: 401,
  },
  {
    name: 'agent login with a bidi username',
    path: '/agent/api/login',
    body: JSON.stringify({ username: 'service\u202Edesk', password: 'whatever-it-is' }),
    expect: 401,
  },
  {
    name: 'agent handoff details with a forged cookie',
    path: '/agent/api/handoffs/00000000-0000-4000-8000-000000000000',
    method: 'GET',
    headers: { cookie: 'slb_agent=forged' },
    expect: 401,
  },
  {
    name: 'agent tickets with a forged cookie',
    path: '/agent/api/handoffs/00000000-0000-4000-8000-000000000000/tickets',
    method: 'GET',
    headers: { cookie: 'slb_agent=forged' },
    expect: 401,
  },
  {
    name: 'agent event stream with a forged cookie',
    path: '/agent/api/events',
    method: 'GET',
    headers: { cookie: 'slb_agent=forged' },
    expect: 401,
  },
  {
    name: 'agent message without a session',
    path: '/agent/api/handoffs/x/messages',
    body: '{"text":"hoi"}',
    expect: 401,
  },
  {
    name: 'agent take with a cookie full of semicolons',
    path: '/agent/api/handoffs/x/take',
    headers: { cookie: ';;;slb_agent=;;=;' },
    body: '{}',
    expect: 401,
  },
  // Web Chat tokens with hostile assertions: an anonymous conversation, never an error.
  {
    name: 'web chat token with an unsigned assertion',
    path: '/api/webchat/token',
    body: JSON.stringify({
      assertion: `${b64({ alg: 'none' })}.${b64({ sub: '11111111-1111-4111-8111-111111111111', iss: 'slb-website', aud: 'slb-registration-assistant' })}.`,
    }),
    expect: 200,
  },
  {
    name: 'web chat token with a 100 KB assertion',
    path: '/api/webchat/token',
    body: JSON.stringify({ assertion: 'a'.repeat(100 * 1024) }),
    expect: 200,
  },
  {
    name: 'web chat token with an assertion object',
    path: '/api/webchat/token',
    body: JSON.stringify({ assertion: { sub: 'x' } }),
    expect: 200,
  },
];

function snapshot(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const file = path.join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(name).update(readFileSync(file));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

const sink = new ReplySink();
await sink.start();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-bad-'));
const securedDir = mkdtempSync(path.join(os.tmpdir(), 'slb-bad-secured-'));
const START = /SLB registration assistant: (http:\/\/[\d.:]+)\/api\/messages/;
const bot = await startProcess('cli/start.ts', { DATA_DIR: dataDir }, START);
const secured = await startProcess(
  'cli/start.ts',
  { DATA_DIR: securedDir, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' },
  START,
);
let crashes = 0;
bot.child.on('exit', () => crashes++);
secured.child.on('exit', () => crashes++);
const rows: string[] = [];
let fiveHundreds = 0;
let refusedChanges = 0;
let unexpected = 0;
try {
  // A normal turn first, so the stores exist and later changes are visible.
  await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: activity(sink.url, { text: 'Hoe vraag ik Office A1 licenties aan?' }),
  });
  const token = (await (
    await fetch(`${bot.url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
  ).json()) as { token: string; conversationId: string };
  await fetch(`${bot.url}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.token}` },
  });
  const ctx: Context = { sink: sink.url, dlToken: token.token, dlConversation: token.conversationId };
  for (const c of CORPUS) {
    const target = c.secured ? secured.url : bot.url;
    const dir = c.secured ? securedDir : dataDir;
    const before = snapshot(dir);
    const extra = typeof c.headers === 'function' ? c.headers(ctx) : c.headers;
    const headers: Record<string, string> = {
      ...(c.contentType === '' ? {} : { 'content-type': c.contentType ?? 'application/json' }),
      ...extra,
    };
    const body = typeof c.body === 'function' ? c.body(sink.url, ctx) : c.body;
    const method = c.method ?? 'POST';
    const route = typeof c.path === 'function' ? c.path(ctx) : (c.path ?? '/api/messages');
    const res = await fetch(`${target}${route}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : body,
      signal: AbortSignal.timeout(10_000),
    }).catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 20));
    const status = res instanceof Error ? `no answer (${res.message})` : String(res.status);
    const text = res instanceof Error ? '' : await res.text().catch(() => '');
    const refused = !(res instanceof Error) && res.status >= 400 && res.status < 500;
    const changed = refused && snapshot(dir) !== before;
    const wrong = c.expect !== undefined && (res instanceof Error || res.status !== c.expect);
    if (!(res instanceof Error) && res.status >= 500) fiveHundreds++;
    if (changed) refusedChanges++;
    if (wrong) unexpected++;
    // A 401 says no more than that: no error text of the authentication library.
    const leaky = c.expect === 401 && c.secured && text !== '{"error":"unauthorized"}';
    if (leaky) unexpected++;
    rows.push(
      `| ${c.name} | ${status}${c.expect !== undefined ? ` (expected ${c.expect})` : ''}${changed ? ' (changed state!)' : ''}${wrong ? ' UNEXPECTED' : ''}${leaky ? ` LEAKS ${text.slice(0, 60)}` : ''} |`,
    );
  }
  const alive = await fetch(`${bot.url}/healthz`)
    .then((r) => r.status)
    .catch(() => 0);
  const securedAlive = await fetch(`${secured.url}/healthz`)
    .then((r) => r.status)
    .catch(() => 0);
  console.log(`| case | status |\n|---|---|\n${rows.join('\n')}`);
  console.log(
    `\n${CORPUS.length} cases: crashes ${crashes + (alive === 200 ? 0 : 1) + (securedAlive === 200 ? 0 : 1)}, 5xx ${fiveHundreds}, unexpected statuses ${unexpected}, state changes by refused requests ${refusedChanges}, healthz after ${alive}/${securedAlive}`,
  );
} finally {
  await Promise.all([stopProcess(bot.child), stopProcess(secured.child)]);
  await sink.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(securedDir, { recursive: true, force: true });
}
