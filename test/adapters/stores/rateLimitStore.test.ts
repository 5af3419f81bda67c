import { AzureRateLimitStore } from '../../../adapters/rateLimits/azureRateLimitStore.js';
import { MemoryRateLimitStore } from '../../../adapters/rateLimits/memoryRateLimitStore.js';
import type { RateLimitOptions, RateLimitStore } from '../../../adapters/rateLimits/rateLimitStore.js';
import { BACKENDS, useStoreBackends, type Backend } from '../../support/storeBackends.js';

const backends = useStoreBackends();

describe.each(BACKENDS)('RateLimitStore (%s)', (backend: Backend) => {
  const opened: RateLimitStore[] = [];
  afterEach(() => opened.splice(0).forEach((s) => s.close()));
  /** Two handles: one shared counter on Azure; the embedded counters live in one instance's memory. */
  const open = (options: RateLimitOptions): [RateLimitStore, RateLimitStore] => {
    const place = backends.place();
    const pair: [RateLimitStore, RateLimitStore] =
      backend === 'embedded'
        ? (() => {
            const store = new MemoryRateLimitStore(options);
            return [store, store] as [RateLimitStore, RateLimitStore];
          })()
        : [new AzureRateLimitStore(place.tables, options), new AzureRateLimitStore(place.tables, options)];
    opened.push(...pair);
    return pair;
  };

  it('allows a burst, warns once, then drops quietly until the bucket refills', async () => {
    const [store] = open({ perMinute: 60, burst: 3 });
    const t = 1_800_000_000_000;
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await store.check('conv-1', t));
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'warn', 'drop']);
    expect(await store.check('conv-2', t)).toBe('allow'); // per conversation
    expect(await store.check('conv-1', t + 1000)).toBe('allow'); // 60 a minute: one more after a second
    expect(await store.check('conv-1', t + 1000)).toBe('warn');
  });

  it('counts one conversation across instances, also when they count at the same moment', async () => {
    const [a, b] = open({ perMinute: 60, burst: 6 });
    const t = 1_800_000_000_000;
    const decisions = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).check('conv-1', t)));
    expect(decisions.filter((d) => d === 'allow')).toHaveLength(6);
    expect(decisions.filter((d) => d === 'warn')).toHaveLength(1);
  });

  it('allows everything with a rate of 0', async () => {
    const [store] = open({ perMinute: 0, burst: 1 });
    for (let i = 0; i < 5; i++) expect(await store.check('conv-1')).toBe('allow');
  });
});
