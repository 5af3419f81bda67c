import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type {
  DirectLineConversationStore,
  DirectLineState,
  StoredActivity,
} from '../../adapters/directline/directLineConversationStore.js';

export interface DirectLineConversation {
  id: string;
  userId: string;
  /** Set only when the token endpoint verified the website's signed assertion. */
  aadObjectId?: string;
  userName?: string;
  /** The address the token was issued to: limits per client count against it. */
  clientAddress: string;
  /** The last activities (at most `keepActivities`); older ones are dropped, the watermark keeps counting. */
  activities: Partial<Activity>[];
  /** How many activities were dropped from the front: the watermark of `activities[0]`. */
  dropped: number;
  /** JSON size of each kept activity, and their sum: the kept activities are bounded in bytes too. */
  sizes: number[];
  keptBytes: number;
  lastUsed: number;
  started: boolean;
  /** SHA-256 of the secret of the page's session cookie: whoever presents it may get a new token for this conversation. */
  resumeKeyHash?: string;
  /** The last `lastUsed` written to the persistent store (it is written at most once a minute). */
  recordedUse: number;
  /** Hashes of its live tokens, oldest first (bounded). */
  tokens: string[];
  /** Last contact of a client (a request with its token, an open stream): for presence, not persisted. */
  lastSeen: number;
  /** Open WebSocket streams. */
  streams: number;
}

interface TokenRecord {
  conversationId: string;
  expires: number;
}

export interface DirectLineStoreOptions {
  /** @default 1800 (30 minutes, like Azure Direct Line tokens) */
  tokenTtlSeconds?: number;
  /** Conversations idle this long are forgotten. @default 3600 */
  conversationTtlSeconds?: number;
  /** Activities per conversation over its whole life; then it must start a new one. @default 1000 */
  maxActivities?: number;
  /** Activities kept per conversation for polling (the last ones). @default 100 */
  keepActivities?: number;
  /**
   * Bytes (as JSON) of the activities kept per conversation; older ones are dropped beyond it, the newest is always
   * kept. With `maxConversations` this bounds the channel's memory: 1000 x 128 KB. @default 131072
   */
  keepBytes?: number;
  /** Live conversations in total. @default 1000 */
  maxConversations?: number;
  /** Live conversations per client address. @default 20 */
  maxConversationsPerAddress?: number;
  /** Where conversations are kept across restarts; without one they live as long as the process. */
  persistence?: DirectLineConversationStore;
  now?: () => number;
}

export type OpenResult = { conversation: DirectLineConversation; token: string } | { refused: 'address' | 'total' };

/** Live tokens per conversation: a page asks for one per load; older ones are revoked beyond this. */
const MAX_TOKENS_PER_CONVERSATION = 8;
/** `lastUsed` changes with every request; the persistent store hears of it at most this often. */
const RECORD_USE_MS = 60_000;

const hash = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/**
 * Conversations and tokens of the embedded Direct Line channel: in memory, and (with `persistence`) written through to
 * a store so that they survive a restart: the open page goes on in the same conversation. Everything is bounded
 * (conversations in total and per address, activities and tokens kept per conversation), because the page is public:
 * what an anonymous visitor can make the process hold, or write to disk, must not grow with their effort. Tokens and
 * resume keys are kept as SHA-256 hashes only.
 */
export class DirectLineStore {
  private readonly conversations = new Map<string, DirectLineConversation>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly perAddress = new Map<string, number>();
  private readonly listeners = new Map<string, Set<(activity: Partial<Activity>, watermark: number) => void>>();
  readonly tokenTtlSeconds: number;
  private readonly conversationTtlMs: number;
  readonly maxActivities: number;
  private readonly keepActivities: number;
  private readonly keepBytes: number;
  private readonly maxConversations: number;
  private readonly maxConversationsPerAddress: number;
  private readonly persistence?: DirectLineConversationStore;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;
  /** When this process started serving: a conversation it does not know has been without a client since then. */
  private readonly since0: number;

  constructor(options: DirectLineStoreOptions = {}) {
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
    this.conversationTtlMs = (options.conversationTtlSeconds ?? 3600) * 1000;
    this.maxActivities = options.maxActivities ?? 1000;
    this.keepActivities = options.keepActivities ?? 100;
    this.keepBytes = options.keepBytes ?? 128 * 1024;
    this.maxConversations = options.maxConversations ?? 1000;
    this.maxConversationsPerAddress = options.maxConversationsPerAddress ?? 20;
    this.persistence = options.persistence;
    this.now = options.now ?? Date.now;
    this.since0 = this.now();
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Loads the conversations and tokens a previous process kept (expired tokens and idle conversations are dropped). */
  async load(): Promise<void> {
    if (!this.persistence) return;
    const state = await this.persistence.open(() => this.state());
    const now = this.now();
    for (const c of state.conversations) {
      const conversation: DirectLineConversation = {
        id: c.id,
        userId: c.userId,
        aadObjectId: c.aadObjectId,
        userName: c.userName,
        clientAddress: c.clientAddress,
        activities: c.activities as Partial<Activity>[],
        dropped: c.dropped,
        sizes: c.activities.map((a) => JSON.stringify(a).length),
        keptBytes: 0,
        lastUsed: c.lastUsed,
        started: c.started,
        resumeKeyHash: c.resumeKeyHash,
        recordedUse: c.lastUsed,
        tokens: [],
        // The page of each conversation is taken to be there when the process starts; presence counts from then.
        lastSeen: now,
        streams: 0,
      };
      conversation.keptBytes = conversation.sizes.reduce((a, b) => a + b, 0);
      this.conversations.set(conversation.id, conversation);
      this.perAddress.set(conversation.clientAddress, (this.perAddress.get(conversation.clientAddress) ?? 0) + 1);
    }
    for (const t of state.tokens) {
      const conversation = this.conversations.get(t.conversationId);
      if (!conversation || t.expires < now) continue;
      this.tokens.set(t.hash, { conversationId: t.conversationId, expires: t.expires });
      conversation.tokens.push(t.hash);
    }
    this.sweep();
  }

  /** Resolves once every change so far is durable (no-op without persistence). */
  flush(): Promise<void> {
    return this.persistence?.flush() ?? Promise.resolve();
  }

  /**
   * A new conversation and a token for it; the user is verified only when `aadObjectId` is given. Refused when
   * the address, or the channel as a whole, has as many live conversations as allowed (idle ones are swept first).
   */
  open(user: { userId: string; aadObjectId?: string; name?: string }, clientAddress: string): OpenResult {
    if (
      this.conversations.size >= this.maxConversations ||
      (this.perAddress.get(clientAddress) ?? 0) >= this.maxConversationsPerAddress
    )
      this.sweep();
    if ((this.perAddress.get(clientAddress) ?? 0) >= this.maxConversationsPerAddress) return { refused: 'address' };
    if (this.conversations.size >= this.maxConversations) return { refused: 'total' };
    const now = this.now();
    const conversation: DirectLineConversation = {
      id: `dl-${randomUUID()}`,
      userId: user.userId,
      aadObjectId: user.aadObjectId,
      userName: user.name,
      clientAddress,
      activities: [],
      dropped: 0,
      sizes: [],
      keptBytes: 0,
      lastUsed: now,
      started: false,
      recordedUse: now,
      tokens: [],
      lastSeen: now,
      streams: 0,
    };
    this.conversations.set(conversation.id, conversation);
    this.perAddress.set(clientAddress, (this.perAddress.get(clientAddress) ?? 0) + 1);
    this.recordInfo(conversation);
    return { conversation, token: this.issueToken(conversation.id) };
  }

  issueToken(conversationId: string): string {
    const conversation = this.conversations.get(conversationId);
    const token = randomBytes(32).toString('base64url');
    const key = hash(token);
    const record = { conversationId, expires: this.now() + this.tokenTtlSeconds * 1000 };
    this.tokens.set(key, record);
    this.persistence?.record({ kind: 'token', token: { hash: key, ...record } });
    if (conversation) {
      conversation.tokens.push(key);
      while (conversation.tokens.length > MAX_TOKENS_PER_CONVERSATION) {
        const oldest = conversation.tokens.shift()!;
        this.tokens.delete(oldest);
        this.persistence?.record({ kind: 'tokenRemoved', hash: oldest });
      }
    }
    return token;
  }

  /** The conversation a valid, unexpired token belongs to; the call counts as its client being there. */
  byToken(token: string | undefined): {
    conversation?: DirectLineConversation;
    problem?: 'missing' | 'invalid' | 'expired';
  } {
    if (!token) return { problem: 'missing' };
    const key = hash(token);
    const record = this.tokens.get(key);
    if (!record) return { problem: 'invalid' };
    const now = this.now();
    if (record.expires < now) {
      this.removeToken(key, record.conversationId);
      return { problem: 'expired' };
    }
    const conversation = this.conversations.get(record.conversationId);
    if (!conversation) return { problem: 'expired' };
    this.used(conversation);
    return { conversation };
  }

  /** Extends a valid token: same token, new expiry. */
  refresh(token: string): boolean {
    const key = hash(token);
    const record = this.tokens.get(key);
    if (!record || record.expires < this.now()) return false;
    record.expires = this.now() + this.tokenTtlSeconds * 1000;
    this.persistence?.record({ kind: 'token', token: { hash: key, ...record } });
    return true;
  }

  /** True while `token` is valid for `conversationId` (an open stream checks it now and then). */
  tokenValid(token: string, conversationId: string): boolean {
    const record = this.tokens.get(hash(token));
    return Boolean(record && record.conversationId === conversationId && record.expires >= this.now());
  }

  get(conversationId: string): DirectLineConversation | undefined {
    return this.conversations.get(conversationId);
  }

  /** Binds the page's session cookie to the conversation (only its hash is kept). */
  setResumeKey(conversation: DirectLineConversation, key: string): void {
    conversation.resumeKeyHash = hash(key);
    this.recordInfo(conversation);
  }

  resumeKeyMatches(conversation: DirectLineConversation, key: string): boolean {
    if (!conversation.resumeKeyHash) return false;
    const a = Buffer.from(conversation.resumeKeyHash);
    const b = Buffer.from(hash(key));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Marks the conversation started (the bot was told the user joined). */
  markStarted(conversation: DirectLineConversation): void {
    conversation.started = true;
    this.recordInfo(conversation);
  }

  /** Activities posted in the conversation so far, dropped ones included: the watermark. */
  watermark(conversation: DirectLineConversation): number {
    return conversation.dropped + conversation.activities.length;
  }

  /** The kept activities from `watermark` on (a client further behind than what is kept gets what is kept). */
  since(conversation: DirectLineConversation, watermark: number): Partial<Activity>[] {
    return conversation.activities.slice(Math.max(0, watermark - conversation.dropped));
  }

  /** Appends an activity with the next id, dropping the oldest beyond `keepActivities` or `keepBytes`. */
  append(conversationId: string, activity: Partial<Activity>): Partial<Activity> | undefined {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return undefined;
    const watermark = this.watermark(conversation);
    const stored = {
      ...activity,
      id: `${conversationId}|${String(watermark).padStart(7, '0')}`,
      timestamp: new Date(this.now()),
    } as Partial<Activity>;
    const size = JSON.stringify(stored).length;
    conversation.activities.push(stored);
    conversation.sizes.push(size);
    conversation.keptBytes += size;
    while (
      conversation.activities.length > 1 &&
      (conversation.activities.length > this.keepActivities || conversation.keptBytes > this.keepBytes)
    ) {
      conversation.activities.shift();
      conversation.keptBytes -= conversation.sizes.shift()!;
      conversation.dropped += 1;
    }
    this.persistence?.record({
      kind: 'activity',
      conversationId,
      watermark,
      activity: stored as StoredActivity,
      dropped: conversation.dropped,
    });
    const listeners = this.listeners.get(conversationId);
    if (listeners) for (const listener of [...listeners]) listener(stored, watermark + 1);
    return stored;
  }

  /** Calls `listener` with each activity appended to the conversation from now on, and the watermark after it. */
  subscribe(conversationId: string, listener: (activity: Partial<Activity>, watermark: number) => void): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  /** A WebSocket stream of the conversation opened or closed: a client is there while one is open. */
  streamOpened(conversation: DirectLineConversation): void {
    conversation.streams += 1;
    this.used(conversation);
  }

  streamClosed(conversation: DirectLineConversation): void {
    conversation.streams = Math.max(0, conversation.streams - 1);
    this.used(conversation);
  }

  /** A stream's heartbeat: its client is still there. */
  streamAlive(conversation: DirectLineConversation): void {
    this.used(conversation);
  }

  /**
   * How long the conversation has been without a client (no open stream, no request with its token), in ms; 0 while
   * one is there. A conversation this process does not have (forgotten, or never kept) counts from the start.
   */
  absentMs(conversationId: string): number {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return this.now() - this.since0;
    if (conversation.streams > 0) return 0;
    return Math.max(0, this.now() - conversation.lastSeen);
  }

  verifiedUser(conversationId: string): string | undefined {
    return this.conversations.get(conversationId)?.aadObjectId;
  }

  /** The client address a conversation's token was issued to (undefined for other channels' conversations). */
  clientAddress(conversationId: string): string | undefined {
    return this.conversations.get(conversationId)?.clientAddress;
  }

  /** Stops the sweeper and makes every change durable. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const conversation of this.conversations.values())
      if (conversation.lastUsed !== conversation.recordedUse) this.recordInfo(conversation);
    await this.persistence?.close();
  }

  /** The live state as the persistent store keeps it. */
  private state(): DirectLineState {
    const tokens: DirectLineState['tokens'] = [];
    for (const [key, record] of this.tokens) tokens.push({ hash: key, ...record });
    return {
      conversations: [...this.conversations.values()].map((c) => ({
        ...this.info(c),
        dropped: c.dropped,
        activities: c.activities as StoredActivity[],
      })),
      tokens,
    };
  }

  private info(c: DirectLineConversation) {
    return {
      id: c.id,
      userId: c.userId,
      aadObjectId: c.aadObjectId,
      userName: c.userName,
      clientAddress: c.clientAddress,
      started: c.started,
      resumeKeyHash: c.resumeKeyHash,
      lastUsed: c.lastUsed,
    };
  }

  private recordInfo(conversation: DirectLineConversation): void {
    conversation.recordedUse = conversation.lastUsed;
    this.persistence?.record({ kind: 'conversation', conversation: this.info(conversation) });
  }

  private used(conversation: DirectLineConversation): void {
    const now = this.now();
    conversation.lastUsed = now;
    conversation.lastSeen = now;
    if (now - conversation.recordedUse > RECORD_USE_MS) this.recordInfo(conversation);
  }

  private removeToken(key: string, conversationId: string): void {
    this.tokens.delete(key);
    const conversation = this.conversations.get(conversationId);
    if (conversation) conversation.tokens = conversation.tokens.filter((t) => t !== key);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, record] of this.tokens) if (record.expires < now) this.removeToken(key, record.conversationId);
    for (const [id, conversation] of this.conversations) {
      if (conversation.streams > 0) this.used(conversation);
      if (now - conversation.lastUsed <= this.conversationTtlMs) continue;
      this.conversations.delete(id);
      for (const key of conversation.tokens) this.tokens.delete(key);
      this.persistence?.record({ kind: 'conversationRemoved', conversationId: id });
      const left = (this.perAddress.get(conversation.clientAddress) ?? 1) - 1;
      if (left > 0) this.perAddress.set(conversation.clientAddress, left);
      else this.perAddress.delete(conversation.clientAddress);
    }
  }
}
