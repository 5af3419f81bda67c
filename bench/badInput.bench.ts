// Bad-input benchmark: a corpus of malformed and hostile requests against the running bot (its own process).
// Counts crashes, 5xx answers, and changes to DATA_DIR caused by refused (4xx) requests: all must be zero.
// Usage: npm run bench:bad-input
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReplySink, startProcess, stopProcess } from './support.js';

interface Case {
  name: string;
  method?: string;
  path?: string;
  contentType?: string;
  headers?: Record<string, string>;
  body?: string | ((sink: string) => string);
}

const anna = { id: '29:anna', name: 'Anna de Vries', aadObjectId: '11111111-1111-4111-8111-111111111111' };
const activity = (sink: string, extra: Record<string, unknown>) =>
  JSON.stringify({ type: 'message', id: 'a1', channelId: 'msteams', serviceUrl: sink, conversation: { id: 'bad-input', conversationType: 'personal' }, from: anna, recipient: { id: 'bot' }, text: 'hoi', ...extra });
const msg = (name: string, extra: Record<string, unknown>): Case => ({ name, body: (sink) => activity(sink, extra) });
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
  msg('text with template syntax', { text: '{{#each this}}{{constructor.constructor "return process.exit()"}}{{/each}}' }),
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
  msg('Teams group chat, mention with no id', { conversation: { id: 'bad-input', conversationType: 'groupChat' }, entities: [{ type: 'mention' }] }),
  msg('aadObjectId not a GUID', { from: { id: 'x', aadObjectId: "' OR 1=1 --" } }),
  msg('locale garbage', { locale: '../../etc' }),
  { name: 'GET on /api/messages', method: 'GET' },
  { name: 'PUT on /api/messages', method: 'PUT', body: '{}' },
  { name: 'bearer token garbage (no app id set: ignored)', headers: { authorization: 'Bearer x.y.z' }, body: (s) => activity(s, { text: 'Hoe vraag ik Office A1 licenties aan?' }) },
  { name: 'unknown route', path: '/api/../../etc/passwd', method: 'GET' },
  { name: 'agent login with no body', path: '/agent/api/login', body: '' },
  { name: 'agent login with objects', path: '/agent/api/login', body: '{"username":{"$gt":""},"password":{"$gt":""}}' },
  { name: 'agent API with forged cookie', path: '/agent/api/handoffs', method: 'GET', headers: { cookie: 'slb_agent=forged' } },
  { name: 'Direct Line without token', path: '/v3/directline/conversations' },
  { name: 'Direct Line activities with bad token', path: '/v3/directline/conversations/x/activities', headers: { authorization: 'Bearer nope' }, body: '{"type":"message"}' },
  { name: 'web chat token with garbage assertion', path: '/api/webchat/token', body: '{"assertion":"a.b.c"}' },
  { name: 'web chat token with array body', path: '/api/webchat/token', body: '[1,2,3]' },
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
const bot = await startProcess('cli/start.ts', { DATA_DIR: dataDir }, /SLB registration assistant: (http:\/\/[\d.:]+)\/api\/messages/);
let crashes = 0;
bot.child.on('exit', () => crashes++);
const rows: string[] = [];
let fiveHundreds = 0;
let refusedChanges = 0;
try {
  // A normal turn first, so the stores exist and later changes are visible.
  await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity(sink.url, { text: 'Hoe vraag ik Office A1 licenties aan?' }) });
  for (const c of CORPUS) {
    const before = snapshot(dataDir);
    const headers: Record<string, string> = { ...(c.contentType === '' ? {} : { 'content-type': c.contentType ?? 'application/json' }), ...c.headers };
    const body = typeof c.body === 'function' ? c.body(sink.url) : c.body;
    const method = c.method ?? 'POST';
    const res = await fetch(`${bot.url}${c.path ?? '/api/messages'}`, { method, headers, body: method === 'GET' ? undefined : body }).catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 20));
    const status = res instanceof Error ? `no answer (${res.message})` : String(res.status);
    if (!(res instanceof Error)) await res.arrayBuffer();
    const refused = !(res instanceof Error) && res.status >= 400 && res.status < 500;
    const changed = refused && snapshot(dataDir) !== before;
    if (!(res instanceof Error) && res.status >= 500) fiveHundreds++;
    if (changed) refusedChanges++;
    rows.push(`| ${c.name} | ${status}${changed ? ' (changed state!)' : ''} |`);
  }
  const alive = await fetch(`${bot.url}/healthz`).then((r) => r.status).catch(() => 0);
  console.log(`| case | status |\n|---|---|\n${rows.join('\n')}`);
  console.log(`\n${CORPUS.length} cases: crashes ${crashes + (alive === 200 ? 0 : 1)}, 5xx ${fiveHundreds}, state changes by refused requests ${refusedChanges}, healthz after ${alive}`);
} finally {
  await stopProcess(bot.child);
  await sink.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
