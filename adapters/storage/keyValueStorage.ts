/**
 * The storage shape shared by botbuilder's `Storage` and the Agents SDK's: read, write, delete with eTags.
 * Kept here without importing either SDK, so state stores move with the bot when it changes SDK.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoreItems = Record<string, any>;

export interface KeyValueStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}
