// State store cost per turn: what a turn does to its store (read the conversation's item, change it, write it
// back with its eTag), in one process, for botbuilder's MemoryStorage (the floor: no disk), our LowdbStorage
// (journal + snapshots), and the design it replaced (each write rewrites its lowdb shard file), side by side.
// Usage: npm run bench:storage [-- --seconds 3 --rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import { LowdbStorage } from '../adapters/storage/lowdbStorage.js';
import { JsonFileStore } from '../adapters/lowdbFile.js';
import type { KeyValueStorage, StoreItems } from '../adapters/storage/keyValueStorage.js';
import { median } from './support.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' } },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONVERSATIONS = 2000;

/** The previous design, kept here as the baseline: 256 lowdb files, a write rewrites its whole file. */
class ShardRewriteStorage implements KeyValueStorage {
  private readonly shards: JsonFileStore<StoreItems>[];
  constructor(dir: string) {
    this.shards = Array.from(
      { length: 256 },
      (_, i) => new JsonFileStore<StoreItems>(path.join(dir, `${i}.json`), {}, { compact: true }),
    );
  }
  private shard(key: string) {
    return this.shards[createHash('md5').update(key).digest()[0]];
  }
  async read(keys: string[]) {
    const items: StoreItems = {};
    for (const key of keys) {
      const data = await this.shard(key).read();
      if (data[key]) items[key] = structuredClone(data[key]);
    }
    return items;
  }
  async write(changes: StoreItems) {
    await Promise.all(
      Object.entries(changes).map(([key, item]) =>
        this.shard(key).update((data) => void (data[key] = { ...structuredClone(item), eTag: randomUUID() })),
      ),
    );
  }
  async delete() {}
}

/** A conversation's state as the bot keeps it: dialog stack plus the last 20 lines (about 2.7 KB of JSON). */
function stateOf(turn: number) {
  return {
    dialogState: { dialogStack: [{ id: 'cart_status', state: { stepIndex: turn % 2, values: {} } }] },
    conversationData: {
      owner: '11111111-1111-4111-8111-111111111111',
      lastActivity: new Date().toISOString(),
      recent: Array.from({ length: 20 }, (_, i) => ({
        from: i % 2 ? 'bot' : 'user',
        text: 'Waarom zie ik mijn basispakketten niet in de winkelwagen? '.repeat(2),
        at: new Date().toISOString(),
      })),
    },
  };
}

/** `workers` conversations in parallel, each doing read -> change -> write as fast as its store allows. */
async function run(
  storage: KeyValueStorage,
  workers: number,
): Promise<{ turnsPerSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let turn = 0; performance.now() < end; turn++) {
        const key = `msteams/conversations/c-${(w * 7919 + turn) % CONVERSATIONS}/`;
        const t0 = performance.now();
        const current = (await storage.read([key]))[key];
        await storage.write({ [key]: { ...stateOf(turn), eTag: current?.eTag ?? '*' } });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const sorted = latencies.sort((a, b) => a - b);
  return {
    turnsPerSecond: latencies.length / ((performance.now() - started) / 1000),
    p50: sorted[Math.floor(sorted.length / 2)],
    p99: sorted[Math.floor(sorted.length * 0.99)],
  };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'slb-storage-bench-'));
const stores: Array<[string, KeyValueStorage]> = [
  ['MemoryStorage (botbuilder, no disk)', new MemoryStorage()],
  ['LowdbStorage (journal + snapshots)', new LowdbStorage(dir, 'journal')],
  ['lowdb shard rewrite (previous design)', new ShardRewriteStorage(path.join(dir, 'rewrite'))],
];
try {
  // Fill every store with the same conversations first, so files have the size they have in production.
  for (const [, storage] of stores)
    for (let c = 0; c < CONVERSATIONS; c += 100)
      await storage.write(
        Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`msteams/conversations/c-${c + i}/`, stateOf(0)])),
      );
  console.log(
    `${CONVERSATIONS} stored conversations of ~2.7 KB; a turn = read + write with eTag; ${ROUNDS} rounds of ${SECONDS} s, stores in turn each round\n`,
  );
  const results = new Map<string, Array<Record<number, Awaited<ReturnType<typeof run>>>>>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, storage] of stores) {
      const byWorkers: Record<number, Awaited<ReturnType<typeof run>>> = {};
      for (const workers of [1, 50]) byWorkers[workers] = await run(storage, workers);
      results.set(name, [...(results.get(name) ?? []), byWorkers]);
    }
  }
  console.log('| store | 1 conversation: turns/s | µs per turn (p50) | 50 in parallel: turns/s | p50 / p99 ms |');
  console.log('|---|---|---|---|---|');
  for (const [name, rounds] of results) {
    const m = (f: (r: Record<number, Awaited<ReturnType<typeof run>>>) => number) => median(rounds.map(f));
    console.log(
      `| ${name} | ${m((r) => r[1].turnsPerSecond).toFixed(0)} | ${(m((r) => r[1].p50) * 1000).toFixed(0)} | ${m((r) => r[50].turnsPerSecond).toFixed(0)} | ${m((r) => r[50].p50).toFixed(2)} / ${m((r) => r[50].p99).toFixed(2)} |`,
    );
  }
} finally {
  await (stores[1][1] as LowdbStorage).close();
  rmSync(dir, { recursive: true, force: true });
}
