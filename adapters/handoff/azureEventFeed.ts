import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import {
  listAll,
  tableClient,
  TableTransaction,
  timeKey,
  type AzureTablesOptions,
  type JsonEntity,
  type LazyTable,
} from '../azure/tables.js';
import type { EventFeed, FeedEvent } from './eventFeed.js';

export interface AzureEventFeedOptions {
  /** How often the table is read for other instances' events. @default 200 */
  pollMs?: number;
  /**
   * How far back each read looks: an event whose write took longer than this to land (or whose writer's clock
   * is that far behind) would be missed. Each event is still heard once. @default 10000
   */
  lookbackMs?: number;
  /** Events older than this are deleted. @default 600000 */
  keepMs?: number;
  /** Told when a read, write or clean-up fails (the feed goes on). */
  onError?: (err: unknown) => void;
}

const PARTITION = 'events';

/**
 * A change feed in an Azure table, for several instances: `publish` writes a row whose RowKey starts with the
 * time, and every instance reads the rows of the last `lookbackMs` every `pollMs` (an indexed range read), hearing
 * each row it has not heard yet. An instance's own events reach its subscribers as soon as the row is written.
 * Rows older than `keepMs` are deleted by whichever instance gets there.
 */
export class AzureEventFeed implements EventFeed {
  private readonly table: LazyTable;
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly instance = randomBytes(4).toString('hex');
  private sequence = 0;
  /** RowKeys heard, with their time, to hear each event once. */
  private readonly heard = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private lastCleanUp = 0;
  private closed = false;
  private readonly pollMs: number;
  private readonly lookbackMs: number;
  private readonly keepMs: number;

  constructor(
    tables: AzureTablesOptions,
    private readonly options: AzureEventFeedOptions = {},
  ) {
    this.table = tableClient(tables, 'events');
    this.pollMs = options.pollMs ?? 200;
    this.lookbackMs = options.lookbackMs ?? 10_000;
    this.keepMs = options.keepMs ?? 600_000;
  }

  async publish(event: FeedEvent): Promise<void> {
    const now = Date.now();
    const rowKey = timeKey(now, `${this.instance}-${String(this.sequence++).padStart(8, '0')}`);
    const client = await this.table.get();
    await client.createEntity({ partitionKey: PARTITION, rowKey, json: JSON.stringify(event) });
    if (this.heard.has(rowKey)) return;
    this.heard.set(rowKey, now);
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Starts reading; events written before now are not replayed. */
  async start(): Promise<void> {
    if (this.timer) return;
    await this.table.get();
    await this.poll(true);
    this.timer = setInterval(() => {
      this.polling ??= this.poll(false)
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => (this.polling = undefined));
    }, this.pollMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
    this.emitter.removeAllListeners();
  }

  /** Reads the recent rows; `quiet`: only notes them as heard (at start). */
  private async poll(quiet: boolean): Promise<void> {
    const client = await this.table.get();
    const now = Date.now();
    const since = timeKey(now - this.lookbackMs, '');
    const rows = await listAll<JsonEntity>(client, `PartitionKey eq '${PARTITION}' and RowKey gt '${since}'`);
    for (const row of rows) {
      if (this.closed) return;
      if (this.heard.has(row.rowKey!)) continue;
      this.heard.set(row.rowKey!, now);
      if (quiet) continue;
      try {
        this.emitter.emit('event', JSON.parse(row.json) as FeedEvent);
      } catch (err) {
        this.options.onError?.(err);
      }
    }
    // Forget what no read can return again.
    for (const [key, at] of this.heard) if (at < now - 2 * this.lookbackMs) this.heard.delete(key);
    if (now - this.lastCleanUp > 60_000) {
      this.lastCleanUp = now;
      await this.cleanUp(now).catch((err: unknown) => this.options.onError?.(err));
    }
  }

  private async cleanUp(now: number): Promise<void> {
    const client = await this.table.get();
    const old = await listAll<JsonEntity>(
      client,
      `PartitionKey eq '${PARTITION}' and RowKey lt '${timeKey(now - this.keepMs, '')}'`,
    );
    for (let i = 0; i < old.length; i += 100) {
      const tx = new TableTransaction();
      for (const row of old.slice(i, i + 100)) tx.deleteEntity(PARTITION, row.rowKey!);
      // Another instance cleaning up the same rows makes this batch fail: they are gone either way.
      await client.submitTransaction(tx.actions).catch(() => undefined);
    }
  }
}
