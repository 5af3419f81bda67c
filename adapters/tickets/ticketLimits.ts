import type { NewTicket, Ticket, TicketRequester, TicketStatus, TicketStore } from './ticketStore.js';

/** Thrown by {@link LimitedTicketStore.create} when the visitor or their address filed as many tickets as allowed. */
export class TicketLimitError extends Error {
  constructor(readonly scope: 'visitor' | 'address') {
    super(`TicketLimits: ticket limit per ${scope} reached`);
  }
}

export interface TicketLimitOptions {
  perVisitorPerHour: number;
  perAddressPerHour: number;
  /** The client address behind a conversation, when the channel knows it (embedded Web Chat). */
  addressOf: (conversationId: string) => string | undefined;
  now?: () => number;
}

const HOUR = 60 * 60 * 1000;

/**
 * Limits per client on filing tickets (and so on mails to the servicedesk, one per ticket): per visitor (Entra ID
 * object id, or channel user id) and per client address, in a sliding hour. A new conversation does not reset
 * them, which is what let one anonymous visitor file 2,866 tickets a minute. Counts live in memory (per instance):
 * they bound a flood, they are not a quota.
 */
export class LimitedTicketStore implements TicketStore {
  private readonly filed = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(
    private readonly inner: TicketStore,
    private readonly options: TicketLimitOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async create(ticket: NewTicket, idempotencyKey: string): Promise<{ ticket: Ticket; created: boolean }> {
    const address = this.options.addressOf(ticket.conversationId);
    const keys: Array<[string, number, 'visitor' | 'address']> = [
      [`visitor:${ticket.requester.aadObjectId ?? ticket.requester.userId}`, this.options.perVisitorPerHour, 'visitor'],
    ];
    if (address) keys.push([`address:${address}`, this.options.perAddressPerHour, 'address']);
    const now = this.now();
    for (const [key, max, scope] of keys) if (this.recent(key, now).length >= max) throw new TicketLimitError(scope);
    // Reserved before the write, so concurrent confirmations cannot all pass the check; released if nothing new was filed.
    for (const [key] of keys) this.recent(key, now).push(now);
    const release = () => {
      for (const [key] of keys) {
        const times = this.filed.get(key);
        const at = times?.lastIndexOf(now) ?? -1;
        if (times && at >= 0) times.splice(at, 1);
      }
    };
    try {
      const result = await this.inner.create(ticket, idempotencyKey);
      if (!result.created) release();
      return result;
    } catch (err) {
      release();
      throw err;
    }
  }

  get(reference: string): Promise<Ticket | undefined> {
    return this.inner.get(reference);
  }

  list(): Promise<Ticket[]> {
    return this.inner.list();
  }

  listForRequester(requester: Pick<TicketRequester, 'aadObjectId' | 'userId'>): Promise<Ticket[]> {
    return this.inner.listForRequester(requester);
  }

  setStatus(reference: string, status: TicketStatus): Promise<void> {
    return this.inner.setStatus(reference, status);
  }

  /** The times within the last hour for a key (older ones dropped; idle keys forgotten). */
  private recent(key: string, now: number): number[] {
    if (this.filed.size > 10_000)
      for (const [k, times] of this.filed) if (!times.some((t) => now - t < HOUR)) this.filed.delete(k);
    const times = (this.filed.get(key) ?? []).filter((t) => now - t < HOUR);
    this.filed.set(key, times);
    return times;
  }
}
