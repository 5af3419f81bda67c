/**
 * What the embedded Direct Line channel keeps of its conversations, so that they outlive the process: a restarted
 * bot answers the open page in the same conversation, with its history, its verified user and its tokens.
 *
 * The channel holds its conversations in memory (bounded: conversations in total and per address, activities kept per
 * conversation, tokens per conversation) and reports every change here; a store only has to make the changes durable
 * and give the state back at start-up. Secrets are never handed over: tokens and the page's resume key arrive as
 * SHA-256 hashes.
 */

/** An activity as the channel keeps it: plain JSON with the id the channel gave it. */
export type StoredActivity = Record<string, unknown> & { id: string };

/** A conversation without its activities: who it belongs to and how it is doing. */
export interface DirectLineConversationInfo {
  id: string;
  userId: string;
  /** Set only when the token endpoint verified the website's signed assertion. */
  aadObjectId?: string;
  userName?: string;
  /** The address the conversation was opened from: limits per client count against it. */
  clientAddress: string;
  /** The bot was told the user joined (it greeted them). */
  started: boolean;
  /** SHA-256 (base64url) of the page's resume key (its session cookie). */
  resumeKeyHash?: string;
  /** Epoch ms of the last use: idle conversations are forgotten. */
  lastUsed: number;
}

export interface DirectLineConversationRecord extends DirectLineConversationInfo {
  /** The watermark of `activities[0]`: how many earlier activities were dropped. */
  dropped: number;
  /** The kept activities, oldest first. */
  activities: StoredActivity[];
}

export interface DirectLineTokenRecord {
  /** SHA-256 (base64url) of the token. */
  hash: string;
  conversationId: string;
  /** Epoch ms. */
  expires: number;
}

export interface DirectLineState {
  conversations: DirectLineConversationRecord[];
  tokens: DirectLineTokenRecord[];
}

/** One change to the channel's state. Applying a change twice has the effect of applying it once. */
export type DirectLineChange =
  /** A conversation was opened, or its info changed (started, resume key, last use). */
  | { kind: 'conversation'; conversation: DirectLineConversationInfo }
  /**
   * An activity was appended at watermark `watermark`; the conversation then keeps its activities from `dropped` on
   * (older ones fell out of its bounds).
   */
  | { kind: 'activity'; conversationId: string; watermark: number; activity: StoredActivity; dropped: number }
  /** A token was issued or its expiry extended. */
  | { kind: 'token'; token: DirectLineTokenRecord }
  | { kind: 'tokenRemoved'; hash: string }
  /** The conversation (with its activities and tokens) is forgotten. */
  | { kind: 'conversationRemoved'; conversationId: string };

export interface DirectLineConversationStore {
  /**
   * Loads what was kept (once, at start-up). `current` gives the channel's live state whenever the store wants to
   * rewrite its files compactly.
   */
  open(current: () => DirectLineState): Promise<DirectLineState>;
  /** Records a change; it is durable once a later `flush()` resolves. Never throws: failures surface in `flush()`. */
  record(change: DirectLineChange): void;
  /** Resolves once every change recorded so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Applies one change to a state (used by implementations when they load, and by their tests). */
export function applyDirectLineChange(
  conversations: Map<string, DirectLineConversationRecord>,
  tokens: Map<string, DirectLineTokenRecord>,
  change: DirectLineChange,
): void {
  switch (change.kind) {
    case 'conversation': {
      const existing = conversations.get(change.conversation.id);
      if (existing) Object.assign(existing, change.conversation);
      else conversations.set(change.conversation.id, { ...change.conversation, dropped: 0, activities: [] });
      return;
    }
    case 'activity': {
      const conversation = conversations.get(change.conversationId);
      if (!conversation) return;
      const next = conversation.dropped + conversation.activities.length;
      if (change.watermark < next) return; // already applied
      if (change.watermark > next) {
        // Activities in between were never recorded (cannot happen with an ordered log): keep what follows.
        conversation.activities = [];
        conversation.dropped = change.watermark;
      }
      conversation.activities.push(change.activity);
      const drop = Math.min(change.dropped - conversation.dropped, conversation.activities.length - 1);
      if (drop > 0) {
        conversation.activities.splice(0, drop);
        conversation.dropped += drop;
      }
      return;
    }
    case 'token':
      tokens.set(change.token.hash, { ...change.token });
      return;
    case 'tokenRemoved':
      tokens.delete(change.hash);
      return;
    case 'conversationRemoved':
      conversations.delete(change.conversationId);
      for (const [hash, token] of tokens) if (token.conversationId === change.conversationId) tokens.delete(hash);
      return;
  }
}
