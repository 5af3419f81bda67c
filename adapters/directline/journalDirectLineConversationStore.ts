import { mkdirSync, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { TextFile } from 'lowdb/node';
import { JournalFile, journalFileIn, journalsIn, readIfExists } from '../storage/journalFile.js';
import { claimWriterLock, releaseWriterLock } from '../storage/writerLock.js';
import {
  applyDirectLineChange,
  type DirectLineChange,
  type DirectLineConversationRecord,
  type DirectLineConversationStore,
  type DirectLineState,
  type DirectLineTokenRecord,
} from './directLineConversationStore.js';

/** Journal size (characters) past which it is folded into the snapshot, at the least. */
const MIN_COMPACT_SIZE = 4 * 1024 * 1024;
/** After a conversation was removed its text stays in the journal until the next fold: at most this long. */
const REMOVED_FOLD_MS = 10 * 60 * 1000;

interface Snapshot extends DirectLineState {
  /** Journals up to this generation are in the snapshot. */
  covers: number;
}

export interface JournalDirectLineOptions {
  /** Fold when the journal grows past this many characters (or twice the last snapshot). @default 4 MiB */
  compactSize?: number;
  now?: () => number;
}

/**
 * The embedded default: DATA_DIR/directline/snapshot.json plus append-only journals of changes (JSON lines, group
 * commit, a torn last line skipped on load, as the state journal). The journal is folded into the snapshot when it has
 * grown past twice the snapshot (at least 4 MiB), at start-up, and within 10 minutes of a conversation being removed,
 * so a forgotten conversation's text does not stay on disk. The snapshot is bounded by what the channel keeps in
 * memory. One writer per folder (a lock file naming the process).
 */
export class JournalDirectLineConversationStore implements DirectLineConversationStore {
  private readonly dir: string;
  private journal: JournalFile | undefined;
  private generation = 0;
  private current: (() => DirectLineState) | undefined;
  private last: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private snapshotSize = 0;
  private removedSince: number | undefined;
  private folding: Promise<void> | undefined;
  private readonly compactSize: number;
  private readonly now: () => number;

  constructor(dataDir: string, options: JournalDirectLineOptions = {}) {
    this.dir = path.join(dataDir, 'directline');
    this.compactSize = options.compactSize ?? MIN_COMPACT_SIZE;
    this.now = options.now ?? Date.now;
  }

  /** Set when the store was opened for a data-subject request (the bot stopped), not by the channel. */
  private offline: DirectLineState | undefined;

  async open(current: () => DirectLineState): Promise<DirectLineState> {
    this.current = current;
    mkdirSync(this.dir, { recursive: true });
    claimWriterLock(this.lockFile());
    const conversations = new Map<string, DirectLineConversationRecord>();
    const tokens = new Map<string, DirectLineTokenRecord>();
    let covers = 0;
    const snapshotText = readIfExists(this.snapshotFile());
    if (snapshotText) {
      const snapshot = JSON.parse(snapshotText) as Snapshot;
      covers = snapshot.covers;
      for (const c of snapshot.conversations) conversations.set(c.id, c);
      for (const t of snapshot.tokens) tokens.set(t.hash, t);
      this.snapshotSize = snapshotText.length;
    }
    const journals = this.journals();
    for (const { file, generation } of journals) {
      if (generation <= covers) continue;
      for (const change of JournalFile.parse<DirectLineChange>(readFileSync(file, 'utf8')).entries)
        applyDirectLineChange(conversations, tokens, change);
    }
    this.generation = Math.max(covers, journals.at(-1)?.generation ?? 0) + 1;
    this.journal = await JournalFile.create(this.journalFile(this.generation));
    const state = { conversations: [...conversations.values()], tokens: [...tokens.values()] };
    // What an earlier process left in journals goes into the snapshot now, before anything else runs.
    if (journals.length > 0) await this.fold(() => state);
    return state;
  }

  record(change: DirectLineChange): void {
    const journal = this.journal;
    if (!journal) {
      this.failure ??= new Error('JournalDirectLineConversationStore: record() before open()');
      return;
    }
    if (change.kind === 'conversationRemoved') this.removedSince ??= this.now();
    const append = journal.append(`${JSON.stringify(change)}\n`);
    this.last = append.catch((err: Error) => {
      this.failure = err;
    });
    if (
      !this.folding &&
      (journal.size > Math.max(this.compactSize, 2 * this.snapshotSize) ||
        (this.removedSince !== undefined && this.now() - this.removedSince > REMOVED_FOLD_MS))
    )
      void this.fold().catch((err: Error) => (this.failure = err));
  }

  async flush(): Promise<void> {
    await this.last;
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
  }

  /** The conversations kept (for a data-subject export): the channel's live ones, or, with the bot stopped, the files'. */
  async list(): Promise<DirectLineConversationRecord[]> {
    if (!this.current) {
      const state = await this.open(() => this.offline!);
      this.offline = state;
    }
    return this.current!().conversations;
  }

  /**
   * Deletes the conversations `match` selects, with their tokens, from every file (a data-subject request; the bot must
   * be stopped: the channel holds its own copy while it runs). Returns them.
   */
  async removeWhere(
    match: (conversation: DirectLineConversationRecord) => boolean,
  ): Promise<DirectLineConversationRecord[]> {
    await this.list();
    const state = this.offline;
    if (!state) throw new Error('JournalDirectLineConversationStore: removeWhere() needs the bot stopped');
    const removed = state.conversations.filter(match);
    if (removed.length === 0) return [];
    const ids = new Set(removed.map((c) => c.id));
    state.conversations = state.conversations.filter((c) => !ids.has(c.id));
    state.tokens = state.tokens.filter((t) => !ids.has(t.conversationId));
    for (const id of ids) this.record({ kind: 'conversationRemoved', conversationId: id });
    await this.flush();
    await this.fold();
    return removed;
  }

  async close(): Promise<void> {
    if (!this.journal) return;
    while (this.folding) await this.folding.catch(() => undefined);
    await this.last;
    await this.journal?.close();
    this.journal = undefined;
    releaseWriterLock(this.lockFile());
  }

  /** Writes the snapshot of the live state and deletes the journals it covers. */
  private fold(state: () => DirectLineState = this.current!): Promise<void> {
    this.folding ??= (async () => {
      const next = await JournalFile.create(this.journalFile(this.generation + 1));
      // One synchronous step: every change recorded before it is in the snapshot, every later one in the new journal.
      const previous = this.journal!;
      const covers = this.generation;
      this.generation += 1;
      this.journal = next;
      this.removedSince = undefined;
      const text = JSON.stringify({ covers, ...state() } satisfies Snapshot);
      await previous.close();
      await new TextFile(this.snapshotFile()).write(text);
      this.snapshotSize = text.length;
      for (const { file, generation } of this.journals())
        if (generation <= covers) await unlink(file).catch(() => undefined);
    })().finally(() => (this.folding = undefined));
    return this.folding;
  }

  private lockFile(): string {
    return path.join(this.dir, 'writer.lock');
  }

  private snapshotFile(): string {
    return path.join(this.dir, 'snapshot.json');
  }

  private journalFile(generation: number): string {
    return journalFileIn(this.dir, generation);
  }

  private journals(): Array<{ file: string; generation: number }> {
    return journalsIn(this.dir);
  }
}
