import { readdirSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * An append-only file of JSON lines with group commit: while one append is on its way to disk, later ones wait
 * and then go out together in a single write. `append` resolves once a write containing its text finished.
 *
 * Every write starts with a newline, so a write torn by a crash (or a failed one, disk full) leaves at most one
 * unparseable line of its own; it never swallows the first line of the next write. Readers skip such lines:
 * their appends were never acknowledged.
 */
export class JournalFile {
  private pending: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private writing: Promise<void> | undefined;
  /** Characters appended so far: when to fold the journal into snapshots. */
  size = 0;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(file: string): Promise<JournalFile> {
    return new JournalFile(file, await open(file, 'a'));
  }

  append(text: string): Promise<void> {
    this.size += text.length;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.pending.push(text);
    this.writing ??= this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const text = `\n${this.pending.join('')}`;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.handle.appendFile(text);
        for (const w of waiters) w.resolve();
      } catch (err) {
        const error = new Error(`JournalFile: cannot append to ${this.file}: ${(err as Error).message}`);
        for (const w of waiters) w.reject(error);
      }
    }
    this.writing = undefined;
  }

  /** Waits for appends in flight, then closes the file. */
  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.handle.close();
  }

  /** The parseable lines of a journal's text, in order, and how many were torn (unparseable, skipped). */
  static parse<T>(text: string): { entries: T[]; torn: number } {
    const entries: T[] = [];
    let torn = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        entries.push(JSON.parse(line) as T);
      } catch {
        torn++;
      }
    }
    return { entries, torn };
  }
}

const JOURNAL_NAME = /^journal-(\d+)\.jsonl$/;

/** A folder's journal files (`journal-<generation>.jsonl`), the one of a generation, and the listing oldest first. */
export const journalFileIn = (dir: string, generation: number): string => path.join(dir, `journal-${generation}.jsonl`);

export function journalsIn(dir: string): Array<{ file: string; generation: number }> {
  return readdirSync(dir)
    .map((name) => ({ name, m: JOURNAL_NAME.exec(name) }))
    .filter((j) => j.m)
    .map((j) => ({ file: path.join(dir, j.name), generation: Number(j.m![1]) }))
    .sort((a, b) => a.generation - b.generation);
}

/** A snapshot file's text, or '' when there is none yet. */
export function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
