import path from 'node:path';
import { stripInvisible } from '../freeText.js';
import { JsonFileStore } from '../lowdbFile.js';
import type { NewTicket, OutboxItem, Ticket, TicketOutbox, TicketStatus, TicketStore } from './ticketStore.js';

interface TicketData {
  lastNumber: number;
  tickets: Ticket[];
  /** Idempotency key -> ticket reference. */
  keys: Record<string, string>;
  outbox: OutboxItem[];
}

export interface LowdbTicketStoreOptions {
  /** Queue every new ticket for e-mail delivery (when SMTP is configured). @default false */
  mailTickets?: boolean;
  now?: () => Date;
}

/** Tickets in DATA_DIR/tickets.json (lowdb; atomic rename on every write), with the mail outbox beside them. */
export class LowdbTicketStore implements TicketStore, TicketOutbox {
  private readonly store: JsonFileStore<TicketData>;
  private readonly now: () => Date;

  constructor(
    dataDir: string,
    private readonly options: LowdbTicketStoreOptions = {},
  ) {
    this.store = new JsonFileStore<TicketData>(path.join(dataDir, 'tickets.json'), {
      lastNumber: 0,
      tickets: [],
      keys: {},
      outbox: [],
    });
    this.now = options.now ?? (() => new Date());
  }

  create(input: NewTicket, idempotencyKey: string): Promise<{ ticket: Ticket; created: boolean }> {
    return this.store.update((data) => {
      const existing = data.keys[idempotencyKey] && data.tickets.find((t) => t.reference === data.keys[idempotencyKey]);
      if (existing) return { ticket: structuredClone(existing), created: false };
      const now = this.now();
      data.lastNumber += 1;
      const ticket: Ticket = {
        ...visible(structuredClone(input)),
        reference: `SD-${now.getFullYear()}-${String(data.lastNumber).padStart(6, '0')}`,
        status: 'Nieuw',
        createdAt: now.toISOString(),
      };
      data.tickets.push(ticket);
      data.keys[idempotencyKey] = ticket.reference;
      if (this.options.mailTickets)
        data.outbox.push({ reference: ticket.reference, attempts: 0, nextAttemptAt: now.toISOString() });
      return { ticket: structuredClone(ticket), created: true };
    });
  }

  async get(reference: string): Promise<Ticket | undefined> {
    const ticket = (await this.store.read()).tickets.find((t) => t.reference === reference);
    return ticket && structuredClone(ticket);
  }

  async list(): Promise<Ticket[]> {
    return structuredClone((await this.store.read()).tickets);
  }

  async listForRequester({ aadObjectId, userId }: { aadObjectId?: string; userId: string }): Promise<Ticket[]> {
    const mine = (t: Ticket) =>
      aadObjectId ? t.requester.aadObjectId === aadObjectId : !t.requester.verified && t.requester.userId === userId;
    return structuredClone((await this.store.read()).tickets.filter(mine));
  }

  async setStatus(reference: string, status: TicketStatus): Promise<void> {
    await this.store.update((data) => {
      const ticket = data.tickets.find((t) => t.reference === reference);
      if (!ticket) throw new Error(`LowdbTicketStore: no ticket ${reference}`);
      ticket.status = status;
    });
  }

  /** Deletes the tickets `match` selects (and their outbox entries and idempotency keys); returns them. */
  removeWhere(match: (ticket: Ticket) => boolean): Promise<Ticket[]> {
    return this.store.update((data) => {
      const removed = data.tickets.filter(match);
      const gone = new Set(removed.map((t) => t.reference));
      data.tickets = data.tickets.filter((t) => !gone.has(t.reference));
      data.outbox = data.outbox.filter((o) => !gone.has(o.reference));
      for (const [key, reference] of Object.entries(data.keys)) if (gone.has(reference)) delete data.keys[key];
      return removed;
    });
  }

  async due(now: Date): Promise<OutboxItem[]> {
    return structuredClone((await this.store.read()).outbox.filter((o) => new Date(o.nextAttemptAt) <= now));
  }

  async pending(): Promise<OutboxItem[]> {
    return structuredClone((await this.store.read()).outbox);
  }

  claim(reference: string, now: Date, until: Date): Promise<OutboxItem | undefined> {
    return this.store.update((data) => {
      const item = data.outbox.find((o) => o.reference === reference);
      if (!item || new Date(item.nextAttemptAt) > now) return undefined;
      const claimed = structuredClone(item);
      item.nextAttemptAt = until.toISOString();
      return claimed;
    });
  }

  async delivered(reference: string, at: Date): Promise<void> {
    await this.store.update((data) => {
      data.outbox = data.outbox.filter((o) => o.reference !== reference);
      const ticket = data.tickets.find((t) => t.reference === reference);
      if (ticket) ticket.mailedAt = at.toISOString();
    });
  }

  async failed(reference: string, error: string, retryAt: Date): Promise<void> {
    await this.store.update((data) => {
      const item = data.outbox.find((o) => o.reference === reference);
      if (!item) return;
      item.attempts += 1;
      item.lastError = error.slice(0, 500);
      item.nextAttemptAt = retryAt.toISOString();
    });
  }
}

/** What people read of a ticket (the mail, the console) without bidi overrides or invisible characters. */
export function visible(ticket: NewTicket): NewTicket {
  const clean = (text: string | undefined) => (text === undefined ? undefined : stripInvisible(text));
  return {
    ...ticket,
    requester: { ...ticket.requester, name: clean(ticket.requester.name), email: clean(ticket.requester.email) },
    fields: ticket.fields.map((f) => ({ label: f.label, value: stripInvisible(f.value) })),
  };
}
