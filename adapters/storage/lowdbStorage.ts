import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { JsonFileStore } from '../lowdbFile.js';
import type { KeyValueStorage, StoreItems } from './keyValueStorage.js';

type Stored = Record<string, { eTag: string; [field: string]: unknown }>;

/** Keys are spread over this many files, so a write rewrites 1/SHARDS of the state, not all of it. */
const SHARDS = 256;

/**
 * Conversation and user state on lowdb JSON files in DATA_DIR/state: the embedded default.
 * Optimistic concurrency as botbuilder expects: a write whose eTag is not `*` and differs from the stored
 * one fails, so two turns racing on the same conversation cannot silently overwrite each other.
 */
export class LowdbStorage implements KeyValueStorage {
  private readonly shards: JsonFileStore<Stored>[];

  constructor(dataDir: string, folder = 'state') {
    this.shards = Array.from({ length: SHARDS }, (_, i) => new JsonFileStore<Stored>(path.join(dataDir, folder, `${i.toString(16).padStart(2, '0')}.json`), {}, { compact: true }));
  }

  private shardOf(key: string): JsonFileStore<Stored> {
    return this.shards[createHash('md5').update(key).digest()[0] % SHARDS];
  }

  private byShard<T>(entries: Array<[string, T]>): Map<JsonFileStore<Stored>, Array<[string, T]>> {
    const groups = new Map<JsonFileStore<Stored>, Array<[string, T]>>();
    for (const entry of entries) {
      const shard = this.shardOf(entry[0]);
      groups.set(shard, [...(groups.get(shard) ?? []), entry]);
    }
    return groups;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const data = await this.shardOf(key).read();
      if (data[key]) items[key] = structuredClone(data[key]);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    // The eTag check runs inside the shard's serialised mutation, so two turns racing with the same eTag cannot
    // both pass it. A conflict writes nothing in that shard (botbuilder writes one state key per call).
    await Promise.all(
      [...this.byShard(Object.entries(changes))].map(([shard, entries]) =>
        shard.update((data) => {
          for (const [key, item] of entries) {
            const current = data[key];
            const eTag = (item as { eTag?: string }).eTag;
            if (current && eTag && eTag !== '*' && eTag !== current.eTag) {
              throw new Error(`LowdbStorage: eTag conflict on "${key}": the item changed since it was read`);
            }
          }
          for (const [key, item] of entries) data[key] = { ...structuredClone(item), eTag: randomUUID() };
        }),
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      [...this.byShard(keys.map((k) => [k, k] as [string, string]))].map(([shard, entries]) =>
        shard.update((data) => {
          for (const [key] of entries) delete data[key];
        }),
      ),
    );
  }

  /** Every stored key and item, for retention and data-subject requests. */
  async *entries(): AsyncGenerator<[string, Stored[string]]> {
    for (const shard of this.shards) for (const entry of Object.entries(await shard.read())) yield entry;
  }
}
