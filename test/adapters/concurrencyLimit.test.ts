import { ConcurrencyLimit, QueueFullError } from '../../adapters/agents/concurrencyLimit.js';

describe('ConcurrencyLimit (the queue in front of scrypt)', () => {
  it('runs one task at a time, queues the next ones in order, and refuses beyond the queue', async () => {
    const limit = new ConcurrencyLimit(1, 2);
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        releases.push(() => resolve(n));
      });
    const results = [1, 2, 3].map((n) => limit.run(task(n)));
    await expect(limit.run(task(4))).rejects.toBeInstanceOf(QueueFullError);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1]);
    releases[0]();
    expect(await results[0]).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2]);
    releases[1]();
    await results[1];
    await new Promise((r) => setImmediate(r));
    releases[2]();
    expect(await Promise.all(results)).toEqual([1, 2, 3]);
    // All slots free again: a new task starts at once.
    expect(await limit.run(async () => 'free')).toBe('free');
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1, 0);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
