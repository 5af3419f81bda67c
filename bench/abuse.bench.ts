// Abuse benchmark: hostile traffic without a login against the running bot (its own process, default limits),
// while a normal visitor keeps asking a question. Every client is on loopback; several 127.0.0.x source addresses
// stand in for different machines (Linux routes all of 127/8 to this one). Every loop is bounded.
// Usage: npm run bench:abuse [-- --seconds 20]
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AgentAccounts } from '../adapters/agents/agentAccounts.js';
import { LowdbAgentSessionStore } from '../adapters/agents/lowdbAgentSessionStore.js';
import { LowdbAgentStore } from '../adapters/agents/lowdbAgentStore.js';
import { median, startProcess, stopProcess } from './support.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' } } });
const FLOOD_SECONDS = Number(values.seconds);
const AGENT_PASSWORD = 'the-real-agents-password-2026';
const QUESTION = 'Hoe vraag ik Office A1 licenties aan?';

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One HTTP request from a given local address (keep-alive off: each request is a fresh connection, like a flood). */
function request(
  from: string,
  url: string,
  method: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method, localAddress: from, agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', () => resolve({ status: 0, body: '', headers: {} }));
      },
    );
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '', headers: {} }));
    req.end(body);
  });
}

/** A Web Chat visitor on the embedded Direct Line, from one address. */
class Visitor {
  token = '';
  conversationId = '';
  private watermark = 0;
  constructor(
    private readonly base: string,
    readonly from: string,
  ) {}

  async open(): Promise<number> {
    const res = await request(this.from, `${this.base}/api/webchat/token`, 'POST', '{}');
    if (res.status !== 200) return res.status;
    this.token = (JSON.parse(res.body) as { token: string }).token;
    const started = await request(this.from, `${this.base}/v3/directline/conversations`, 'POST', undefined, {
      authorization: `Bearer ${this.token}`,
    });
    this.conversationId = (JSON.parse(started.body) as { conversationId: string }).conversationId;
    await this.read();
    return started.status;
  }

  post(activity: object): Promise<Answer> {
    return request(
      this.from,
      `${this.base}/v3/directline/conversations/${this.conversationId}/activities`,
      'POST',
      JSON.stringify(activity),
      { authorization: `Bearer ${this.token}` },
    );
  }

  /** The bot's texts since the last read. */
  async read(): Promise<string> {
    const res = await request(
      this.from,
      `${this.base}/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`,
      'GET',
      undefined,
      { authorization: `Bearer ${this.token}` },
    );
    if (res.status !== 200) return '';
    const body = JSON.parse(res.body) as {
      activities: Array<{ text?: string; from: { role?: string } }>;
      watermark: string;
    };
    this.watermark = Number(body.watermark);
    return body.activities
      .filter((a) => a.from.role === 'bot')
      .map((a) => a.text ?? '')
      .join('\n');
  }

  /** Sends a message and resolves with the bot's answer and how long until it was there (ms). */
  async ask(text: string): Promise<{ ms: number; answer: string; status: number }> {
    const started = performance.now();
    const res = await this.post({ type: 'message', text });
    const answer = await this.read();
    return { ms: performance.now() - started, answer, status: res.status };
  }
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const count = (statuses: number[]) =>
  Object.entries(statuses.reduce<Record<number, number>>((acc, s) => ((acc[s] = (acc[s] ?? 0) + 1), acc), {}))
    .map(([s, n]) => `${s}: ${fmt(n)}`)
    .join(', ');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-abuse-'));
// The real agent's account exists before the bot starts (as after its first start).
await new AgentAccounts(new LowdbAgentStore(dataDir), new LowdbAgentSessionStore(dataDir)).setPassword(
  'servicedesk',
  AGENT_PASSWORD,
);
const bot = await startProcess(
  'cli/start.ts',
  { DATA_DIR: dataDir, SERVICEDESK_HOURS: 'altijd' },
  /SLB registration assistant: (http:\/\/[\d.:]+)\/api\/messages/,
);
let exited = false;
bot.child.once('exit', () => (exited = true));
const pid = bot.child.pid!;
const base = bot.url;
const rows: Array<[string, string, string, string]> = [];
const verdicts: string[] = [];

try {
  // ---- Idle: the normal visitor's question, and memory, before any attack.
  const normal = new Visitor(base, '127.0.0.2');
  await normal.open();
  for (let i = 0; i < 3; i++) await normal.ask(QUESTION); // warm-up
  const idle: number[] = [];
  for (let i = 0; i < 5; i++) idle.push((await normal.ask(QUESTION)).ms);
  const rssStart = rssMb(pid);
  console.log(`idle: normal question p50 ${fmt(median(idle), 1)} ms, RSS ${fmt(rssStart)} MB`);

  // ---- 1. Direct Line flood: 4 anonymous clients (own addresses) post 170 KB activities and open conversations.
  {
    const big = {
      type: 'message',
      text: 'x',
      channelData: { blob: 'x'.repeat(170 * 1024) },
      value: { blob: 'y'.repeat(1024) },
    };
    const statuses: number[] = [];
    const opens: number[] = [];
    let rssMax = rssStart;
    const deadline = Date.now() + FLOOD_SECONDS * 1000;
    const attacker = async (from: string) => {
      const visitors: Visitor[] = [];
      while (Date.now() < deadline) {
        // Every tenth round a new conversation (refused past the per-address limit), the rest 170 KB activities,
        // and small messages as fast as possible (refused past the rate limit, stored nowhere).
        if (visitors.length === 0 || statuses.length % 10 === 0) {
          const v = new Visitor(base, from);
          const status = await v.open();
          opens.push(status);
          if (status === 201) visitors.push(v);
        }
        const v = visitors[statuses.length % visitors.length];
        statuses.push((await v.post(big)).status);
        statuses.push((await v.post({ type: 'message', text: `flood ${statuses.length}` })).status);
      }
    };
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, exited ? 0 : rssMb(pid))), 250);
    const during: number[] = [];
    const probe = (async () => {
      while (Date.now() < deadline - 1000) {
        during.push((await normal.ask(QUESTION)).ms);
        // Every 2 s: a person's pace, well inside the per-conversation rate limit.
        await new Promise((r) => setTimeout(r, 2000));
      }
    })();
    await Promise.all([...['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14'].map(attacker), probe]);
    clearInterval(sampler);
    const after = await normal.ask(QUESTION);
    const growth = rssMax - rssStart;
    rows.push([
      `Direct Line flood: 4 clients, ${FLOOD_SECONDS} s, 170 KB activities + small ones + new conversations`,
      `${fmt(statuses.length)} activities (${count(statuses)}); ${fmt(opens.length)} conversation starts (${count(opens)})`,
      `RSS ${fmt(rssStart)} -> max ${fmt(rssMax)} MB (growth ${fmt(growth)} MB); normal question p50 ${fmt(median(during), 1)} ms, max ${fmt(Math.max(...during), 1)} ms; after: ${fmt(after.ms, 1)} ms, answered: ${/Services kopen/.test(after.answer)}`,
      'RSS 279 MB -> 4.2 GB in 76 s, heap out of memory, process gone',
    ]);
    verdicts.push(
      `DL flood: bot up ${!exited}, RSS growth ${fmt(growth)} MB < 300: ${growth < 300}, normal question max ${fmt(Math.max(...during, after.ms))} ms < 3000: ${Math.max(...during, after.ms) < 3000}`,
    );
  }

  // ---- 2. 100 concurrent wrong logins from one address; a normal turn meanwhile; then the real agent from elsewhere.
  {
    const login = (from: string, password: string) =>
      request(from, `${base}/agent/api/login`, 'POST', JSON.stringify({ username: 'servicedesk', password }));
    const guesses = Promise.all(
      Array.from({ length: 100 }, (_, i) => login('127.0.0.31', `guess-${i}`).then((r) => r.status)),
    );
    const turn = await normal.ask(QUESTION);
    const statuses = await guesses;
    const started = performance.now();
    const real = await login('127.0.0.32', AGENT_PASSWORD);
    const realMs = performance.now() - started;
    rows.push([
      '100 concurrent wrong logins for `servicedesk` from one address',
      count(statuses),
      `normal question during: ${fmt(turn.ms, 1)} ms; real agent from another address right after: ${real.status} in ${fmt(realMs)} ms`,
      'normal turn 22 s (idle 9-29 ms); all 400 guesses hashed; real agent 429 for minutes',
    ]);
    verdicts.push(
      `login flood: normal turn ${fmt(turn.ms)} ms < 2000: ${turn.ms < 2000}, real agent logs in: ${real.status === 200}`,
    );
  }

  // ---- 3. Ticket flood: one anonymous address files a servicedesk request in a new conversation each time.
  {
    const replies: string[] = [];
    const opens: number[] = [];
    for (let i = 0; i < 28; i++) {
      const v = new Visitor(base, '127.0.0.41');
      const status = await v.open();
      opens.push(status);
      if (status !== 201) continue;
      for (const text of ['Servicedesk', `Verzoek nummer ${i}`, 'flood@example.org']) await v.ask(text);
      replies.push((await v.ask('Ja, indienen')).answer);
    }
    const tickets = (JSON.parse(readFileSync(path.join(dataDir, 'tickets.json'), 'utf8')) as { tickets: unknown[] })
      .tickets.length;
    const limited = replies.filter((r) => /Je hebt het afgelopen uur al veel verzoeken/.test(r)).length;
    rows.push([
      'ticket flood: 28 new anonymous conversations from one address, each files a request',
      `conversations ${count(opens)}`,
      `${tickets} tickets stored (limit 20 per address per hour; mails: one per ticket); ${limited} got the Dutch limit message`,
      '2,866 tickets per minute; with SMTP hundreds of mails',
    ]);
    verdicts.push(`ticket flood: tickets ${tickets} <= 20: ${tickets <= 20}`);
  }

  // ---- 4. Queue flood: 126 anonymous visitors ask for a human, 3 per address from 42 addresses, then keep typing.
  {
    const queued: Visitor[] = [];
    const replies: string[] = [];
    for (let a = 0; a < 42; a++) {
      for (let i = 0; i < 4; i++) {
        const v = new Visitor(base, `127.0.1.${a + 1}`);
        if ((await v.open()) !== 201) continue;
        const { answer } = await v.ask('Kan ik een medewerker spreken?');
        replies.push(answer);
        if (/wachtrij op positie/.test(answer)) queued.push(v);
      }
    }
    const refused = replies.filter((r) =>
      /Vanaf jouw verbinding staan al meerdere gesprekken in de wachtrij/.test(r),
    ).length;
    const lines: number[] = [];
    for (let round = 0; round < 3; round++)
      for (const v of queued) lines.push((await v.ask(`Ik wacht nog steeds (${round}) ${'bla '.repeat(200)}`)).ms);
    const agent = await request(
      '127.0.0.32',
      `${base}/agent/api/login`,
      'POST',
      JSON.stringify({ username: 'servicedesk', password: AGENT_PASSWORD }),
    );
    const cookie = String(agent.headers['set-cookie']?.[0] ?? '').split(';')[0];
    const list = await request('127.0.0.32', `${base}/agent/api/handoffs`, 'GET', undefined, { cookie });
    const turn = await normal.ask(QUESTION);
    const handoffsJson = readFileSync(path.join(dataDir, 'handoffs.json')).length;
    rows.push([
      'queue flood: 168 visitors from 42 addresses ask for a human, then each queued one types 3 long messages',
      `${queued.length} queued, ${refused} refused (limit 3 waiting per address)`,
      `queued message p50 ${fmt(median(lines), 1)} ms, max ${fmt(Math.max(...lines), 1)} ms; handoffs.json ${fmt(handoffsJson / 1024)} KB (summaries); console list ${list.status}, ${fmt(list.body.length / 1024)} KB; normal question ${fmt(turn.ms, 1)} ms`,
      'handoffs.json 7.2 MB rewritten per queued message: 71-113 ms each; list call 7 MB; normal turn up to 2.4 s',
    ]);
    verdicts.push(`queue flood: waiting per address capped at 3: ${queued.length <= 42 * 3}`);
  }

  const alive = await request('127.0.0.2', `${base}/healthz`, 'GET').then((r) => r.status);
  console.log(`\n| attack | requests | ours | baseline: main before this change (issue 15) |\n|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nbot process alive: ${!exited && alive === 200}`);
  for (const v of verdicts) console.log(`- ${v}`);
} finally {
  await stopProcess(bot.child);
  rmSync(dataDir, { recursive: true, force: true });
}
