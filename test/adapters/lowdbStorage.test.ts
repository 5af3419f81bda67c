import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbStorage } from '../../adapters/storage/lowdbStorage.js';
import { JsonFileStore } from '../../adapters/lowdbFile.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'state-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LowdbStorage (botbuilder Storage on lowdb)', () => {
  it('round-trips items through the file and across a restart', async () => {
    await new LowdbStorage(dir).write({ 'webchat/conversations/a': { dialogState: { step: 2 }, eTag: '*' } });
    const items = await new LowdbStorage(dir).read(['webchat/conversations/a', 'missing']);
    expect(items).toEqual({ 'webchat/conversations/a': { dialogState: { step: 2 }, eTag: expect.any(String) } });
  });

  it('rejects a write with a stale eTag and accepts the current one', async () => {
    const storage = new LowdbStorage(dir);
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
    const storage = new LowdbStorage(dir);
    await storage.write({ k: { n: 0 } });
    const { k: read } = await storage.read(['k']);
    const results = await Promise.allSettled([storage.write({ k: { ...read, n: 1 } }), storage.write({ k: { ...read, n: 2 } })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results.findIndex((r) => r.status === 'fulfilled') + 1;
    expect((await storage.read(['k'])).k.n).toBe(winner);
  });

  it('deletes items', async () => {
    const storage = new LowdbStorage(dir);
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
