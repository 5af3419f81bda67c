import {
  getOrUndefined,
  hasStatus,
  listAll,
  odata,
  retryOnConflict,
  safeKey,
  tableClient,
  TableTransaction,
  type AzureTablesOptions,
  type JsonEntity,
  type LazyTable,
} from '../azure/tables.js';
import { visible } from './lowdbTicketStore.js';
import type { NewTicket, OutboxItem, Ticket, TicketOutbox, TicketStatus, TicketStore } from './ticketStore.js';

export interface AzureTicketStoreOptions {
  /** Queue every new ticket for e-mail delivery (when SMTP is configured). @default false */
  mailTickets?: boolean;
  now?: () => Date;
}

/** Every row lives in one partition, so a ticket, its idempotency key, its outbox row and the counter commit together. */
const PARTITION = 'tickets';
const COUNTER = 'counter';
const TICKET = 'ticket|';
const KEY = 'key|';
const OUTBOX = 'outbox|';
/** RowKeys starting with `prefix`: '|' is followed by '}' in ASCII. */
const rowsOf = (prefix: string) =>
  `PartitionKey eq '${PARTITION}' and RowKey ge '${prefix}' and RowKey lt '${prefix.slice(0, -1)}}'`;

interface TicketRow extends JsonEntity {
  userId: string;
  aadObjectId?: string;
  verified: boolean;
}
interface OutboxRow {
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

/**
 * Tickets and their mail outbox in one Azure table (several instances share it). A new ticket is one entity group
 * transaction: the counter (eTag-conditional), the ticket, its idempotency key and its outbox row. Two instances
 * filing at once cannot take the same number (one counter write is refused with 412 and retried), and two filing
 * the same confirmation cannot both succeed (the key row is insert-only: 409). An outbox row is claimed with an
 * eTag-conditional write before its mail is sent, so two workers never send the same mail.
 */
export class AzureTicketStore implements TicketStore, TicketOutbox {
  private readonly table: LazyTable;
  private readonly now: () => Date;

  constructor(
    tables: AzureTablesOptions,
    private readonly options: AzureTicketStoreOptions = {},
  ) {
    this.table = tableClient(tables, 'tickets');
    this.now = options.now ?? (() => new Date());
  }

  async create(input: NewTicket, idempotencyKey: string): Promise<{ ticket: Ticket; created: boolean }> {
    const client = await this.table.get();
    const keyRow = `${KEY}${safeKey(idempotencyKey)}`;
    return retryOnConflict(async () => {
      const known = await getOrUndefined<{ reference: string }>(client, PARTITION, keyRow);
      if (known) {
        const ticket = await this.get(known.reference);
        if (ticket) return { ticket, created: false };
      }
      const counter = await getOrUndefined<{ n: number }>(client, PARTITION, COUNTER);
      const number = (counter?.n ?? 0) + 1;
      const now = this.now();
      const ticket: Ticket = {
        ...visible(structuredClone(input)),
        reference: `SD-${now.getFullYear()}-${String(number).padStart(6, '0')}`,
        status: 'Nieuw',
        createdAt: now.toISOString(),
      };
      const tx = new TableTransaction();
      if (counter)
        tx.updateEntity({ partitionKey: PARTITION, rowKey: COUNTER, n: number }, 'Replace', { etag: counter.etag });
      else tx.createEntity({ partitionKey: PARTITION, rowKey: COUNTER, n: number });
      tx.createEntity(this.ticketRow(ticket));
      // A stale key row (its ticket deleted) is replaced: the transaction's counter write still guards the race.
      if (known) tx.upsertEntity({ partitionKey: PARTITION, rowKey: keyRow, reference: ticket.reference }, 'Replace');
      else tx.createEntity({ partitionKey: PARTITION, rowKey: keyRow, reference: ticket.reference });
      if (this.options.mailTickets)
        tx.createEntity<OutboxRow & { partitionKey: string; rowKey: string }>({
          partitionKey: PARTITION,
          rowKey: `${OUTBOX}${ticket.reference}`,
          attempts: 0,
          nextAttemptAt: now.toISOString(),
        });
      await client.submitTransaction(tx.actions);
      return { ticket: structuredClone(ticket), created: true };
    });
  }

  async get(reference: string): Promise<Ticket | undefined> {
    const row = await getOrUndefined<TicketRow>(await this.table.get(), PARTITION, `${TICKET}${reference}`);
    return row && (JSON.parse(row.json) as Ticket);
  }

  async list(): Promise<Ticket[]> {
    const rows = await listAll<TicketRow>(await this.table.get(), rowsOf(TICKET));
    return rows.map((r) => JSON.parse(r.json) as Ticket).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async listForRequester({ aadObjectId, userId }: { aadObjectId?: string; userId: string }): Promise<Ticket[]> {
    const mine = aadObjectId ? odata`aadObjectId eq ${aadObjectId}` : odata`verified eq false and userId eq ${userId}`;
    const rows = await listAll<TicketRow>(await this.table.get(), `${rowsOf(TICKET)} and ${mine}`);
    return rows.map((r) => JSON.parse(r.json) as Ticket).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async setStatus(reference: string, status: TicketStatus): Promise<void> {
    const client = await this.table.get();
    await retryOnConflict(async () => {
      const row = await getOrUndefined<TicketRow>(client, PARTITION, `${TICKET}${reference}`);
      if (!row) throw new Error(`AzureTicketStore: no ticket ${reference}`);
      const ticket = { ...(JSON.parse(row.json) as Ticket), status };
      await client.updateEntity(this.ticketRow(ticket), 'Replace', { etag: row.etag });
    });
  }

  async due(now: Date): Promise<OutboxItem[]> {
    return (await this.pending()).filter((o) => new Date(o.nextAttemptAt) <= now);
  }

  async pending(): Promise<OutboxItem[]> {
    const rows = await listAll<OutboxRow>(await this.table.get(), rowsOf(OUTBOX));
    return rows.map((r) => outboxItem(r.rowKey!.slice(OUTBOX.length), r));
  }

  async claim(reference: string, now: Date, until: Date): Promise<OutboxItem | undefined> {
    const client = await this.table.get();
    const row = await getOrUndefined<OutboxRow>(client, PARTITION, `${OUTBOX}${reference}`);
    if (!row || new Date(row.nextAttemptAt) > now) return undefined;
    try {
      await client.updateEntity(
        { partitionKey: PARTITION, rowKey: `${OUTBOX}${reference}`, nextAttemptAt: until.toISOString() },
        'Merge',
        { etag: row.etag },
      );
    } catch (err) {
      // Another worker claimed (or finished) it between our read and our write.
      if (hasStatus(err, 412) || hasStatus(err, 404)) return undefined;
      throw err;
    }
    return outboxItem(reference, row);
  }

  async delivered(reference: string, at: Date): Promise<void> {
    const client = await this.table.get();
    await retryOnConflict(async () => {
      const row = await getOrUndefined<TicketRow>(client, PARTITION, `${TICKET}${reference}`);
      const outbox = await getOrUndefined<OutboxRow>(client, PARTITION, `${OUTBOX}${reference}`);
      const tx = new TableTransaction();
      if (outbox) tx.deleteEntity(PARTITION, `${OUTBOX}${reference}`);
      if (row) {
        const ticket = { ...(JSON.parse(row.json) as Ticket), mailedAt: at.toISOString() };
        tx.updateEntity(this.ticketRow(ticket), 'Replace', { etag: row.etag });
      }
      if (tx.actions.length > 0) await client.submitTransaction(tx.actions);
    });
  }

  async failed(reference: string, error: string, retryAt: Date): Promise<void> {
    const client = await this.table.get();
    await retryOnConflict(async () => {
      const row = await getOrUndefined<OutboxRow>(client, PARTITION, `${OUTBOX}${reference}`);
      if (!row) return;
      await client.updateEntity(
        {
          partitionKey: PARTITION,
          rowKey: `${OUTBOX}${reference}`,
          attempts: row.attempts + 1,
          nextAttemptAt: retryAt.toISOString(),
          lastError: error.slice(0, 500),
        },
        'Replace',
        { etag: row.etag },
      );
    });
  }

  private ticketRow(ticket: Ticket): TicketRow & { partitionKey: string; rowKey: string } {
    return {
      partitionKey: PARTITION,
      rowKey: `${TICKET}${ticket.reference}`,
      json: JSON.stringify(ticket),
      userId: ticket.requester.userId,
      ...(ticket.requester.aadObjectId ? { aadObjectId: ticket.requester.aadObjectId } : {}),
      verified: ticket.requester.verified,
    };
  }
}

function outboxItem(reference: string, row: OutboxRow): OutboxItem {
  return {
    reference,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    ...(row.lastError ? { lastError: row.lastError } : {}),
  };
}
