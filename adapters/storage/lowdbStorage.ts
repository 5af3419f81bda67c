import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { TextFile } from 'lowdb/node';
import { JournalFile, journalFileIn, journalsIn } from './journalFile.js';
import { claimWriterLock, releaseWriterLock } from './writerLock.js';
import type { KeyValueStorage, StoreItems } from './keyValueStorage.js';

/** An item as kept in memory: its eTag, and the item (eTag included) as JSON text. */
interface Kept {
  eTag: string;
  json: string;
}

/** A journal line: a put (`v`) or a delete (`d`). */
type JournalEntry = { k: string; v: StoreItems[string] } | { k: string; d: 1 };

/** Snapshot files: a checkpoint rewrites only the ones whose keys changed, each a small atomic write. */
const SHARDS = 256;
/** Journal size (characters) after which it is folded into the snapshots. */
const CHECKPOINT_SIZE = 32 * 1024 * 1024;

/**
 * Conversation and user state in DATA_DIR/state: the embedded default of botbuilder's `Storage`.
 *
 * - Durable per write: a write resolves once its items are appended to the journal (group commit: the writes of
 *   all conversations that arrive while one append is in flight share the next one). A turn's state is one
 *   small append, not a rewrite of a file.
 * - Cannot corrupt: snapshots are lowdb files written atomically (temp file + rename); the journal is only ever
 *   appended to, a torn last line is skipped on load (it was never acknowledged), and a new process appends to
 *   a new journal. A checkpoint writes the changed snapshots, then deletes the journals they cover.
 * - eTags as botbuilder expects: a write whose eTag is not `*` and differs from the stored one fails, and
 *   writes nothing; check and apply happen in one synchronous step, so two racing turns cannot both pass.
 * - One writer per folder: a lock file names the process; a second live process is refused.
 */
export class LowdbStorage implements KeyValueStorage {
  private readonly dir: string;
  private readonly shards: Array<Map<string, Kept>> = Array.from({ length: SHARDS }, () => new Map());
  /** Shards changed since the last checkpoint started. */
  private readonly dirty = new Set<number>();
  private journal: JournalFile | undefined;
  private generation = 0;
  private ready: Promise<void> | undefined;
  private checkpointing: Promise<void> | undefined;
  /** Lines skipped on load because a crash tore them (for the fault benchmark and logs). */
  tornLinesOnLoad = 0;

  constructor(
    dataDir: string,
    folder = 'state',
    private readonly checkpointSize = CHECKPOINT_SIZE,
  ) {
    this.dir = path.join(dataDir, folder);
  }

  /** FNV-1a: stable across processes, and a fraction of the cost of a crypto hash on every access. */
  private shardIndex(key: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    return (hash >>> 0) % SHARDS;
  }

  private shardFile(index: number): string {
    return path.join(this.dir, `${index.toString(16).padStart(2, '0')}.json`);
  }

  /**
   * Takes the folder's lock and loads snapshots and journals; the first read or write does it too. The bot calls
   * it at start-up, so that a second process on the folder stops the start instead of failing a user's turn.
   */
  open(): Promise<void> {
    this.ready ??= this.loadFiles().catch((err: Error) => {
      this.ready = undefined;
      throw new Error(`LowdbStorage: cannot open ${this.dir}: ${err.message}`);
    });
    return this.ready;
  }

  private async loadFiles(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    claimWriterLock(this.lockFile());
    for (let i = 0; i < SHARDS; i++) {
      let text: string;
      try {
        text = readFileSync(this.shardFile(i), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      for (const [key, item] of Object.entries(JSON.parse(text) as StoreItems)) this.keep(key, item);
    }
    this.dirty.clear();
    const journals = this.journals();
    for (const { file } of journals) {
      const { entries, torn } = JournalFile.parse<JournalEntry>(readFileSync(file, 'utf8'));
      this.tornLinesOnLoad += torn;
      for (const entry of entries) {
        if ('v' in entry) this.keep(entry.k, entry.v);
        else this.forget(entry.k);
      }
    }
    this.generation = (journals.at(-1)?.generation ?? 0) + 1;
    this.journal = await JournalFile.create(this.journalFile(this.generation));
    // Fold what an earlier process left in its journals into snapshots now, while nothing else is running.
    if (journals.length > 0) await this.foldJournals();
  }

  private lockFile(): string {
    return LowdbStorage.lockFileIn(this.dir);
  }

  /** The writer lock of a state folder (DATA_DIR/state). */
  static lockFileIn(dir: string): string {
    return path.join(dir, 'writer.lock');
  }

  private journalFile(generation: number): string {
    return journalFileIn(this.dir, generation);
  }

  private journals(): Array<{ file: string; generation: number }> {
    return journalsIn(this.dir);
  }

  private keep(key: string, item: StoreItems[string], index = this.shardIndex(key)): Kept {
    const kept = { eTag: item.eTag, json: JSON.stringify(item) };
    this.shards[index].set(key, kept);
    this.dirty.add(index);
    return kept;
  }

  private forget(key: string): void {
    const index = this.shardIndex(key);
    if (this.shards[index].delete(key)) this.dirty.add(index);
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.open();
    const items: StoreItems = {};
    for (const key of keys) {
      const kept = this.shards[this.shardIndex(key)].get(key);
      // Parsing the kept text hands out a fresh copy: callers may change it freely.
      if (kept) items[key] = JSON.parse(kept.json);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.open();
    const entries = Object.entries(changes).map(([key, item]) => ({ key, item, index: this.shardIndex(key) }));
    for (const { key, item, index } of entries) {
      const current = this.shards[index].get(key);
      const eTag = (item as { eTag?: string } | undefined)?.eTag;
      if (current && eTag && eTag !== '*' && eTag !== current.eTag) {
        throw new Error(`LowdbStorage: eTag conflict on "${key}": the item changed since it was read`);
      }
    }
    let lines = '';
    for (const { key, item, index } of entries) {
      const kept = this.keep(key, { ...item, eTag: randomUUID() }, index);
      lines += `{"k":${JSON.stringify(key)},"v":${kept.json}}\n`;
    }
    await this.append(lines);
  }

  async delete(keys: string[]): Promise<void> {
    await this.open();
    let lines = '';
    for (const key of keys) {
      this.forget(key);
      lines += `{"k":${JSON.stringify(key)},"d":1}\n`;
    }
    if (lines) await this.append(lines);
  }

  private async append(lines: string): Promise<void> {
    const journal = this.journal!;
    await journal.append(lines);
    // Folding runs beside the turns; if it fails the journals stay, and they replay on load.
    if (journal.size > this.checkpointSize && !this.checkpointing) void this.checkpoint().catch(() => undefined);
  }

  /**
   * Writes the changed snapshots and deletes the journals they cover. Also the way to make deletions final on
   * disk (data-subject requests): afterwards no file holds a deleted item.
   */
  async checkpoint(): Promise<void> {
    await this.open();
    // One that is already running may have rotated before this call's writes: wait for it, then fold again.
    while (this.checkpointing) await this.checkpointing.catch(() => undefined);
    this.checkpointing = this.foldJournals().finally(() => (this.checkpointing = undefined));
    return this.checkpointing;
  }

  private async foldJournals(): Promise<void> {
    // New writes go to a fresh journal; everything in the older ones is in memory and goes into the snapshots.
    const previous = this.journal!;
    this.generation++;
    this.journal = await JournalFile.create(this.journalFile(this.generation));
    await previous.close();
    const changed = [...this.dirty];
    this.dirty.clear();
    try {
      for (const index of changed) {
        const body = [...this.shards[index]].map(([key, kept]) => `${JSON.stringify(key)}:${kept.json}`).join(',');
        await new TextFile(this.shardFile(index)).write(`{${body}}`);
      }
    } catch (err) {
      for (const index of changed) this.dirty.add(index);
      throw err;
    }
    for (const { file, generation } of this.journals()) if (generation < this.generation) await unlink(file);
  }

  /** Every stored key and item, for retention and data-subject requests. */
  async *entries(): AsyncGenerator<[string, StoreItems[string]]> {
    await this.open();
    for (const shard of this.shards) for (const [key, kept] of [...shard]) yield [key, JSON.parse(kept.json)];
  }

  /** Finishes appends in flight and closes the journal (the bot's shutdown). */
  async close(): Promise<void> {
    if (!this.ready) return;
    await this.ready;
    // A failed fold leaves its journals for the next start to replay; shutting down goes on regardless.
    await this.checkpointing?.catch(() => undefined);
    await this.journal?.close();
    releaseWriterLock(this.lockFile());
  }
}
