import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { JsonFileStore } from '../lowdbFile.js';
import type { Handoff, HandoffStatus, HandoffStore, TranscriptLine } from './handoffStore.js';

const MAX_TRANSCRIPT = 200;

/** The handoff queue in DATA_DIR/handoffs.json; all changes go through one serialised writer. */
export class LowdbHandoffStore implements HandoffStore {
  private readonly store: JsonFileStore<{ handoffs: Handoff[] }>;

  constructor(dataDir: string) {
    this.store = new JsonFileStore(path.join(dataDir, 'handoffs.json'), { handoffs: [] as Handoff[] });
  }

  open(input: Omit<Handoff, 'id' | 'status' | 'createdAt'>): Promise<Handoff> {
    return this.store.update((data) => {
      const existing = data.handoffs.find((h) => h.conversationId === input.conversationId && h.status !== 'closed');
      if (existing) return structuredClone(existing);
      const handoff: Handoff = { ...structuredClone(input), id: randomUUID(), status: 'waiting', createdAt: new Date().toISOString() };
      data.handoffs.push(handoff);
      return structuredClone(handoff);
    });
  }

  async get(id: string): Promise<Handoff | undefined> {
    const h = (await this.store.read()).handoffs.find((x) => x.id === id);
    return h && structuredClone(h);
  }

  async openFor(conversationId: string): Promise<Handoff | undefined> {
    const h = (await this.store.read()).handoffs.find((x) => x.conversationId === conversationId && x.status !== 'closed');
    return h && structuredClone(h);
  }

  async list(statuses: HandoffStatus[]): Promise<Handoff[]> {
    return structuredClone((await this.store.read()).handoffs.filter((h) => statuses.includes(h.status)));
  }

  take(id: string, agent: string): Promise<Handoff | undefined> {
    return this.store.update((data) => {
      const h = data.handoffs.find((x) => x.id === id);
      if (!h || h.status !== 'waiting') return undefined;
      h.status = 'taken';
      h.takenBy = agent;
      h.takenAt = new Date().toISOString();
      return structuredClone(h);
    });
  }

  append(id: string, line: TranscriptLine): Promise<Handoff | undefined> {
    return this.store.update((data) => {
      const h = data.handoffs.find((x) => x.id === id);
      if (!h) return undefined;
      h.transcript.push({ ...line, text: line.text.slice(0, 4000) });
      if (h.transcript.length > MAX_TRANSCRIPT) h.transcript.splice(0, h.transcript.length - MAX_TRANSCRIPT);
      return structuredClone(h);
    });
  }

  /** Deletes the handoffs `match` selects; returns them. */
  removeWhere(match: (handoff: Handoff) => boolean): Promise<Handoff[]> {
    return this.store.update((data) => {
      const removed = data.handoffs.filter(match);
      data.handoffs = data.handoffs.filter((h) => !match(h));
      return removed;
    });
  }

  close(id: string): Promise<Handoff | undefined> {
    return this.store.update((data) => {
      const h = data.handoffs.find((x) => x.id === id);
      if (!h || h.status === 'closed') return undefined;
      h.status = 'closed';
      h.closedAt = new Date().toISOString();
      return structuredClone(h);
    });
  }
}
