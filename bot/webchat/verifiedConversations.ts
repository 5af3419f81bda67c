/**
 * Azure Direct Line conversations whose user our token endpoint verified (the embedded channel keeps this in
 * its own conversations). Kept in memory, so bounded: an entry unused for a day is dropped, and past
 * `maxEntries` the least recently used one goes; its conversation then simply continues anonymously.
 */
export class VerifiedConversations {
  /** Insertion order is use order: the first entries are the least recently used. */
  private readonly users = new Map<string, { aadObjectId: string; usedAt: number }>();

  constructor(private readonly options: { idleMs?: number; maxEntries?: number; now?: () => number } = {}) {}

  record(conversationId: string, aadObjectId: string): void {
    this.users.delete(conversationId);
    this.users.set(conversationId, { aadObjectId, usedAt: this.now() });
    this.prune();
  }

  userOf(conversationId: string): string | undefined {
    const entry = this.users.get(conversationId);
    if (!entry || this.expired(entry.usedAt)) return undefined;
    this.users.delete(conversationId);
    this.users.set(conversationId, { ...entry, usedAt: this.now() });
    return entry.aadObjectId;
  }

  get size(): number {
    return this.users.size;
  }

  private prune(): void {
    const max = this.options.maxEntries ?? 100_000;
    for (const [id, entry] of this.users) {
      if (this.users.size <= max && !this.expired(entry.usedAt)) break;
      this.users.delete(id);
    }
  }

  private expired(usedAt: number): boolean {
    return this.now() - usedAt > (this.options.idleMs ?? 24 * 60 * 60 * 1000);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
