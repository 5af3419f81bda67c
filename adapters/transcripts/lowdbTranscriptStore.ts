import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { TextFile } from 'lowdb/node';
import { JournalFile } from '../storage/journalFile.js';
import type { TranscriptEntry, TranscriptStore } from './transcriptStore.js';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * Transcripts in DATA_DIR/transcripts, one append-only JSON-lines file per day (UTC): appends are cheap and
 * group-committed, retention deletes whole days, and a data-subject deletion rewrites the affected days
 * atomically (lowdb's TextFile: temp file + rename).
 */
export class LowdbTranscriptStore implements TranscriptStore {
  private readonly dir: string;
  private open: { day: string; journal: Promise<JournalFile> } | undefined;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'transcripts');
    mkdirSync(this.dir, { recursive: true });
  }

  append(entry: TranscriptEntry): Promise<void> {
    const day = entry.at.slice(0, 10);
    if (this.open?.day !== day) {
      const previous = this.open?.journal;
      this.open = { day, journal: JournalFile.create(path.join(this.dir, `${day}.jsonl`)) };
      void previous?.then((j) => j.close()).catch(() => undefined);
    }
    return this.open.journal.then((journal) => journal.append(`${JSON.stringify(entry)}\n`));
  }

  private days(): string[] {
    return readdirSync(this.dir)
      .filter((name) => DAY_FILE.test(name))
      .sort();
  }

  private read(name: string): TranscriptEntry[] {
    return JournalFile.parse<TranscriptEntry>(readFileSync(path.join(this.dir, name), 'utf8')).entries;
  }

  /** Every entry about a user (any of the ids they go by): written by or to them, or in one of the given conversations. */
  async forUser(users: string | Iterable<string>, conversationIds: Iterable<string> = []): Promise<TranscriptEntry[]> {
    const match = matcher(users, conversationIds);
    return this.days().flatMap((name) => this.read(name).filter(match));
  }

  async deleteForUser(users: string | Iterable<string>, conversationIds: Iterable<string> = []): Promise<number> {
    const match = matcher(users, conversationIds);
    await this.closeOpenDay();
    let removed = 0;
    for (const name of this.days()) {
      const entries = this.read(name);
      const kept = entries.filter((e) => !match(e));
      if (kept.length === entries.length) continue;
      removed += entries.length - kept.length;
      await new TextFile(path.join(this.dir, name)).write(kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
    return removed;
  }

  /** Deletes the days before `cutoff` (retention). */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    const last = cutoff.toISOString().slice(0, 10);
    let removed = 0;
    for (const name of this.days()) {
      if (name.slice(0, 10) >= last) continue;
      removed += this.read(name).length;
      await unlink(path.join(this.dir, name));
    }
    return removed;
  }

  /** A rewrite replaces the file; the open handle would keep appending to the old one, so it is closed first. */
  private async closeOpenDay(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    if (open) await (await open.journal).close();
  }

  close(): Promise<void> {
    return this.closeOpenDay();
  }
}

function matcher(users: string | Iterable<string>, conversationIds: Iterable<string>): (e: TranscriptEntry) => boolean {
  const ids = new Set(typeof users === 'string' ? [users] : users);
  const conversations = new Set(conversationIds);
  return (e) => ids.has(e.user) || conversations.has(e.conversationId);
}
