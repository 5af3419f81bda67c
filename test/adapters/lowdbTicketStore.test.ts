import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbTicketStore } from '../../adapters/tickets/lowdbTicketStore.js';
import type { NewTicket } from '../../adapters/tickets/ticketStore.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'tickets-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const request = (title: string): NewTicket => ({
  kind: 'general_request',
  title,
  requester: { userId: 'visitor-1', email: 'ict@basisschool.nl', verified: false },
  fields: [{ label: 'Vraag', value: title }],
  conversationId: 'c1',
});

describe('LowdbTicketStore', () => {
  it('names a ticket after the year it is filed in, numbering on across New Year', async () => {
    let now = new Date(2026, 11, 31, 23, 59);
    const store = new LowdbTicketStore(dir, { now: () => now });
    const { ticket: last } = await store.create(request('Laatste vraag van het jaar'), 'k1');
    now = new Date(2027, 0, 2, 9, 0);
    const { ticket: first } = await store.create(request('Eerste vraag van het nieuwe jaar'), 'k2');
    expect([last.reference, first.reference]).toEqual(['SD-2026-000001', 'SD-2027-000002']);
  });

  it('files one ticket per idempotency key', async () => {
    const store = new LowdbTicketStore(dir);
    const [a, b] = await Promise.all([
      store.create(request('Dubbel'), 'same'),
      store.create(request('Dubbel'), 'same'),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.ticket.reference).toBe(b.ticket.reference);
    expect(await store.list()).toHaveLength(1);
  });
});
