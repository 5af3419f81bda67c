import type { Handoff, HandoffStatus } from '../handoff/handoffStore.js';
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
  handoffs: { list(statuses: HandoffStatus[]): Promise<Handoff[]>; removeWhere(match: (handoff: Handoff) => boolean): Promise<Handoff[]> };
  state: {
    conversations(): AsyncIterable<[key: string, conversation: ConversationRecord]>;
    delete(keys: string[]): Promise<void>;
    /** Makes deletions final on disk: no file still holds what was deleted. */
    checkpoint(): Promise<void>;
  };
  feedback: { removeOlderThan(cutoff: Date): Promise<number> };
  /** Absent when transcripts are not kept (TRANSCRIPT_STORE=none). */
  transcripts?: {
    purgeOlderThan(cutoff: Date): Promise<number>;
    forUser(user: string, conversationIds: Iterable<string>): Promise<TranscriptEntry[]>;
    deleteForUser(user: string, conversationIds: Iterable<string>): Promise<number>;
  };
}

export interface SubjectData {
  user: string;
  tickets: Ticket[];
  handoffs: Handoff[];
  conversations: Array<{ key: string; state: unknown }>;
  transcripts: TranscriptEntry[];
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * AVG/GDPR duties over the embedded stores: retention (expired data is deleted) and data-subject requests
 * (export or delete everything about one user, by Entra ID object id or channel user id).
 */
export class PrivacyService {
  constructor(
    private readonly stores: PrivacyStores,
    private readonly retention: RetentionPolicy,
  ) {}

  async purgeExpired(now = new Date()): Promise<{ tickets: number; handoffs: number; conversations: number; feedback: number; transcriptLines: number }> {
    const ticketCutoff = new Date(now.getTime() - this.retention.ticketDays * DAY);
    const conversationCutoff = new Date(now.getTime() - this.retention.conversationDays * DAY);
    const tickets = await this.stores.tickets.removeWhere((t) => new Date(t.createdAt) < ticketCutoff);
    const handoffs = await this.stores.handoffs.removeWhere((h) => new Date(h.closedAt ?? h.createdAt) < conversationCutoff);
    const stale: string[] = [];
    for await (const [key, { lastActivity }] of this.stores.state.conversations()) {
      if (!lastActivity || new Date(lastActivity) < conversationCutoff) stale.push(key);
    }
    await this.stores.state.delete(stale);
    if (stale.length > 0) await this.stores.state.checkpoint();
    const feedback = await this.stores.feedback.removeOlderThan(conversationCutoff);
    const transcriptLines = (await this.stores.transcripts?.purgeOlderThan(conversationCutoff)) ?? 0;
    return { tickets: tickets.length, handoffs: handoffs.length, conversations: stale.length, feedback, transcriptLines };
  }

  async export(user: string): Promise<SubjectData> {
    return (await this.collect(user)).data;
  }

  async delete(user: string): Promise<{ tickets: number; handoffs: number; conversations: number; transcriptLines: number }> {
    const { data, conversationIds } = await this.collect(user);
    await this.stores.tickets.removeWhere((t) => ticketOf(t, user));
    await this.stores.handoffs.removeWhere((h) => handoffOf(h, user));
    await this.stores.state.delete(data.conversations.map((c) => c.key));
    // Deleted means gone from disk too, not only from the journal's latest view.
    await this.stores.state.checkpoint();
    const transcriptLines = (await this.stores.transcripts?.deleteForUser(user, conversationIds)) ?? 0;
    return { tickets: data.tickets.length, handoffs: data.handoffs.length, conversations: data.conversations.length, transcriptLines };
  }

  private async collect(user: string): Promise<{ data: SubjectData; conversationIds: string[] }> {
    const tickets = (await this.stores.tickets.list()).filter((t) => ticketOf(t, user));
    const handoffs = (await this.stores.handoffs.list(['waiting', 'taken', 'closed'])).filter((h) => handoffOf(h, user));
    const conversations: SubjectData['conversations'] = [];
    const conversationIds: string[] = [];
    for await (const [key, conversation] of this.stores.state.conversations()) {
      if (conversation.owner !== user) continue;
      conversations.push({ key, state: conversation.state });
      conversationIds.push(conversation.conversationId);
    }
    const transcripts = (await this.stores.transcripts?.forUser(user, conversationIds)) ?? [];
    return { data: { user, tickets, handoffs, conversations, transcripts }, conversationIds };
  }
}

const ticketOf = (t: Ticket, user: string) => t.requester.aadObjectId === user || t.requester.userId === user;
const handoffOf = (h: Handoff, user: string) => h.requester.aadObjectId === user || h.requester.userId === user;
