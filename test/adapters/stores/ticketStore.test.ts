import { AzureTicketStore } from '../../../adapters/tickets/azureTicketStore.js';
import { LowdbTicketStore } from '../../../adapters/tickets/lowdbTicketStore.js';
import type { NewTicket, TicketOutbox, TicketStore } from '../../../adapters/tickets/ticketStore.js';
import { BACKENDS, useStoreBackends, type Backend } from '../../support/storeBackends.js';

type Store = TicketStore & TicketOutbox;

const request = (title: string, requester: Partial<NewTicket['requester']> = {}): NewTicket => ({
  kind: 'general_request',
  title,
  requester: { userId: 'visitor-1', email: 'ict@basisschool.nl', verified: false, ...requester },
  fields: [{ label: 'Vraag', value: title }],
  conversationId: 'c1',
});
const ANNA = { aadObjectId: '11111111-1111-4111-8111-111111111111', userId: '29:anna', verified: true };

const backends = useStoreBackends();

describe.each(BACKENDS)('TicketStore and its outbox (%s)', (backend: Backend) => {
  /**
   * Two handles on one store, as two instances would have. The embedded store has one writer per folder (one
   * instance), so both handles are the same object; on Azure they are two independent clients.
   */
  const open = (options: { mailTickets?: boolean; now?: () => Date } = {}): [Store, Store] => {
    const place = backends.place();
    if (backend === 'embedded') {
      const store = new LowdbTicketStore(place.dataDir, options);
      return [store, store];
    }
    return [new AzureTicketStore(place.tables, options), new AzureTicketStore(place.tables, options)];
  };

  it('files, finds, lists and updates a ticket', async () => {
    const [store] = open({ now: () => new Date(2026, 10, 20, 10, 0) });
    const { ticket, created } = await store.create(request('Bestelling aanpassen', ANNA), 'k1');
    expect(created).toBe(true);
    expect(ticket).toEqual(
      expect.objectContaining({ reference: 'SD-2026-000001', status: 'Nieuw', title: 'Bestelling aanpassen' }),
    );
    expect(await store.get('SD-2026-000001')).toEqual(ticket);
    expect(await store.get('SD-2026-999999')).toBeUndefined();
    await store.setStatus(ticket.reference, 'In behandeling');
    expect((await store.get(ticket.reference))!.status).toBe('In behandeling');
    await expect(store.setStatus('SD-2026-999999', 'Afgerond')).rejects.toThrow(/no ticket/);
    expect((await store.list()).map((t) => t.reference)).toEqual(['SD-2026-000001']);
  });

  it("lists a requester's own tickets: verified by Entra ID object id, anonymous by channel user id", async () => {
    const [store] = open();
    await store.create(request('Van Anna', ANNA), 'a');
    await store.create(request('Van een bezoeker', { userId: 'visitor-1' }), 'b');
    await store.create(request('Van een andere bezoeker', { userId: 'visitor-2' }), 'c');
    // An anonymous ticket under Anna's channel id is not hers: only what the channel vouched for counts.
    await store.create(request('Onder Anna haar kanaal-id', { userId: '29:anna' }), 'd');
    const titles = async (who: { aadObjectId?: string; userId: string }) =>
      (await store.listForRequester(who)).map((t) => t.title);
    expect(await titles(ANNA)).toEqual(['Van Anna']);
    expect(await titles({ userId: 'visitor-1' })).toEqual(['Van een bezoeker']);
    expect(await titles({ userId: 'visitor-3' })).toEqual([]);
  });

  it('numbers on across New Year, naming each ticket after its year', async () => {
    let now = new Date(2026, 11, 31, 23, 59);
    const [store] = open({ now: () => now });
    const { ticket: last } = await store.create(request('Laatste vraag van het jaar'), 'k1');
    now = new Date(2027, 0, 2, 9, 0);
    const { ticket: first } = await store.create(request('Eerste vraag van het nieuwe jaar'), 'k2');
    expect([last.reference, first.reference]).toEqual(['SD-2026-000001', 'SD-2027-000002']);
  });

  it('files one ticket per idempotency key, even when both instances confirm at once', async () => {
    const [a, b] = open();
    const results = await Promise.all([
      a.create(request('Dubbel'), 'same'),
      b.create(request('Dubbel'), 'same'),
      a.create(request('Dubbel'), 'same'),
      b.create(request('Dubbel'), 'same'),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ticket.reference)).size).toBe(1);
    expect(await a.list()).toHaveLength(1);
  });

  it('gives every ticket its own reference when both instances file at once', async () => {
    const [a, b] = open();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).create(request(`Vraag ${i}`), `key-${i}`)),
    );
    const references = results.map((r) => r.ticket.reference);
    expect(new Set(references).size).toBe(12);
    expect(references.map((r) => Number(r.slice(-6))).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    expect(await b.list()).toHaveLength(12);
  }, 30_000);

  it('keeps what people read free of invisible and bidi control characters', async () => {
    const [store] = open();
    const { ticket } = await store.create(request('x', { name: 'Anna\u202E de Vries' }), 'k');
    const stored = (await store.get(ticket.reference))!;
    expect(stored.requester.name).toBe('Anna de Vries');
  });

  it('queues a mail per new ticket when mailing is on, and not otherwise', async () => {
    const [quiet] = open();
    await quiet.create(request('Geen mail'), 'k');
    expect(await quiet.pending()).toEqual([]);

    const now = new Date();
    const [store] = open({ mailTickets: true, now: () => now });
    const { ticket } = await store.create(request('Wel mail'), 'k');
    await store.create(request('Wel mail'), 'k'); // the same confirmation again: no second mail
    expect(await store.pending()).toEqual([
      { reference: ticket.reference, attempts: 0, nextAttemptAt: now.toISOString() },
    ]);
    expect(await store.due(new Date(now.getTime() - 1000))).toEqual([]);
    expect((await store.due(now)).map((o) => o.reference)).toEqual([ticket.reference]);
  });

  it('lets exactly one worker claim a due mail, and hands it back after a failure or removes it when sent', async () => {
    const [a, b] = open({ mailTickets: true });
    const { ticket } = await a.create(request('Mail mij'), 'k');
    const now = new Date(Date.now() + 1000);
    const until = new Date(now.getTime() + 60_000);
    const claims = await Promise.all([a.claim(ticket.reference, now, until), b.claim(ticket.reference, now, until)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toEqual(expect.objectContaining({ reference: ticket.reference, attempts: 0 }));
    // Claimed: not due for anyone until the claim runs out.
    expect(await a.due(now)).toEqual([]);
    expect(await b.claim(ticket.reference, now, until)).toBeUndefined();
    expect((await a.due(new Date(until.getTime() + 1))).map((o) => o.reference)).toEqual([ticket.reference]);

    const retryAt = new Date(now.getTime() + 5000);
    await a.failed(ticket.reference, 'connection refused', retryAt);
    expect(await b.pending()).toEqual([
      {
        reference: ticket.reference,
        attempts: 1,
        nextAttemptAt: retryAt.toISOString(),
        lastError: 'connection refused',
      },
    ]);
    expect(await b.claim(ticket.reference, retryAt, new Date(retryAt.getTime() + 60_000))).toEqual(
      expect.objectContaining({ attempts: 1 }),
    );
    const sentAt = new Date(retryAt.getTime() + 10);
    await b.delivered(ticket.reference, sentAt);
    expect(await a.pending()).toEqual([]);
    expect((await a.get(ticket.reference))!.mailedAt).toBe(sentAt.toISOString());
    expect(await a.claim(ticket.reference, sentAt, until)).toBeUndefined();
  });
});
