import { AzureHandoffStore } from '../../../adapters/handoff/azureHandoffStore.js';
import { QueueLimitError, type Handoff, type HandoffStore } from '../../../adapters/handoff/handoffStore.js';
import { LowdbHandoffStore } from '../../../adapters/handoff/lowdbHandoffStore.js';
import { BACKENDS, useStoreBackends, type Backend } from '../../support/storeBackends.js';

const backends = useStoreBackends();

const request = (conversationId: string, clientAddress?: string): Omit<Handoff, 'id' | 'status' | 'createdAt'> => ({
  conversationId,
  clientAddress,
  reference: { conversation: { id: conversationId }, serviceUrl: 'http://connector.test' },
  reason: 'Gebruiker vroeg om een medewerker',
  requester: {
    userId: '29:anna',
    aadObjectId: '11111111-1111-4111-8111-111111111111',
    name: 'Anna\u200B de Vries',
    verified: true,
  },
  school: { customerNumber: '100001', name: 'Demo Lyceum' },
  transcript: [
    { from: 'user', text: 'Waar is mijn winkelwagen?', at: '2026-11-20T10:00:00.000Z' },
    { from: 'bot', text: 'Je winkelwagen staat klaar.', at: '2026-11-20T10:00:01.000Z' },
  ],
});

describe.each(BACKENDS)('HandoffStore (%s)', (backend: Backend) => {
  /** Two handles, as two instances have: the same object for the embedded store (one instance), two clients on Azure. */
  const open = (): [HandoffStore, HandoffStore] => {
    const place = backends.place();
    if (backend === 'embedded') {
      const store = new LowdbHandoffStore(place.dataDir);
      return [store, store];
    }
    return [new AzureHandoffStore(place.tables), new AzureHandoffStore(place.tables)];
  };

  it('queues a conversation once, with its transcript, and finds it by conversation', async () => {
    const [store] = open();
    const handoff = await store.open(request('conv-1'));
    expect(handoff).toEqual(
      expect.objectContaining({
        conversationId: 'conv-1',
        status: 'waiting',
        requester: expect.objectContaining({ name: 'Anna de Vries' }),
        school: { customerNumber: '100001', name: 'Demo Lyceum' },
      }),
    );
    expect(handoff).not.toHaveProperty('transcript');
    expect((await store.open(request('conv-1'))).id).toBe(handoff.id);
    expect((await store.openFor('conv-1'))?.id).toBe(handoff.id);
    expect(await store.openFor('conv-2')).toBeUndefined();
    const full = await store.get(handoff.id);
    expect(full!.transcript.map((l) => l.text)).toEqual(['Waar is mijn winkelwagen?', 'Je winkelwagen staat klaar.']);
    expect(full!.reference).toEqual({ conversation: { id: 'conv-1' }, serviceUrl: 'http://connector.test' });
    expect(await store.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('makes one handoff of a conversation that both instances queue at once', async () => {
    const [a, b] = open();
    const results = await Promise.all([
      a.open(request('conv-1')),
      b.open(request('conv-1')),
      a.open(request('conv-1')),
    ]);
    expect(new Set(results.map((h) => h.id)).size).toBe(1);
    expect(await b.list(['waiting'])).toHaveLength(1);
  });

  it('lists by status, oldest first', async () => {
    const [store] = open();
    const first = await store.open(request('conv-1'));
    const second = await store.open(request('conv-2'));
    const third = await store.open(request('conv-3'));
    await store.take(second.id, 'agent.one');
    await store.close(third.id);
    expect((await store.list(['waiting', 'taken'])).map((h) => h.id)).toEqual([first.id, second.id]);
    expect((await store.list(['taken'])).map((h) => h.id)).toEqual([second.id]);
    expect((await store.list(['closed'])).map((h) => h.id)).toEqual([third.id]);
  });

  it('lets exactly one of two agents on two instances take a conversation', async () => {
    const [a, b] = open();
    const handoff = await a.open(request('conv-1'));
    const [one, two] = await Promise.all([a.take(handoff.id, 'agent.one'), b.take(handoff.id, 'agent.two')]);
    const winners = [one, two].filter(Boolean);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toEqual(expect.objectContaining({ status: 'taken', takenAt: expect.any(String) }));
    expect((await a.get(handoff.id))!.takenBy).toBe(winners[0]!.takenBy);
    expect(await b.take(handoff.id, 'agent.three')).toBeUndefined();
  });

  it('closes once; a closed conversation can be queued again as a new handoff', async () => {
    const [a, b] = open();
    const handoff = await a.open(request('conv-1'));
    expect(await b.close(handoff.id)).toEqual(
      expect.objectContaining({ status: 'closed', closedAt: expect.any(String) }),
    );
    expect(await a.close(handoff.id)).toBeUndefined();
    expect(await a.take(handoff.id, 'agent.one')).toBeUndefined();
    expect(await b.openFor('conv-1')).toBeUndefined();
    const again = await b.open(request('conv-1'));
    expect(again.id).not.toBe(handoff.id);
    expect((await a.openFor('conv-1'))?.id).toBe(again.id);
  });

  it('appends lines from either instance, cleaned, and keeps the last 200', async () => {
    const [a, b] = open();
    const handoff = await a.open({ ...request('conv-1'), transcript: [] });
    await a.append(handoff.id, { from: 'user', text: 'Hallo\u202E daar', at: new Date().toISOString() });
    await b.append(handoff.id, {
      from: 'agent',
      text: 'Goedemorgen',
      agent: 'agent.one',
      at: new Date().toISOString(),
    });
    expect((await a.get(handoff.id))!.transcript).toEqual([
      expect.objectContaining({ from: 'user', text: 'Hallo daar' }),
      expect.objectContaining({ from: 'agent', text: 'Goedemorgen', agent: 'agent.one' }),
    ]);
    for (let i = 0; i < 205; i++)
      await (i % 2 ? a : b).append(handoff.id, { from: 'user', text: `regel ${i}`, at: new Date().toISOString() });
    const transcript = (await b.get(handoff.id))!.transcript;
    expect(transcript).toHaveLength(200);
    expect(transcript.at(-1)!.text).toBe('regel 204');
    expect(transcript[0].text).toBe('regel 5');
    await expect(a.append('not-an-id', { from: 'user', text: 'x', at: '' })).rejects.toThrow(/invalid handoff id/);
  }, 30_000);

  it('refuses a conversation from an address that has as many waiting as allowed', async () => {
    const [store] = open();
    await store.open(request('conv-1', '203.0.113.7'), { maxWaitingPerAddress: 2 });
    await store.open(request('conv-2', '203.0.113.7'), { maxWaitingPerAddress: 2 });
    await expect(store.open(request('conv-3', '203.0.113.7'), { maxWaitingPerAddress: 2 })).rejects.toThrow(
      QueueLimitError,
    );
    // Another address, and the same conversation again, are not refused.
    await expect(store.open(request('conv-4', '198.51.100.1'), { maxWaitingPerAddress: 2 })).resolves.toBeDefined();
    await expect(store.open(request('conv-1', '203.0.113.7'), { maxWaitingPerAddress: 2 })).resolves.toBeDefined();
  });
});
