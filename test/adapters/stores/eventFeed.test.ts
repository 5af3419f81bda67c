import { AzureEventFeed } from '../../../adapters/handoff/azureEventFeed.js';
import { LocalEventFeed, type EventFeed, type FeedEvent } from '../../../adapters/handoff/eventFeed.js';
import { eventually } from '../../support/eventually.js';
import { BACKENDS, useStoreBackends, type Backend } from '../../support/storeBackends.js';

const backends = useStoreBackends();

describe.each(BACKENDS)('EventFeed (%s)', (backend: Backend) => {
  const opened: EventFeed[] = [];
  afterEach(async () => {
    for (const feed of opened.splice(0)) await feed.close();
  });
  /** Two instances' feeds: one in-process feed for the embedded mode (one instance), two readers of one table on Azure. */
  const open = async (): Promise<[EventFeed, EventFeed]> => {
    const place = backends.place();
    const pair: [EventFeed, EventFeed] =
      backend === 'embedded'
        ? (() => {
            const feed = new LocalEventFeed();
            return [feed, feed] as [EventFeed, EventFeed];
          })()
        : [new AzureEventFeed(place.tables, { pollMs: 100 }), new AzureEventFeed(place.tables, { pollMs: 100 })];
    for (const feed of new Set(pair)) await feed.start();
    opened.push(...new Set(pair));
    return pair;
  };

  it("delivers every event once to every instance's subscribers, within a second, the publisher's at once", async () => {
    const [a, b] = await open();
    const heardByA: FeedEvent[] = [];
    const heardByB: FeedEvent[] = [];
    a.subscribe((e) => heardByA.push(e));
    b.subscribe((e) => heardByB.push(e));
    const started = Date.now();
    await a.publish({ type: 'queue' });
    expect(heardByA).toEqual([{ type: 'queue' }]);
    await b.publish({ type: 'message', text: 'Hallo', handoffId: 'h1' });
    await b.publish({ type: 'closed', handoffId: 'h1' });
    await eventually(
      async () => [heardByA.length, heardByB.length],
      ([x, y]) => x === 3 && y === 3,
      1000,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    // Heard again on later reads? Wait a few more rounds and count.
    await new Promise((r) => setTimeout(r, 400));
    expect(heardByA.map((e) => e.type).sort()).toEqual(['closed', 'message', 'queue']);
    expect(heardByB.map((e) => e.type).sort()).toEqual(['closed', 'message', 'queue']);
  });

  it('stops hearing after unsubscribing', async () => {
    const [a, b] = await open();
    const heard: FeedEvent[] = [];
    const unsubscribe = b.subscribe((e) => heard.push(e));
    await a.publish({ type: 'queue' });
    await eventually(
      async () => heard.length,
      (n) => n === 1,
      1000,
    );
    unsubscribe();
    await a.publish({ type: 'queue' });
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toHaveLength(1);
  });
});
