import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbStorage } from '../../adapters/storage/lowdbStorage.js';
import { JsonFileStore } from '../../adapters/lowdbFile.js';
import { writerLockHolder } from '../../adapters/storage/writerLock.js';

let dir: string;
const opened: LowdbStorage[] = [];
/** A storage on the test's folder; closed after the test, as the bot closes it on shutdown. */
const storageIn = (folder: string, checkpointSize?: number) => {
  const storage = new LowdbStorage(folder, 'state', checkpointSize);
  opened.push(storage);
  return storage;
};
const stateFiles = () => readdirSync(path.join(dir, 'state')).sort();
const allStateText = () =>
  stateFiles()
    .map((f) => readFileSync(path.join(dir, 'state', f), 'utf8'))
    .join('\n');
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'state-'))));
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('LowdbStorage (botbuilder Storage on lowdb)', () => {
  it('round-trips items through the file and across a restart', async () => {
    await storageIn(dir).write({ 'webchat/conversations/a': { dialogState: { step: 2 }, eTag: '*' } });
    const items = await storageIn(dir).read(['webchat/conversations/a', 'missing']);
    expect(items).toEqual({ 'webchat/conversations/a': { dialogState: { step: 2 }, eTag: expect.any(String) } });
  });

  it('rejects a write with a stale eTag and accepts the current one', async () => {
    const storage = storageIn(dir);
    await storage.write({ k: { n: 1 } });
    const { k: first } = await storage.read(['k']);
    await storage.write({ k: { ...first, n: 2 } });
    await expect(storage.write({ k: { ...first, n: 3 } })).rejects.toThrow(/eTag conflict on "k"/);
    const { k: current } = await storage.read(['k']);
    expect(current.n).toBe(2);
    await storage.write({ k: { ...current, n: 4 } });
    expect((await storage.read(['k'])).k.n).toBe(4);
  });

  it('lets exactly one of two concurrent writes with the same eTag win', async () => {
    const storage = storageIn(dir);
    await storage.write({ k: { n: 0 } });
    const { k: read } = await storage.read(['k']);
    const results = await Promise.allSettled([
      storage.write({ k: { ...read, n: 1 } }),
      storage.write({ k: { ...read, n: 2 } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results.findIndex((r) => r.status === 'fulfilled') + 1;
    expect((await storage.read(['k'])).k.n).toBe(winner);
  });

  it("keeps acknowledged writes across a crash that tore the journal's last line", async () => {
    const first = storageIn(dir);
    await first.write({ a: { step: 1 } });
    await first.write({ b: { step: 2 } });
    const journal = stateFiles().find((f) => f.endsWith('.jsonl'))!;
    // What a SIGKILL in the middle of an append leaves: half a line, never acknowledged.
    appendFileSync(path.join(dir, 'state', journal), '\n{"k":"c","v":{"st');
    const after = storageIn(dir);
    expect(await after.read(['a', 'b', 'c'])).toEqual({
      a: { step: 1, eTag: expect.any(String) },
      b: { step: 2, eTag: expect.any(String) },
    });
    expect(after.tornLinesOnLoad).toBe(1);
    // The restart folded the old journal into snapshots and appends to a fresh one.
    expect(stateFiles().filter((f) => f.endsWith('.jsonl'))).not.toContain(journal);
    await after.write({ c: { step: 3 } });
    expect(Object.keys(await storageIn(dir).read(['a', 'b', 'c']))).toEqual(['a', 'b', 'c']);
  });

  it('folds the journal into snapshot files once it grows past the checkpoint size', async () => {
    const storage = storageIn(dir, 2_000);
    for (let i = 0; i < 40; i++) await storage.write({ [`conversation-${i}`]: { text: 'x'.repeat(100) } });
    await storage.checkpoint();
    const journals = stateFiles().filter((f) => f.endsWith('.jsonl'));
    expect(journals).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'state', journals[0]), 'utf8').length).toBeLessThan(2_000);
    const snapshots = stateFiles().filter((f) => f.endsWith('.json'));
    expect(snapshots.length).toBeGreaterThan(10);
    for (const f of snapshots) JSON.parse(readFileSync(path.join(dir, 'state', f), 'utf8'));
    expect(
      Object.keys(await storageIn(dir).read(Array.from({ length: 40 }, (_, i) => `conversation-${i}`))),
    ).toHaveLength(40);
  });

  it('leaves no copy of a deleted item on disk after a checkpoint', async () => {
    const storage = storageIn(dir);
    await storage.write({ keep: { name: 'Bram' }, gone: { name: 'Anna de Vries' } });
    await storage.checkpoint();
    await storage.delete(['gone']);
    expect(allStateText()).toContain('Anna de Vries');
    await storage.checkpoint();
    expect(allStateText()).not.toContain('Anna de Vries');
    expect(allStateText()).toContain('Bram');
  });

  it('refuses a second live process on the same folder', async () => {
    await storageIn(dir).write({ a: { n: 1 } });
    // The lock now names a process that runs (our parent), as when the bot runs while someone starts another.
    writeFileSync(path.join(dir, 'state', 'writer.lock'), String(process.ppid));
    await expect(new LowdbStorage(dir).read(['a'])).rejects.toThrow(
      new RegExp(`held by process ${process.ppid}: one writer per data folder`),
    );
  });

  it('names the live holder of the lock, so `npm run chat` can refuse before its first turn', async () => {
    await storageIn(dir).write({ a: { n: 1 } });
    const lock = LowdbStorage.lockFileIn(path.join(dir, 'state'));
    // Our own lock is no other holder.
    expect(writerLockHolder(lock)).toBeUndefined();
    writeFileSync(lock, String(process.ppid));
    expect(writerLockHolder(lock)).toBe(process.ppid);
    // A pid that runs no process: a lock a crash left, taken over.
    writeFileSync(lock, '2147483646');
    expect(writerLockHolder(lock)).toBeUndefined();
    expect(writerLockHolder(path.join(dir, 'nowhere', 'writer.lock'))).toBeUndefined();
  });

  it('deletes items', async () => {
    const storage = storageIn(dir);
    await storage.write({ a: { x: 1 }, b: { x: 2 } });
    await storage.delete(['a']);
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
  });
});

describe('JsonFileStore group commit', () => {
  it('keeps every one of 200 concurrent updates, on disk, in a valid file', async () => {
    const store = new JsonFileStore<{ n: number[] }>(path.join(dir, 'x.json'), { n: [] });
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.update((d) => void d.n.push(i))));
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'x.json'), 'utf8')) as { n: number[] };
    expect(onDisk.n).toHaveLength(200);
    expect(new Set(onDisk.n).size).toBe(200);
  });

  it('resolves an update only after a write that contains it', async () => {
    const file = path.join(dir, 'y.json');
    const store = new JsonFileStore<{ v: number }>(file, { v: 0 });
    const first = store.update((d) => (d.v = 1));
    const second = store.update((d) => (d.v = 2));
    await second;
    expect(JSON.parse(readFileSync(file, 'utf8')).v).toBe(2);
    await first;
  });
});
