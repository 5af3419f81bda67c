import { randomBytes, randomUUID } from 'node:crypto';
import { stripInvisible } from '../freeText.js';
import {
  getOrUndefined,
  listAll,
  odata,
  retryOnConflict,
  safeKey,
  tableClient,
  TableTransaction,
  timeKey,
  type AzureTablesOptions,
  type JsonEntity,
  type LazyTable,
  type TableClient,
} from '../azure/tables.js';
import {
  cleanLine,
  COMPACT_AT,
  HANDOFF_ID,
  MAX_TRANSCRIPT,
  QueueLimitError,
  type Handoff,
  type HandoffStatus,
  type HandoffStore,
  type HandoffSummary,
  type TranscriptLine,
} from './handoffStore.js';

/** Summaries and the open-conversation markers share one partition, so opening and closing commit as one. */
const PARTITION = 'handoffs';
const HANDOFF = 'h|';
const OPEN = 'open|';
const lines = (id: string) => `lines|${id}`;
/**
 * Orders this process's transcript lines within one millisecond (the key's time part): with a random suffix alone, two
 * lines appended in the same millisecond could sort the wrong way round and the older one be kept over the newer.
 * Lines from two instances in the same millisecond were sent at the same moment: either order is true.
 */
let appendSequence = 0;

interface HandoffRow extends JsonEntity {
  status: HandoffStatus;
  conversationId: string;
  clientAddress?: string;
}

/**
 * The handoff queue in an Azure table, shared by every instance. Each open conversation has a marker row that
 * is created in the same transaction as its handoff (insert-only: two instances queueing the same conversation
 * at once get one handoff), and taking is an eTag-conditional write (two agents on two instances: one wins).
 * Transcript lines are rows of their own (one partition per handoff), so a message appends one small row.
 */
export class AzureHandoffStore implements HandoffStore {
  private readonly table: LazyTable;

  constructor(tables: AzureTablesOptions) {
    this.table = tableClient(tables, 'handoffs');
  }

  async open(
    input: Omit<Handoff, 'id' | 'status' | 'createdAt'>,
    limits: { maxWaitingPerAddress?: number } = {},
  ): Promise<HandoffSummary> {
    const client = await this.table.get();
    const { transcript, ...summary } = input;
    const markerKey = `${OPEN}${safeKey(input.conversationId)}`;
    const result = await retryOnConflict(async () => {
      const marker = await getOrUndefined<{ handoffId: string }>(client, PARTITION, markerKey);
      if (marker) {
        const existing = await this.row(client, marker.handoffId);
        if (existing && existing.status !== 'closed') return { handoff: summaryOf(existing), created: false };
      }
      const max = limits.maxWaitingPerAddress;
      // Counted before the write: two instances queueing from one address at the same moment may pass one over.
      if (max !== undefined && input.clientAddress) {
        const waiting = await listAll<HandoffRow>(
          client,
          `${rowsOf(HANDOFF)} and status eq 'waiting' and ${odata`clientAddress eq ${input.clientAddress}`}`,
        );
        if (waiting.length >= max) throw new QueueLimitError(max);
      }
      const handoff: HandoffSummary = {
        ...structuredClone(summary),
        requester: { ...summary.requester, name: summary.requester.name && stripInvisible(summary.requester.name) },
        id: randomUUID(),
        status: 'waiting',
        createdAt: new Date().toISOString(),
      };
      const tx = new TableTransaction();
      if (marker)
        tx.updateEntity({ partitionKey: PARTITION, rowKey: markerKey, handoffId: handoff.id }, 'Replace', {
          etag: marker.etag,
        });
      else tx.createEntity({ partitionKey: PARTITION, rowKey: markerKey, handoffId: handoff.id });
      tx.createEntity(rowOf(handoff));
      await client.submitTransaction(tx.actions);
      return { handoff, created: true };
    });
    if (result.created)
      for (const line of transcript.slice(-MAX_TRANSCRIPT)) await this.append(result.handoff.id, line);
    return result.handoff;
  }

  async get(id: string): Promise<Handoff | undefined> {
    if (!HANDOFF_ID.test(id)) return undefined;
    const client = await this.table.get();
    const row = await this.row(client, id);
    return row && { ...summaryOf(row), transcript: await this.transcript(client, id) };
  }

  async openFor(conversationId: string): Promise<HandoffSummary | undefined> {
    const client = await this.table.get();
    const marker = await getOrUndefined<{ handoffId: string }>(client, PARTITION, `${OPEN}${safeKey(conversationId)}`);
    const row = marker && (await this.row(client, marker.handoffId));
    return row && row.status !== 'closed' ? summaryOf(row) : undefined;
  }

  async list(statuses: HandoffStatus[]): Promise<HandoffSummary[]> {
    if (statuses.length === 0) return [];
    const wanted = statuses.map((s) => odata`status eq ${s}`).join(' or ');
    const rows = await listAll<HandoffRow>(await this.table.get(), `${rowsOf(HANDOFF)} and (${wanted})`);
    return rows.map(summaryOf).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  take(id: string, agent: string): Promise<HandoffSummary | undefined> {
    return this.change(id, (h) => {
      if (h.status !== 'waiting') return undefined;
      return { ...h, status: 'taken', takenBy: agent, takenAt: new Date().toISOString() };
    });
  }

  async close(id: string): Promise<HandoffSummary | undefined> {
    return this.change(id, (h) => {
      if (h.status === 'closed') return undefined;
      return { ...h, status: 'closed', closedAt: new Date().toISOString() };
    });
  }

  async append(id: string, line: TranscriptLine): Promise<void> {
    if (!HANDOFF_ID.test(id)) throw new Error(`AzureHandoffStore: invalid handoff id "${id}"`);
    const clean = cleanLine(line);
    const client = await this.table.get();
    await client.createEntity({
      partitionKey: lines(id),
      rowKey: timeKey(
        Date.now(),
        `${String(appendSequence++ % 1e8).padStart(8, '0')}-${randomBytes(4).toString('hex')}`,
      ),
      json: JSON.stringify(clean),
    });
  }

  /**
   * A conditional change of one handoff: `update` sees the stored summary and returns the new one (undefined:
   * no change). The write carries the eTag read, so of two racing changes one is refused and re-decided on what
   * the other wrote: two agents taking one conversation get one winner. Closing also drops the open marker.
   */
  private async change(
    id: string,
    update: (h: HandoffSummary) => HandoffSummary | undefined,
  ): Promise<HandoffSummary | undefined> {
    if (!HANDOFF_ID.test(id)) return undefined;
    const client = await this.table.get();
    return retryOnConflict(async () => {
      const row = await this.row(client, id);
      if (!row) return undefined;
      const next = update(summaryOf(row));
      if (!next) return undefined;
      const tx = new TableTransaction();
      tx.updateEntity(rowOf(next), 'Replace', { etag: row.etag });
      if (next.status === 'closed') {
        const markerKey = `${OPEN}${safeKey(next.conversationId)}`;
        const marker = await getOrUndefined<{ handoffId: string }>(client, PARTITION, markerKey);
        if (marker?.handoffId === id) tx.deleteEntity(PARTITION, markerKey); // guarded by the conditional write of the handoff above
      }
      await client.submitTransaction(tx.actions);
      return next;
    });
  }

  private async row(client: TableClient, id: string) {
    return getOrUndefined<HandoffRow>(client, PARTITION, `${HANDOFF}${id}`);
  }

  /** The last MAX_TRANSCRIPT lines, oldest first; a transcript past COMPACT_AT lines loses its oldest rows here. */
  private async transcript(client: TableClient, id: string): Promise<TranscriptLine[]> {
    const rows = await listAll<JsonEntity>(client, odata`PartitionKey eq ${lines(id)}`);
    if (rows.length >= COMPACT_AT) {
      const old = rows.slice(0, rows.length - MAX_TRANSCRIPT);
      for (let i = 0; i < old.length; i += 100) {
        const tx = new TableTransaction();
        for (const r of old.slice(i, i + 100)) tx.deleteEntity(r.partitionKey!, r.rowKey!);
        // Another instance compacting at the same moment deletes the same rows: either result is fine.
        await client.submitTransaction(tx.actions).catch(() => undefined);
      }
    }
    return rows.slice(-MAX_TRANSCRIPT).map((r) => JSON.parse(r.json) as TranscriptLine);
  }
}

const rowsOf = (prefix: string) =>
  `PartitionKey eq '${PARTITION}' and RowKey ge '${prefix}' and RowKey lt '${prefix.slice(0, -1)}}'`;

function summaryOf(row: HandoffRow): HandoffSummary {
  return JSON.parse(row.json) as HandoffSummary;
}

function rowOf(h: HandoffSummary): HandoffRow & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: PARTITION,
    rowKey: `${HANDOFF}${h.id}`,
    json: JSON.stringify(h),
    status: h.status,
    conversationId: h.conversationId,
    ...(h.clientAddress ? { clientAddress: h.clientAddress } : {}),
  };
}
