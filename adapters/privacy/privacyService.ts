import type { Handoff, HandoffStatus, HandoffSummary } from '../handoff/handoffStore.js';
import type { DirectLineConversationRecord } from '../directline/directLineConversationStore.js';
import type { TranscriptEntry } from '../transcripts/transcriptStore.js';
import type { Ticket } from '../tickets/ticketStore.js';

export interface RetentionPolicy {
  /** Tickets are deleted this many days after they were filed. */
  ticketDays: number;
  /** Conversation state, handoff transcripts and feedback are deleted this many days after the last activity. */
  conversationDays: number;
}

/** One conversation in the bot's state store, as privacy sees it; the bot maps its own state format onto this. */
export interface ConversationRecord {
  conversationId: string;
  /** Whose conversation it is: Entra ID object id, else channel user id. */
  owner?: string;
  /** ISO time of the last turn; a conversation without one counts as expired. */
  lastActivity?: string;
  /** Everything stored for it, for an export. */
  state: unknown;
}

/** What privacy needs of each store: list or iterate, remove by rule, remove by age. */
export interface PrivacyStores {
  tickets: { list(): Promise<Ticket[]>; removeWhere(match: (ticket: Ticket) => boolean): Promise<Ticket[]> };
  handoffs: {
    list(statuses: HandoffStatus[]): Promise<HandoffSummary[]>;
    get(id: string): Promise<Handoff | undefined>;
    removeWhere(match: (handoff: HandoffSummary) => boolean): Promise<HandoffSummary[]>;
  };
  state: {
    conversations(): AsyncIterable<[key: string, conversation: ConversationRecord]>;
    delete(keys: string[]): Promise<void>;
    /** Makes deletions final on disk: no file still holds what was deleted. */
    checkpoint(): Promise<void>;
  };
  feedback: { removeOlderThan(cutoff: Date): Promise<number> };
  /** The embedded Web Chat channel's conversations (their activities hold what the user typed). */
  webChat?: {
    list(): Promise<DirectLineConversationRecord[]>;
    removeWhere(
      match: (conversation: DirectLineConversationRecord) => boolean,
    ): Promise<DirectLineConversationRecord[]>;
  };
  /** Absent when transcripts are not kept (TRANSCRIPT_STORE=none). */
  transcripts?: {
    purgeOlderThan(cutoff: Date): Promise<number>;
    forUser(users: Iterable<string>, conversationIds: Iterable<string>): Promise<TranscriptEntry[]>;
    deleteForUser(users: Iterable<string>, conversationIds: Iterable<string>): Promise<number>;
  };
}

/** Whom a data-subject request is about: a user (Entra ID object id or channel user id), or one conversation. */
export interface Subject {
  user?: string;
  conversation?: string;
}

export interface SubjectData {
  user: string;
  tickets: Ticket[];
  handoffs: Handoff[];
  conversations: Array<{ key: string; state: unknown }>;
  transcripts: TranscriptEntry[];
  /** Embedded Web Chat conversations with their kept activities. */
  webChat: DirectLineConversationRecord[];
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * AVG/GDPR duties over the stores: retention (expired data is deleted) and data-subject requests (export or delete
 * everything about one user, by Entra ID object id, channel user id or conversation id).
 */
export class PrivacyService {
  constructor(
    private readonly stores: PrivacyStores,
    private readonly retention: RetentionPolicy,
  ) {}

  async purgeExpired(
    now = new Date(),
  ): Promise<{ tickets: number; handoffs: number; conversations: number; feedback: number; transcriptLines: number }> {
    const ticketCutoff = new Date(now.getTime() - this.retention.ticketDays * DAY);
    const conversationCutoff = new Date(now.getTime() - this.retention.conversationDays * DAY);
    const tickets = await this.stores.tickets.removeWhere((t) => new Date(t.createdAt) < ticketCutoff);
    const handoffs = await this.stores.handoffs.removeWhere(
      (h) => new Date(h.closedAt ?? h.createdAt) < conversationCutoff,
    );
    const stale: string[] = [];
    for await (const [key, { lastActivity }] of this.stores.state.conversations()) {
      if (!lastActivity || new Date(lastActivity) < conversationCutoff) stale.push(key);
    }
    await this.stores.state.delete(stale);
    if (stale.length > 0) await this.stores.state.checkpoint();
    const feedback = await this.stores.feedback.removeOlderThan(conversationCutoff);
    const transcriptLines = (await this.stores.transcripts?.purgeOlderThan(conversationCutoff)) ?? 0;
    return {
      tickets: tickets.length,
      handoffs: handoffs.length,
      conversations: stale.length,
      feedback,
      transcriptLines,
    };
  }

  /** Everything kept about a data subject, by Entra ID object id, channel user id or conversation id. */
  async export(subject: string | Subject): Promise<SubjectData> {
    const { ids, conversationIds, label } = await this.resolve(subject);
    const tickets = (await this.stores.tickets.list()).filter((t) => ticketOf(t, ids, conversationIds));
    const summaries = (await this.stores.handoffs.list(['waiting', 'taken', 'closed'])).filter((h) =>
      handoffOf(h, ids, conversationIds),
    );
    const handoffs: Handoff[] = [];
    for (const h of summaries) handoffs.push((await this.stores.handoffs.get(h.id)) ?? { ...h, transcript: [] });
    const conversations: SubjectData['conversations'] = [];
    for await (const [key, conversation] of this.stores.state.conversations()) {
      if (conversationIds.has(withoutSlash(conversation.conversationId)))
        conversations.push({ key, state: conversation.state });
    }
    const transcripts = (await this.stores.transcripts?.forUser(ids, conversationIds)) ?? [];
    const webChat = ((await this.stores.webChat?.list()) ?? []).filter((c) => webChatOf(c, ids, conversationIds));
    return { user: label, tickets, handoffs, conversations, transcripts, webChat };
  }

  async delete(
    subject: string | Subject,
  ): Promise<{ tickets: number; handoffs: number; conversations: number; transcriptLines: number }> {
    const { ids, conversationIds } = await this.resolve(subject);
    const data = await this.export(subject);
    await this.stores.tickets.removeWhere((t) => ticketOf(t, ids, conversationIds));
    await this.stores.handoffs.removeWhere((h) => handoffOf(h, ids, conversationIds));
    await this.stores.state.delete(data.conversations.map((c) => c.key));
    // Deleted means gone from disk too, not only from the journal's latest view.
    await this.stores.state.checkpoint();
    const transcriptLines = (await this.stores.transcripts?.deleteForUser(ids, conversationIds)) ?? 0;
    await this.stores.webChat?.removeWhere((c) => webChatOf(c, ids, conversationIds));
    return {
      tickets: data.tickets.length,
      handoffs: data.handoffs.length,
      conversations: data.conversations.length,
      transcriptLines,
    };
  }

  /**
   * The ids a subject goes by, and their conversations. An Entra ID object id is also the channel ids our Web Chat
   * gives that signed-in user (`gebruiker-<id>`, `dl_gebruiker-<id>` via Azure Direct Line); conversations are those
   * the state names the subject as owner of, those their tickets, handoffs and transcript lines were in, and the
   * one asked for by id.
   */
  private async resolve(
    subject: string | Subject,
  ): Promise<{ ids: Set<string>; conversationIds: Set<string>; label: string }> {
    const s: Subject = typeof subject === 'string' ? { user: subject } : subject;
    const ids = new Set<string>();
    if (s.user) {
      const user = s.user.trim();
      for (const id of [user, user.toLowerCase()]) ids.add(id).add(`gebruiker-${id}`).add(`dl_gebruiker-${id}`);
    }
    const conversationIds = new Set<string>(s.conversation ? [withoutSlash(s.conversation.trim())] : []);
    for await (const [, conversation] of this.stores.state.conversations()) {
      if (conversation.owner && ids.has(conversation.owner))
        conversationIds.add(withoutSlash(conversation.conversationId));
    }
    for (const t of await this.stores.tickets.list())
      if (ticketOf(t, ids, new Set())) conversationIds.add(t.conversationId);
    for (const h of await this.stores.handoffs.list(['waiting', 'taken', 'closed']))
      if (handoffOf(h, ids, new Set())) conversationIds.add(h.conversationId);
    for (const e of (await this.stores.transcripts?.forUser(ids, [])) ?? []) conversationIds.add(e.conversationId);
    for (const c of (await this.stores.webChat?.list()) ?? [])
      if (webChatOf(c, ids, new Set())) conversationIds.add(c.id);
    return { ids, conversationIds, label: s.user ?? s.conversation ?? '' };
  }
}

/** State keys end in `/`: the conversation id is without it. */
const withoutSlash = (id: string) => id.replace(/\/+$/, '');
const ticketOf = (t: Ticket, ids: Set<string>, conversations: Set<string>) =>
  (t.requester.aadObjectId !== undefined && ids.has(t.requester.aadObjectId)) ||
  ids.has(t.requester.userId) ||
  conversations.has(t.conversationId);
const handoffOf = (h: HandoffSummary, ids: Set<string>, conversations: Set<string>) =>
  (h.requester.aadObjectId !== undefined && ids.has(h.requester.aadObjectId)) ||
  ids.has(h.requester.userId) ||
  conversations.has(h.conversationId);
const webChatOf = (c: DirectLineConversationRecord, ids: Set<string>, conversations: Set<string>) =>
  (c.aadObjectId !== undefined && ids.has(c.aadObjectId)) || ids.has(c.userId) || conversations.has(c.id);
