import {
  getOrUndefined,
  hasStatus,
  listAll,
  odata,
  retryOnConflict,
  safeKey,
  tableClient,
  type AzureTablesOptions,
  type LazyTable,
} from '../azure/tables.js';
import { takeToken, type RateDecision, type RateLimitOptions, type RateLimitStore } from './rateLimitStore.js';

interface BucketRow {
  tokens: number;
  at: string;
  warned: boolean;
}

export interface AzureRateLimitOptions extends RateLimitOptions {
  /** Told when the table cannot be reached; the message is then allowed (a limit must not take the bot down). */
  onError?: (err: unknown) => void;
  /** How often idle buckets are deleted. @default 600000 */
  sweepMs?: number;
}

/**
 * Token buckets in an Azure table, one row per conversation (partitions spread by hash), updated with the eTag
 * read: two instances counting the same conversation at once both count (one write is refused and redone).
 */
export class AzureRateLimitStore implements RateLimitStore {
  private readonly table: LazyTable;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    tables: AzureTablesOptions,
    private readonly options: AzureRateLimitOptions,
  ) {
    this.table = tableClient(tables, 'ratelimits');
    this.sweeper = setInterval(
      () => void this.sweep().catch((err) => options.onError?.(err)),
      options.sweepMs ?? 600_000,
    );
    this.sweeper.unref();
  }

  async check(key: string, now = Date.now()): Promise<RateDecision> {
    if (this.options.perMinute <= 0) return 'allow';
    const rowKey = safeKey(key);
    const partitionKey = rowKey.slice(0, 3);
    try {
      const client = await this.table.get();
      return await retryOnConflict(async () => {
        const row = await getOrUndefined<BucketRow>(client, partitionKey, rowKey);
        const stored = row && { tokens: row.tokens, at: Number(row.at), warned: row.warned };
        const { bucket, decision } = takeToken(stored, now, this.options);
        // Milliseconds as a string: an untyped whole number that large is no Edm.Int32.
        const entity = { partitionKey, rowKey, tokens: bucket.tokens, at: String(bucket.at), warned: bucket.warned };
        if (row) await client.updateEntity(entity, 'Replace', { etag: row.etag });
        else await client.createEntity(entity);
        return decision;
      }, 5);
    } catch (err) {
      this.options.onError?.(err);
      return 'allow';
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  /** Deletes buckets idle for ten minutes (full again by then, so nothing is lost). */
  async sweep(): Promise<void> {
    const client = await this.table.get();
    const idle = await listAll<BucketRow>(client, odata`Timestamp lt ${new Date(Date.now() - 10 * 60_000)}`);
    for (const row of idle)
      await client.deleteEntity(row.partitionKey!, row.rowKey!, { etag: row.etag }).catch((err: unknown) => {
        if (!hasStatus(err, 404) && !hasStatus(err, 412)) throw err;
      });
  }
}
