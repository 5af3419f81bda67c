import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { JsonFileStore } from '../lowdbFile.js';
import type { KeyValueStorage, StoreItems } from './keyValueStorage.js';

type Stored = Record<string, { eTag: string; [field: string]: unknown }>;

/**
 * Conversation and user state on a lowdb JSON file in DATA_DIR: the embedded default.
 * Optimistic concurrency as botbuilder expects: a write whose eTag is not `*` and differs from the stored
 * one fails, so two turns racing on the same conversation cannot silently overwrite each other.
 */
export class LowdbStorage implements KeyValueStorage {
  private readonly store: JsonFileStore<Stored>;

  constructor(dataDir: string, fileName = 'state.json') {
    this.store = new JsonFileStore<Stored>(path.join(dataDir, fileName), {});
  }

  async read(keys: string[]): Promise<StoreItems> {
    const data = await this.store.read();
    const items: StoreItems = {};
    for (const key of keys) if (data[key]) items[key] = structuredClone(data[key]);
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.store.update((data) => {
      for (const [key, item] of Object.entries(changes)) {
        const current = data[key];
        const eTag = (item as { eTag?: string }).eTag;
        if (current && eTag && eTag !== '*' && eTag !== current.eTag) {
          throw new Error(`LowdbStorage: eTag conflict on "${key}": the item changed since it was read`);
        }
      }
      for (const [key, item] of Object.entries(changes)) data[key] = { ...structuredClone(item), eTag: randomUUID() };
    });
  }

  async delete(keys: string[]): Promise<void> {
    await this.store.update((data) => {
      for (const key of keys) delete data[key];
    });
  }
}
