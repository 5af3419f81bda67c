import { randomBytes, randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';

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
  /** The secret of the page's session cookie: whoever presents it may get a new token for this conversation. */
  resumeKey?: string;
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
}

export type OpenResult = { conversation: DirectLineConversation; token: string } | { refused: 'address' | 'total' };

/**
 * Conversations and tokens of the embedded Direct Line channel, in memory: a Web Chat conversation lives as
 * long as the page, and its dialog state is in the bot's conversation state like any other channel's.
 * Everything here is bounded (conversations in total and per address, activities kept per conversation), because
 * the page is public: what an anonymous visitor can make the process hold must not grow with their effort.
 */
export class DirectLineStore {
  private readonly conversations = new Map<string, DirectLineConversation>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly perAddress = new Map<string, number>();
  readonly tokenTtlSeconds: number;
  private readonly conversationTtlMs: number;
  readonly maxActivities: number;
  private readonly keepActivities: number;
  private readonly keepBytes: number;
  private readonly maxConversations: number;
  private readonly maxConversationsPerAddress: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: DirectLineStoreOptions = {}) {
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
    this.conversationTtlMs = (options.conversationTtlSeconds ?? 3600) * 1000;
    this.maxActivities = options.maxActivities ?? 1000;
    this.keepActivities = options.keepActivities ?? 100;
    this.keepBytes = options.keepBytes ?? 128 * 1024;
    this.maxConversations = options.maxConversations ?? 1000;
    this.maxConversationsPerAddress = options.maxConversationsPerAddress ?? 20;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.conversations.size;
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
      lastUsed: Date.now(),
      started: false,
    };
    this.conversations.set(conversation.id, conversation);
    this.perAddress.set(clientAddress, (this.perAddress.get(clientAddress) ?? 0) + 1);
    return { conversation, token: this.issueToken(conversation.id) };
  }

  issueToken(conversationId: string): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { conversationId, expires: Date.now() + this.tokenTtlSeconds * 1000 });
    return token;
  }

  /** The conversation a valid, unexpired token belongs to. */
  byToken(token: string | undefined): {
    conversation?: DirectLineConversation;
    problem?: 'missing' | 'invalid' | 'expired';
  } {
    if (!token) return { problem: 'missing' };
    const record = this.tokens.get(token);
    if (!record) return { problem: 'invalid' };
    if (record.expires < Date.now()) {
      this.tokens.delete(token);
      return { problem: 'expired' };
    }
    const conversation = this.conversations.get(record.conversationId);
    if (!conversation) return { problem: 'expired' };
    conversation.lastUsed = Date.now();
    return { conversation };
  }

  /** Extends a valid token: same token, new expiry. */
  refresh(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record || record.expires < Date.now()) return false;
    record.expires = Date.now() + this.tokenTtlSeconds * 1000;
    return true;
  }

  get(conversationId: string): DirectLineConversation | undefined {
    return this.conversations.get(conversationId);
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
    const stored = {
      ...activity,
      id: `${conversationId}|${String(this.watermark(conversation)).padStart(7, '0')}`,
      timestamp: new Date(),
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
    return stored;
  }

  verifiedUser(conversationId: string): string | undefined {
    return this.conversations.get(conversationId)?.aadObjectId;
  }

  /** The client address a conversation's token was issued to (undefined for other channels' conversations). */
  clientAddress(conversationId: string): string | undefined {
    return this.conversations.get(conversationId)?.clientAddress;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, record] of this.tokens) if (record.expires < now) this.tokens.delete(token);
    for (const [id, conversation] of this.conversations) {
      if (now - conversation.lastUsed <= this.conversationTtlMs) continue;
      this.conversations.delete(id);
      const left = (this.perAddress.get(conversation.clientAddress) ?? 1) - 1;
      if (left > 0) this.perAddress.set(conversation.clientAddress, left);
      else this.perAddress.delete(conversation.clientAddress);
    }
  }
}
