import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

/**
 * A lowdb JSON file with one writer per process. lowdb's JSONFile (steno) writes to a temp file and
 * renames it over the old one, so a crash mid-write leaves the previous complete file, never a torn one.
 * `update` runs mutations one at a time and resolves only after the data is on disk.
 */
export class JsonFileStore<T> {
  private readonly db: Low<T>;
  private ready: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    defaultData: T,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Low<T>(new JSONFile<T>(file), structuredClone(defaultData));
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

  /** Applies `mutate` and persists; concurrent calls are serialised so no update is lost. */
  update<R>(mutate: (data: T) => R): Promise<R> {
    const run = this.queue.then(async () => {
      await this.load();
      const result = mutate(this.db.data);
      await this.db.write();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
