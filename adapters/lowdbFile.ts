import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile, JSONFile } from 'lowdb/node';

/**
 * A lowdb JSON file with one writer per process.
 *
 * - Atomic: lowdb's JSONFile (steno) writes a temp file and renames it over the old one, so a crash mid-write
 *   leaves the previous complete file, never a torn one.
 * - Batched (group commit): mutations apply to the in-memory data one at a time, in order; while a write is on
 *   its way to disk, later mutations wait for the next write, which then carries all of them. Each `update`
 *   resolves only once a write that includes its mutation has finished.
 */
export class JsonFileStore<T> {
  private readonly db: Low<T>;
  private ready: Promise<void> | undefined;
  private writing: Promise<void> | undefined;
  private nextWrite: Promise<void> | undefined;

  /** `compact`: one-line JSON, for machine-only files written every turn (conversation state). */
  constructor(
    readonly file: string,
    defaultData: T,
    { compact = false } = {},
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    const adapter = compact
      ? new DataFile<T>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) })
      : new JSONFile<T>(file);
    this.db = new Low<T>(adapter, structuredClone(defaultData));
  }

  private load(): Promise<void> {
    this.ready ??= this.db.read().catch((err: Error) => {
      this.ready = undefined;
      throw new Error(`JsonFileStore: cannot read ${this.file}: ${err.message}`);
    });
    return this.ready;
  }

  async read(): Promise<T> {
    await this.load();
    return this.db.data;
  }

  /**
   * Applies `mutate` to the data and resolves once it is on disk. A mutation that throws must leave the data
   * unchanged (check first, then change); its error is passed on and nothing is written for it.
   */
  async update<R>(mutate: (data: T) => R): Promise<R> {
    await this.load();
    const result = mutate(this.db.data);
    await this.flush();
    return result;
  }

  /** A write that starts after now: joins the one already queued, or queues one behind the write in flight. */
  private flush(): Promise<void> {
    if (this.nextWrite) return this.nextWrite;
    const start = (): Promise<void> => {
      this.nextWrite = undefined;
      this.writing = this.db.write().finally(() => (this.writing = undefined));
      return this.writing;
    };
    if (!this.writing) return start();
    this.nextWrite = this.writing.catch(() => undefined).then(start);
    return this.nextWrite;
  }
}
