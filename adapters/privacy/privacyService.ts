import type { LowdbFeedbackStore } from '../feedback/lowdbFeedbackStore.js';
import type { Handoff } from '../handoff/handoffStore.js';
import type { LowdbHandoffStore } from '../handoff/lowdbHandoffStore.js';
import type { LowdbStorage } from '../storage/lowdbStorage.js';
import type { LowdbTicketStore } from '../tickets/lowdbTicketStore.js';
import type { LowdbTranscriptStore } from '../transcripts/lowdbTranscriptStore.js';
import type { TranscriptEntry } from '../transcripts/transcriptStore.js';
import type { Ticket } from '../tickets/ticketStore.js';

export interface RetentionPolicy {
  /** Tickets are deleted this many days after they were filed. */
  ticketDays: number;
  /** Conversation state, handoff transcripts and feedback are deleted this many days after the last activity. */
  conversationDays: number;
}

/** The conversation data the bot keeps per conversation that privacy needs to see (see bot/registrationBot.ts). */
interface ConversationMeta {
  conversationData?: { owner?: string; lastActivity?: string };
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
    private readonly stores: {
      tickets: LowdbTicketStore;
      handoffs: LowdbHandoffStore;
      state: LowdbStorage;
      feedback: LowdbFeedbackStore;
      /** Absent when transcripts are not kept (TRANSCRIPT_STORE=none). */
      transcripts?: LowdbTranscriptStore;
    },
    private readonly retention: RetentionPolicy,
  ) {}

  async purgeExpired(now = new Date()): Promise<{ tickets: number; handoffs: number; conversations: number; feedback: number; transcriptLines: number }> {
    const ticketCutoff = new Date(now.getTime() - this.retention.ticketDays * DAY);
    const conversationCutoff = new Date(now.getTime() - this.retention.conversationDays * DAY);
    const tickets = await this.stores.tickets.removeWhere((t) => new Date(t.createdAt) < ticketCutoff);
    const handoffs = await this.stores.handoffs.removeWhere((h) => new Date(h.closedAt ?? h.createdAt) < conversationCutoff);
    const stale: string[] = [];
    for await (const [key, item] of this.stores.state.entries()) {
      const last = (item as ConversationMeta).conversationData?.lastActivity;
      if (!last || new Date(last) < conversationCutoff) stale.push(key);
    }
    await this.stores.state.delete(stale);
    if (stale.length > 0) await this.stores.state.checkpoint();
    const feedback = await this.stores.feedback.removeOlderThan(conversationCutoff);
    const transcriptLines = (await this.stores.transcripts?.purgeOlderThan(conversationCutoff)) ?? 0;
    return { tickets: tickets.length, handoffs: handoffs.length, conversations: stale.length, feedback, transcriptLines };
  }

  async export(user: string): Promise<SubjectData> {
    const tickets = (await this.stores.tickets.list()).filter((t) => ticketOf(t, user));
    const handoffs = (await this.stores.handoffs.list(['waiting', 'taken', 'closed'])).filter((h) => handoffOf(h, user));
    const conversations: SubjectData['conversations'] = [];
    for await (const [key, item] of this.stores.state.entries()) {
      if ((item as ConversationMeta).conversationData?.owner === user) conversations.push({ key, state: item });
    }
    const transcripts = (await this.stores.transcripts?.forUser(user, conversations.map((c) => conversationIdOf(c.key)))) ?? [];
    return { user, tickets, handoffs, conversations, transcripts };
  }

  async delete(user: string): Promise<{ tickets: number; handoffs: number; conversations: number; transcriptLines: number }> {
    const data = await this.export(user);
    await this.stores.tickets.removeWhere((t) => ticketOf(t, user));
    await this.stores.handoffs.removeWhere((h) => handoffOf(h, user));
    await this.stores.state.delete(data.conversations.map((c) => c.key));
    // Deleted means gone from disk too, not only from the journal's latest view.
    await this.stores.state.checkpoint();
    const transcriptLines = (await this.stores.transcripts?.deleteForUser(user, data.conversations.map((c) => conversationIdOf(c.key)))) ?? 0;
    return { tickets: data.tickets.length, handoffs: data.handoffs.length, conversations: data.conversations.length, transcriptLines };
  }
}

/** ConversationState keys are `<channelId>/conversations/<conversationId>`. */
const conversationIdOf = (key: string) => key.split('/conversations/')[1] ?? key;
const ticketOf = (t: Ticket, user: string) => t.requester.aadObjectId === user || t.requester.userId === user;
const handoffOf = (h: Handoff, user: string) => h.requester.aadObjectId === user || h.requester.userId === user;
