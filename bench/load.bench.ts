// Load benchmark: simulated conversations through /api/messages on loopback, replies captured at a local
// serviceUrl, beside a plain botbuilder + restify echo bot measured in the same run (the framework's floor).
// Usage: npm run bench:load [-- --seconds 20 --rounds 5 --only closed|open --conversations 200 --gap-ms 2000
//   --store lowdb|azure --warm-up 10000]
// --store azure runs our bot with STORE=azure on Azurite (blob and table, started here on free ports).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadEvalSet } from '../knowledge/evaluation.js';
import { DEMO_IDENTITIES } from '../adapters/portal/demoData.js';
import { Azurite } from '../cli/azurite.js';
import { ReplySink, cpuSeconds, median, quantile, rssMb, startProcess, stopProcess } from './support.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    conversations: { type: 'string', default: '200' },
    only: { type: 'string' },
    store: { type: 'string', default: 'lowdb' },
    /**
     * Turns each bot serves alone in the closed loop before the rounds. Ours needs thousands before its turn costs
     * what it costs for the rest of the process's life (measured: 3.3 ms CPU a turn over its first 5,000 turns, about
     * 2 ms after: the JIT on a larger code base, per-word caches); the old warm-up, 20 s for both bots at once, left
     * ours about 4,000 and its first round the lowest in most runs.
     */
    'warm-up': { type: 'string', default: '10000' },
    /** Open loop: each conversation's mean gap between messages, in ms. */
    'gap-ms': { type: 'string', default: '2000' },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONVERSATIONS = Number(values.conversations);
const WARM_UP_TURNS = Number(values['warm-up']);

const faq = Object.values(loadEvalSet('test/fixtures/dev-set.yaml').paraphrases).flat();
const people = Object.values(DEMO_IDENTITIES);

/** What one simulated contact person says, turn after turn: FAQ questions mixed with the cart dialog. */
function script(i: number): string[] {
  return [
    faq[i % faq.length],
    'wat zit er in mijn winkelwagen',
    'nee',
    faq[(i * 7) % faq.length],
    'is mijn bestelling afgerond?',
    'Nee, dank je',
    faq[(i * 13) % faq.length],
  ];
}

interface Result {
  turns: number;
  lost: number;
  latencies: number[];
  seconds: number;
}

async function post(
  url: string,
  sink: ReplySink,
  conversation: string,
  who: (typeof people)[number],
  text: string,
  seq: number,
): Promise<boolean> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `${conversation}-${seq}`,
      text,
      channelId: 'msteams',
      serviceUrl: sink.url,
      locale: 'nl-NL',
      conversation: { id: conversation, conversationType: 'personal' },
      from: { id: `29:${who.aadObjectId}`, name: who.name, aadObjectId: who.aadObjectId },
      recipient: { id: 'bot' },
    }),
  }).catch(() => undefined);
  if (!res) return false;
  await res.arrayBuffer();
  return res.status === 200;
}

/**
 * Closed loop: `workers` conversations, each sending its next message as soon as the last was answered, for
 * `seconds` or until `maxTurns` were sent.
 */
async function closedLoop(
  url: string,
  sink: ReplySink,
  workers: number,
  seconds: number,
  maxTurns = Infinity,
): Promise<Result> {
  const latencies: number[] = [];
  let lost = 0;
  let sent = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  const run = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const lines = script(w);
      for (let seq = 0; performance.now() < end && sent++ < maxTurns; seq++) {
        const t0 = performance.now();
        // A new conversation each time the script starts over, as a new visitor would.
        const ok = await post(
          url,
          sink,
          `closed-${run}-${w}-${Math.floor(seq / lines.length)}`,
          people[w % people.length],
          lines[seq % lines.length],
          seq,
        );
        latencies.push(performance.now() - t0);
        if (!ok) lost++;
      }
    }),
  );
  return { turns: latencies.length, lost, latencies, seconds: (performance.now() - started) / 1000 };
}

/** Open loop: each conversation sends a message every `meanGapMs` on average (exponential gaps), answered or not. */
async function openLoop(
  url: string,
  sink: ReplySink,
  conversations: number,
  meanGapMs: number,
  seconds: number,
): Promise<Result> {
  const latencies: number[] = [];
  let lost = 0;
  const pending: Promise<void>[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      const lines = script(c);
      const conversation = `open-${c}-${Date.now()}`;
      for (let seq = 0; ; seq++) {
        await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * meanGapMs));
        if (performance.now() > end) break;
        const t0 = performance.now();
        pending.push(
          post(url, sink, conversation, people[c % people.length], lines[seq % lines.length], seq).then((ok) => {
            latencies.push(performance.now() - t0);
            if (!ok) lost++;
          }),
        );
      }
    }),
  );
  await Promise.all(pending);
  // Arrivals were generated for exactly `seconds`; the tail only waits for the last answers.
  return { turns: latencies.length, lost, latencies, seconds };
}

const fmt = (r: Result) => {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return {
    throughput: r.turns / r.seconds,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    lost: r.lost,
    turns: r.turns,
  };
};

const sink = new ReplySink();
await sink.start();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-load-'));
const azurite = values.store === 'azure' ? new Azurite(['blob', 'table']) : undefined;
const storeEnv: Record<string, string> = azurite
  ? { STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: await azurite.start() }
  : { STATE_STORE: process.env.STATE_STORE ?? 'lowdb' };
console.log(`our bot: STORE=${values.store}`);
const bot = await startProcess(
  'cli/start.ts',
  { DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0', ...storeEnv },
  /SLB registration assistant: (http:\/\/[\d.:]+\/api\/messages)/,
);
const echo = await startProcess('bench/echoBot.ts', {}, /echo bot: (http:\/\/[\d.:]+\/api\/messages)/);

try {
  // Each bot alone, so that each gets the same number of warm-up turns whatever the machine is doing.
  for (const target of [bot, echo]) await closedLoop(target.url, sink, 50, 600, WARM_UP_TURNS);

  /** One closed-loop phase against one bot: its result, the replies it posted and the CPU its process used. */
  const phase = async (target: typeof bot) => {
    const before = sink.replies;
    const cpuBefore = cpuSeconds(target.child.pid!);
    const result = await closedLoop(target.url, sink, 50, SECONDS / 4);
    return { result, replies: sink.replies - before, cpu: cpuSeconds(target.child.pid!) - cpuBefore };
  };
  /** Two phases of one bot as one measurement. */
  const combined = (a: Awaited<ReturnType<typeof phase>>, b: Awaited<ReturnType<typeof phase>>) => {
    const turns = a.result.turns + b.result.turns;
    const merged = fmt({
      turns,
      lost: a.result.lost + b.result.lost,
      latencies: [...a.result.latencies, ...b.result.latencies],
      seconds: a.result.seconds + b.result.seconds,
    });
    return {
      ...merged,
      repliesPerTurn: (a.replies + b.replies) / turns,
      cpuMsPerTurn: ((a.cpu + b.cpu) * 1000) / turns,
    };
  };
  const closed: Array<{ ours: ReturnType<typeof combined>; echo: ReturnType<typeof combined> }> = [];
  for (let round = 0; round < (values.only === 'open' ? 0 : ROUNDS); round++) {
    // Each round runs ours, echo, echo, ours (ABBA): on this shared machine whoever runs second in a pair tends to
    // be slower, and the symmetric order cancels that and any drift instead of favouring either bot.
    const ours1 = await phase(bot);
    const echo1 = await phase(echo);
    const echo2 = await phase(echo);
    const ours2 = await phase(bot);
    const ours = combined(ours1, ours2);
    const floor = combined(echo1, echo2);
    closed.push({ ours, echo: floor });
    console.log(
      `closed loop round ${round + 1}: ours ${ours.throughput.toFixed(0)} turns/s (p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms) | echo ${floor.throughput.toFixed(0)} turns/s (p50 ${floor.p50.toFixed(1)} ms, p99 ${floor.p99.toFixed(1)} ms) | ratio ${(ours.throughput / floor.throughput).toFixed(2)} | CPU ms per turn ${ours.cpuMsPerTurn.toFixed(2)} vs ${floor.cpuMsPerTurn.toFixed(2)} | replies per turn ${ours.repliesPerTurn.toFixed(2)} vs ${floor.repliesPerTurn.toFixed(2)}`,
    );
  }
  const open: Array<ReturnType<typeof fmt>> = [];
  const rss: number[] = [];
  for (let round = 0; round < (values.only === 'closed' ? 0 : ROUNDS); round++) {
    const before = sink.replies;
    const r = fmt(await openLoop(bot.url, sink, CONVERSATIONS, Number(values['gap-ms']), SECONDS));
    open.push(r);
    // Right after the round: every conversation's state is still cached, its embedded structures alive.
    rss.push(rssMb(bot.child.pid!));
    console.log(
      `open loop round ${round + 1}: ${CONVERSATIONS} conversations, a message every ${Number(values['gap-ms']) / 1000} s each: ${r.turns} turns, ${r.throughput.toFixed(0)} turns/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, lost ${r.lost}, replies ${sink.replies - before}, bot RSS ${rss.at(-1)!.toFixed(0)} MB`,
    );
  }

  console.log('\n| loop | measure | ours (median of rounds) | echo bot (same run) |');
  console.log('|---|---|---|---|');
  const m = (xs: number[]) => median(xs);
  if (closed.length) {
    console.log(
      `| closed, 50 conversations | turns/s | ${m(closed.map((c) => c.ours.throughput)).toFixed(0)} | ${m(closed.map((c) => c.echo.throughput)).toFixed(0)} |`,
    );
    console.log(
      `| closed | ratio ours/echo | ${m(closed.map((c) => c.ours.throughput / c.echo.throughput)).toFixed(2)} | 1 |`,
    );
    console.log(
      `| closed | CPU ms per turn (bot process) | ${m(closed.map((c) => c.ours.cpuMsPerTurn)).toFixed(2)} | ${m(closed.map((c) => c.echo.cpuMsPerTurn)).toFixed(2)} |`,
    );
    console.log(
      `| closed | p50 / p99 ms | ${m(closed.map((c) => c.ours.p50)).toFixed(1)} / ${m(closed.map((c) => c.ours.p99)).toFixed(1)} | ${m(closed.map((c) => c.echo.p50)).toFixed(1)} / ${m(closed.map((c) => c.echo.p99)).toFixed(1)} |`,
    );
  }
  if (open.length) {
    console.log(
      `| open, ${CONVERSATIONS} conversations, 1 msg / ${Number(values['gap-ms']) / 1000} s each | turns/s | ${m(open.map((o) => o.throughput)).toFixed(0)} | |`,
    );
    console.log(
      `| open | p50 / p99 ms | ${m(open.map((o) => o.p50)).toFixed(1)} / ${m(open.map((o) => o.p99)).toFixed(1)} | |`,
    );
    console.log(`| open | lost turns (all rounds) | ${open.reduce((n, o) => n + o.lost, 0)} | |`);
  }
  if (rss.length) console.log(`| open | bot RSS after the round, MB (max) | ${Math.max(...rss).toFixed(0)} | |`);
} finally {
  await Promise.all([stopProcess(bot.child), stopProcess(echo.child)]);
  await sink.stop();
  await azurite?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
