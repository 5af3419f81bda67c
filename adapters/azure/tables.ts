import { createHash } from 'node:crypto';
import { RestError, TableClient, type TableEntity, type TableEntityResult } from '@azure/data-tables';

export { odata, TableTransaction } from '@azure/data-tables';
export type { TableClient, TableEntityResult } from '@azure/data-tables';

/** Where the Azure stores keep their tables: one storage account (or Cosmos DB Table API), names with a prefix. */
export interface AzureTablesOptions {
  connectionString: string;
  /** Put before every table name, so several deployments (or tests) can share an account. */
  tablePrefix: string;
}

/**
 * A table client for `name` (prefixed), whose table is created on first use. Plain http is allowed only for the
 * loopback emulator (Azurite) that development and the tests use; Azure itself is always https.
 */
export function tableClient(options: AzureTablesOptions, name: string): LazyTable {
  const client = TableClient.fromConnectionString(options.connectionString, `${options.tablePrefix}${name}`, {
    allowInsecureConnection: /TableEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(options.connectionString),
  });
  return new LazyTable(client);
}

/** A TableClient whose table exists before the first call goes out (created once, concurrently safe). */
export class LazyTable {
  private created: Promise<void> | undefined;

  constructor(private readonly client: TableClient) {}

  /** The client, once its table exists. */
  async get(): Promise<TableClient> {
    this.created ??= this.client.createTable().catch((err: unknown) => {
      this.created = undefined;
      if (!hasStatus(err, 409)) throw err;
    });
    await this.created;
    return this.client;
  }

  /** The table's name, for messages. */
  get name(): string {
    return this.client.tableName;
  }
}

/** True for a RestError with this HTTP status (409 conflict, 412 precondition failed, 404 not found). */
export function hasStatus(err: unknown, status: number): boolean {
  return err instanceof RestError ? err.statusCode === status : (err as { statusCode?: number })?.statusCode === status;
}

/** An entity, or undefined when it does not exist. */
export async function getOrUndefined<T extends object>(
  client: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<TableEntityResult<T> | undefined> {
  try {
    return await client.getEntity<T>(partitionKey, rowKey);
  } catch (err) {
    if (hasStatus(err, 404)) return undefined;
    throw err;
  }
}

/** All entities a filter selects (the SDK pages through them). */
/** Deletes a row; true when this call deleted it, false when it was gone already (another instance, or never there). */
export async function deleteIfPresent(client: TableClient, partitionKey: string, rowKey: string): Promise<boolean> {
  try {
    await client.deleteEntity(partitionKey, rowKey);
    return true;
  } catch (err) {
    if (hasStatus(err, 404)) return false;
    throw err;
  }
}

export async function listAll<T extends object>(
  client: TableClient,
  filter: string,
): Promise<Array<TableEntityResult<T>>> {
  const result: Array<TableEntityResult<T>> = [];
  for await (const entity of client.listEntities<T>({ queryOptions: { filter } })) result.push(entity);
  return result;
}

/**
 * A key that is safe as a PartitionKey or RowKey whatever the input (those refuse `/ \ # ?` and control
 * characters, and stop at 1 KiB): the SHA-256 of it, hex.
 */
export function safeKey(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** RowKeys that sort by time: milliseconds zero-padded, then something unique. */
export function timeKey(ms: number, unique: string): string {
  return `${String(Math.max(0, Math.floor(ms))).padStart(15, '0')}-${unique}`;
}

/**
 * Runs a read-modify-write until its conditional write is not refused (412/409: someone else wrote first).
 * `attempt` returns the result, or throws a 412/409 RestError to try again.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries || !(hasStatus(err, 412) || hasStatus(err, 409))) throw err;
      // A little jitter, so racing writers do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * i));
    }
  }
}

/** A JSON document stored in one string property (Azure Tables properties hold at most 64 KiB, 32K characters). */
export interface JsonEntity extends TableEntity {
  json: string;
}
