// Fault benchmark: SIGKILL the bot (its own process) 20 times while conversations file tickets, restart it on
// the same DATA_DIR each time, and count confirmed tickets that are gone, store files that do not parse, and
// conversations whose acknowledged progress was lost.
// Usage: npm run bench:faults [-- --kills 20]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_IDENTITIES } from '../adapters/portal/demoData.js';
import { ReplySink, startProcess, stopProcess } from './support.js';

const { values } = parseArgs({
  options: { kills: { type: 'string', default: '20' }, workers: { type: 'string', default: '12' } },
});
const KILLS = Number(values.kills);
const WORKERS = Number(values.workers);
const REFERENCE = /SD-\d{4}-\d{6}/;
const people = Object.values(DEMO_IDENTITIES);

/** The servicedesk request form, as (what the user says, what the bot must answer) pairs. */
const FORM: Array<[string, RegExp]> = [
  ['Servicedesk', /Wat is je vraag\?/],
  ['Graag een kopie van de factuur voor onze administratie', /Klopt dit\?/],
  ['Ja, indienen', REFERENCE],
];

interface Worker {
  conversation: string;
  who: (typeof people)[number];
  /** Index in FORM of the next message; only advanced when the bot acknowledged the previous one. */
  step: number;
  round: number;
  /** The last turn got no answer (killed mid-turn): whether it took effect is unknown. */
  uncertain: boolean;
}

const sink = new ReplySink(true);
await sink.start();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-faults-'));
const confirmed = new Set<string>();
let lostState = 0;
let acknowledgedTurns = 0;
let checkedAfterRestart = 0;

async function say(url: string, w: Worker, text: string): Promise<{ ok: boolean; reply: string }> {
  sink.lastText.delete(w.conversation);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `${w.conversation}-${w.step}-${Date.now()}`,
      text,
      channelId: 'msteams',
      serviceUrl: sink.url,
      conversation: { id: w.conversation, conversationType: 'personal' },
      from: { id: `29:${w.who.aadObjectId}`, aadObjectId: w.who.aadObjectId, name: w.who.name },
      recipient: { id: 'bot' },
    }),
  }).catch(() => undefined);
  if (res) await res.arrayBuffer().catch(() => undefined);
  return { ok: res?.status === 200, reply: sink.lastText.get(w.conversation) ?? '' };
}

const workers: Worker[] = Array.from({ length: WORKERS }, (_, i) => ({
  conversation: `fault-${i}-0`,
  who: people[i % people.length],
  step: 0,
  round: 0,
  uncertain: false,
}));
/** After a restart the first answer tells whether the acknowledged progress survived. */
const verifyAfterRestart = new Set<Worker>();

for (let kill = 0; kill <= KILLS; kill++) {
  const bot = await startProcess(
    'cli/start.ts',
    { DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0', LIMIT_TICKETS_PER_VISITOR_PER_HOUR: '1000000' },
    /SLB registration assistant: (http:\/\/[\d.:]+\/api\/messages)/,
  );
  let alive = true;
  const killer =
    kill < KILLS
      ? setTimeout(() => void stopProcess(bot.child, 'SIGKILL').then(() => (alive = false)), 300 + Math.random() * 900)
      : undefined;
  const until = Date.now() + (kill < KILLS ? 60_000 : 3_000);
  await Promise.all(
    workers.map(async (w) => {
      while (alive && Date.now() < until && bot.child.exitCode === null) {
        const [text, expected] = FORM[w.step];
        const { ok, reply } = await say(bot.url, w, text);
        if (!ok) {
          // Killed mid-turn: whether it took effect is unknown, so it is not checked after the restart.
          w.uncertain = true;
          return;
        }
        w.uncertain = false;
        // Half the people pause between answers, as people do: a kill then finds them mid-form with nothing in flight.
        if (workers.indexOf(w) % 2 === 1) await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
        acknowledgedTurns++;
        const fine = expected.test(reply);
        if (verifyAfterRestart.delete(w)) {
          checkedAfterRestart++;
          if (!fine) lostState++;
        }
        if (!fine) {
          // Out of step (after an unacknowledged turn): start a fresh conversation.
          w.round++;
          w.conversation = `fault-${workers.indexOf(w)}-${w.round}`;
          w.step = 0;
          continue;
        }
        if (w.step === FORM.length - 1) {
          confirmed.add(REFERENCE.exec(reply)![0]);
          w.step = 0;
        } else {
          w.step++;
        }
      }
    }),
  );
  clearTimeout(killer);
  if (kill < KILLS) {
    await stopProcess(bot.child, 'SIGKILL');
    for (const w of workers) if (w.step > 0 && !w.uncertain) verifyAfterRestart.add(w);
  } else {
    await stopProcess(bot.child);
  }
}

let corrupt = 0;
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)],
  );
let tornJournalLines = 0;
for (const file of walk(dataDir)) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch {
      corrupt++;
    }
  } else if (file.endsWith('.jsonl')) {
    // A journal may end in one line torn by the kill (never acknowledged, skipped on load); any other bad line is corruption.
    const lines = text.split('\n').filter(Boolean);
    const bad = lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    tornJournalLines += bad.length;
    if (bad.length > 1 || (bad.length === 1 && bad[0] !== lines.at(-1))) corrupt++;
  }
}
const stored = new Set(
  (
    JSON.parse(readFileSync(path.join(dataDir, 'tickets.json'), 'utf8')) as { tickets: Array<{ reference: string }> }
  ).tickets.map((t) => t.reference),
);
const lost = [...confirmed].filter((r) => !stored.has(r));
console.log(`${KILLS} kills, ${acknowledgedTurns} acknowledged turns, ${confirmed.size} confirmed tickets`);
console.log(`lost confirmed tickets: ${lost.length}${lost.length ? ` (${lost.join(', ')})` : ''}`);
console.log(
  `corrupt store files: ${corrupt} (journal lines torn by a kill, never acknowledged, skipped on load: ${tornJournalLines})`,
);
console.log(
  `conversations whose acknowledged progress was lost: ${lostState} (of ${checkedAfterRestart} checked mid-form after a restart)`,
);
await sink.stop();
rmSync(dataDir, { recursive: true, force: true });
