import { randomBytes, randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';

export interface DirectLineConversation {
  id: string;
  userId: string;
  /** Set only when the token endpoint verified the website's signed assertion. */
  aadObjectId?: string;
  userName?: string;
  activities: Partial<Activity>[];
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
  /** @default 1000 */
  maxActivities?: number;
}

/**
 * Conversations and tokens of the embedded Direct Line channel, in memory: a Web Chat conversation lives as
 * long as the page, and its dialog state is in the bot's conversation state like any other channel's.
 */
export class DirectLineStore {
  private readonly conversations = new Map<string, DirectLineConversation>();
  private readonly tokens = new Map<string, TokenRecord>();
  readonly tokenTtlSeconds: number;
  private readonly conversationTtlMs: number;
  readonly maxActivities: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: DirectLineStoreOptions = {}) {
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
    this.conversationTtlMs = (options.conversationTtlSeconds ?? 3600) * 1000;
    this.maxActivities = options.maxActivities ?? 1000;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /** A new conversation and a token for it; the user is verified only when `aadObjectId` is given. */
  open(user: { userId: string; aadObjectId?: string; name?: string }): { conversation: DirectLineConversation; token: string } {
    const conversation: DirectLineConversation = { id: `dl-${randomUUID()}`, ...user, userName: user.name, activities: [], lastUsed: Date.now(), started: false };
    this.conversations.set(conversation.id, conversation);
    return { conversation, token: this.issueToken(conversation.id) };
  }

  issueToken(conversationId: string): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { conversationId, expires: Date.now() + this.tokenTtlSeconds * 1000 });
    return token;
  }

  /** The conversation a valid, unexpired token belongs to. */
  byToken(token: string | undefined): { conversation?: DirectLineConversation; problem?: 'missing' | 'invalid' | 'expired' } {
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

  /** Appends an activity with the next id; the watermark is the count of activities. */
  append(conversationId: string, activity: Partial<Activity>): Partial<Activity> | undefined {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return undefined;
    const stored = { ...activity, id: `${conversationId}|${String(conversation.activities.length).padStart(7, '0')}`, timestamp: new Date() } as Partial<Activity>;
    conversation.activities.push(stored);
    return stored;
  }

  verifiedUser(conversationId: string): string | undefined {
    return this.conversations.get(conversationId)?.aadObjectId;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, record] of this.tokens) if (record.expires < now) this.tokens.delete(token);
    for (const [id, conversation] of this.conversations) if (now - conversation.lastUsed > this.conversationTtlMs) this.conversations.delete(id);
  }
}
