import { mkdirSync } from 'node:fs';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

const LOCK_WAIT_MS = 10;
const LOCK_TIMEOUT_MS = 5_000;
/** A lock file older than this whose process is gone (or unknown) is left over from a crash. */
const STALE_LOCK_MS = 10_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A small lowdb JSON file that more than one process may change: the bot and a CLI (`npm run agents`) working on
 * the same DATA_DIR while the bot runs.
 *
 * - Reads notice a write by another process: the file is read again when its inode, size or mtime changed
 *   (lowdb's JSONFile writes a temp file and renames it, so every write is a new inode).
 * - Updates hold a lock file (`<file>.lock`, created exclusively, holding the pid) around read-change-write, so two
 *   processes never overwrite each other's change; a lock left by a dead process is taken over.
 *
 * Meant for small files changed rarely (agent accounts and sessions), not for per-turn state.
 */
export class SharedJsonFile<T> {
  private readonly db: Low<T>;
  private readonly lockFile: string;
  private seen: string | undefined;
  /** Updates of this process, one at a time (the lock file is per process). */
  private queue: Promise<unknown> = Promise.resolve();
  /** When the lock file was first seen empty while waiting for it (performance.now()), see stale(). */
  private emptyLockSince: number | undefined;

  constructor(
    readonly file: string,
    private readonly defaultData: T,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Low<T>(new JSONFile<T>(file), structuredClone(defaultData));
    this.lockFile = `${file}.lock`;
  }

  /** The current data (read again if another process wrote the file). Do not change it: use {@link update}. */
  async read(): Promise<T> {
    await this.refresh();
    return this.db.data;
  }

  /**
   * Applies `mutate` to the newest data under the file lock and writes it. A mutation that throws must leave the
   * data unchanged (check first, then change); its error is passed on and nothing is written.
   */
  update<R>(mutate: (data: T) => R): Promise<R> {
    const run = this.queue.then(async () => {
      await this.lock();
      try {
        await this.refresh();
        const result = mutate(this.db.data);
        await this.db.write();
        this.seen = await this.signature();
        return result;
      } finally {
        await unlink(this.lockFile).catch(() => undefined);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async signature(): Promise<string | undefined> {
    try {
      const s = await stat(this.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async refresh(): Promise<void> {
    const signature = await this.signature();
    if (signature !== undefined && signature === this.seen) return;
    if (signature === undefined) {
      this.db.data = structuredClone(this.defaultData);
    } else {
      try {
        await this.db.read();
      } catch (err) {
        throw new Error(`SharedJsonFile: cannot read ${this.file}: ${(err as Error).message}`, { cause: err });
      }
      this.db.data ??= structuredClone(this.defaultData);
    }
    this.seen = signature;
  }

  private async lock(): Promise<void> {
    const deadline = performance.now() + LOCK_TIMEOUT_MS;
    this.emptyLockSince = undefined;
    for (;;) {
      try {
        await writeFile(this.lockFile, String(process.pid), { flag: 'wx' });
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      if (await this.stale()) {
        await unlink(this.lockFile).catch(() => undefined);
        continue;
      }
      if (performance.now() > deadline) throw new Error(`SharedJsonFile: ${this.lockFile} is held by another process`);
      await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS));
    }
  }

  private async stale(): Promise<boolean> {
    try {
      const pid = Number(await readFile(this.lockFile, 'utf8'));
      if (pid) {
        this.emptyLockSince = undefined;
        return pid !== process.pid && !alive(pid);
      }
      // An empty lock file is one being written (created, pid not yet in it) or one left by a crash in between. Its
      // age is measured on this process's monotonic clock, not from the file's mtime against Date.now(): the two
      // clocks differ (a faked or adjusted system clock), and an empty lock taken for stale lets two writers in.
      const now = performance.now();
      this.emptyLockSince ??= now;
      return now - this.emptyLockSince > STALE_LOCK_MS;
    } catch {
      return false; // gone meanwhile: the next attempt takes it
    }
  }
}
