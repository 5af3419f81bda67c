import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { appendFile, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { TextFile } from 'lowdb/node';
import { stripInvisible } from '../freeText.js';
import { JsonFileStore } from '../lowdbFile.js';
import { JournalFile } from '../storage/journalFile.js';
import {
  cleanLine,
  COMPACT_AT,
  HANDOFF_ID,
  MAX_TRANSCRIPT,
  QueueLimitError,
  type Handoff,
  type HandoffStatus,
  type HandoffStore,
  type HandoffSummary,
  type TranscriptLine,
} from './handoffStore.js';

/**
 * The handoff queue in DATA_DIR/handoffs.json (summaries only: who, why, status) and each handoff's transcript in
 * DATA_DIR/handoffs/<id>.jsonl. A queued user's message appends one line to their own file instead of rewriting
 * (and copying) every handoff with every transcript: with 126 visitors in the queue that rewrite took 71-113 ms
 * per message. Transcripts are bounded: past 400 lines a file is cut back to its last 200 (atomic rewrite).
 */
export class LowdbHandoffStore implements HandoffStore {
  private readonly store: JsonFileStore<{ handoffs: HandoffSummary[] }>;
  private readonly dir: string;
  /** Lines per transcript file, once known; and a chain per file so appends and compactions never interleave. */
  private readonly lineCounts = new Map<string, number>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private migrated: Promise<void> | undefined;

  constructor(dataDir: string) {
    this.store = new JsonFileStore(path.join(dataDir, 'handoffs.json'), { handoffs: [] as HandoffSummary[] });
    this.dir = path.join(dataDir, 'handoffs');
    mkdirSync(this.dir, { recursive: true });
  }

  async open(
    input: Omit<Handoff, 'id' | 'status' | 'createdAt'>,
    limits: { maxWaitingPerAddress?: number } = {},
  ): Promise<HandoffSummary> {
    await this.ready();
    const { transcript, ...summary } = input;
    const result = await this.store.update((data) => {
      const existing = data.handoffs.find((h) => h.conversationId === input.conversationId && h.status !== 'closed');
      if (existing) return { handoff: structuredClone(existing), created: false };
      const max = limits.maxWaitingPerAddress;
      if (
        max !== undefined &&
        input.clientAddress &&
        data.handoffs.filter((h) => h.status === 'waiting' && h.clientAddress === input.clientAddress).length >= max
      ) {
        throw new QueueLimitError(max);
      }
      const handoff: HandoffSummary = {
        ...structuredClone(summary),
        requester: { ...summary.requester, name: summary.requester.name && stripInvisible(summary.requester.name) },
        id: randomUUID(),
        status: 'waiting',
        createdAt: new Date().toISOString(),
      };
      data.handoffs.push(handoff);
      return { handoff: structuredClone(handoff), created: true };
    });
    if (result.created)
      for (const line of transcript.slice(-MAX_TRANSCRIPT)) await this.append(result.handoff.id, line);
    return result.handoff;
  }

  async get(id: string): Promise<Handoff | undefined> {
    await this.ready();
    const h = (await this.store.read()).handoffs.find((x) => x.id === id);
    return h && { ...structuredClone(h), transcript: await this.transcript(id) };
  }

  async openFor(conversationId: string): Promise<HandoffSummary | undefined> {
    await this.ready();
    const h = (await this.store.read()).handoffs.find(
      (x) => x.conversationId === conversationId && x.status !== 'closed',
    );
    return h && structuredClone(h);
  }

  async list(statuses: HandoffStatus[]): Promise<HandoffSummary[]> {
    await this.ready();
    return structuredClone((await this.store.read()).handoffs.filter((h) => statuses.includes(h.status)));
  }

  async take(id: string, agent: string): Promise<HandoffSummary | undefined> {
    await this.ready();
    return this.store.update((data) => {
      const h = data.handoffs.find((x) => x.id === id);
      if (!h || h.status !== 'waiting') return undefined;
      h.status = 'taken';
      h.takenBy = agent;
      h.takenAt = new Date().toISOString();
      return structuredClone(h);
    });
  }

  append(id: string, line: TranscriptLine): Promise<void> {
    if (!HANDOFF_ID.test(id)) return Promise.reject(new Error(`LowdbHandoffStore: invalid handoff id "${id}"`));
    const clean = cleanLine(line);
    return this.ready().then(() =>
      this.serially(id, async () => {
        const file = this.file(id);
        let count = this.lineCounts.get(id) ?? (await this.readLines(id)).length;
        // A leading newline, as in JournalFile: a write torn by a crash spoils only its own line.
        await appendFile(file, `\n${JSON.stringify(clean)}`);
        count += 1;
        if (count >= COMPACT_AT) {
          const kept = (await this.readLines(id)).slice(-MAX_TRANSCRIPT);
          await new TextFile(file).write(kept.map((l) => `\n${JSON.stringify(l)}`).join(''));
          count = kept.length;
        }
        this.lineCounts.set(id, count);
      }),
    );
  }

  /** Deletes the handoffs `match` selects, with their transcripts; returns them (with transcripts). */
  async removeWhere(match: (handoff: HandoffSummary) => boolean): Promise<Handoff[]> {
    await this.ready();
    const removed = await this.store.update((data) => {
      const gone = data.handoffs.filter(match);
      data.handoffs = data.handoffs.filter((h) => !match(h));
      return gone;
    });
    const result: Handoff[] = [];
    for (const h of removed) {
      result.push({ ...h, transcript: await this.transcript(h.id) });
      await this.serially(h.id, () => unlink(this.file(h.id)).catch(() => undefined));
      this.lineCounts.delete(h.id);
    }
    return result;
  }

  async close(id: string): Promise<HandoffSummary | undefined> {
    await this.ready();
    return this.store.update((data) => {
      const h = data.handoffs.find((x) => x.id === id);
      if (!h || h.status === 'closed') return undefined;
      h.status = 'closed';
      h.closedAt = new Date().toISOString();
      return structuredClone(h);
    });
  }

  /**
   * A handoffs.json written before transcripts had files of their own holds them inline: moved to their files once,
   * on first use, then dropped from the summaries.
   */
  private ready(): Promise<void> {
    this.migrated ??= (async () => {
      const inline = (await this.store.read()).handoffs.filter((h) =>
        Array.isArray((h as Partial<Handoff>).transcript),
      );
      if (inline.length === 0) return;
      for (const h of inline) {
        const lines = ((h as Partial<Handoff>).transcript ?? []).slice(-MAX_TRANSCRIPT);
        await new TextFile(this.file(h.id)).write(lines.map((l) => `\n${JSON.stringify(l)}`).join(''));
      }
      await this.store.update((data) => {
        for (const h of data.handoffs) delete (h as Partial<Handoff>).transcript;
      });
    })();
    return this.migrated;
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.jsonl`);
  }

  private async transcript(id: string): Promise<TranscriptLine[]> {
    await this.chains.get(id);
    return (await this.readLines(id)).slice(-MAX_TRANSCRIPT);
  }

  private async readLines(id: string): Promise<TranscriptLine[]> {
    const text = await readFile(this.file(id), 'utf8').catch((err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' ? '' : Promise.reject(err),
    );
    return JournalFile.parse<TranscriptLine>(text).entries;
  }

  private serially<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.chains.set(id, next);
    void next
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      })
      .catch(() => undefined);
    return next;
  }
}
