import { stripInvisible } from '../freeText.js';
/** A conversation a servicedesk agent can take over. */
export type HandoffStatus = 'waiting' | 'taken' | 'closed';

export interface TranscriptLine {
  from: 'user' | 'bot' | 'agent';
  text: string;
  at: string;
  /** Agent name, for lines from an agent. */
  agent?: string;
}

/** A handoff without its transcript: what lists and the queue need, small whatever the conversation's length. */
export interface HandoffSummary {
  id: string;
  conversationId: string;
  /** The Bot Framework conversation reference, kept so messages can reach the user later (proactive). */
  reference: Record<string, unknown>;
  status: HandoffStatus;
  reason: string;
  requester: { userId: string; aadObjectId?: string; name?: string; verified: boolean };
  school?: { customerNumber: string; name: string };
  /** The client address of a website visitor, for the limit of queued conversations per address. */
  clientAddress?: string;
  createdAt: string;
  takenBy?: string;
  takenAt?: string;
  closedAt?: string;
}

export interface Handoff extends HandoffSummary {
  /** The last lines (bounded), oldest first. */
  transcript: TranscriptLine[];
}

/** Thrown by `open` when the requester's address already has as many conversations waiting as allowed. */
export class QueueLimitError extends Error {
  constructor(readonly limit: number) {
    super(`HandoffStore: ${limit} conversations from this address are waiting already`);
  }
}

export interface HandoffStore {
  /**
   * Queues a conversation; an open handoff of the same conversation is returned instead of a second one.
   * With `maxWaitingPerAddress`, throws {@link QueueLimitError} when the handoff's clientAddress has that many waiting.
   */
  open(
    handoff: Omit<Handoff, 'id' | 'status' | 'createdAt'>,
    limits?: { maxWaitingPerAddress?: number },
  ): Promise<HandoffSummary>;
  /** One handoff with its transcript. */
  get(id: string): Promise<Handoff | undefined>;
  /** The waiting or taken handoff of a conversation, if any. */
  openFor(conversationId: string): Promise<HandoffSummary | undefined>;
  list(statuses: HandoffStatus[]): Promise<HandoffSummary[]>;
  /** Atomically assigns a waiting handoff to an agent; undefined when it was not waiting (someone else won). */
  take(id: string, agent: string): Promise<HandoffSummary | undefined>;
  /** Adds a line to the transcript without rewriting any other handoff. */
  append(id: string, line: TranscriptLine): Promise<void>;
  close(id: string): Promise<HandoffSummary | undefined>;
}

/** Lines of a handoff's transcript the console gets; a store trims its oldest lines once it holds COMPACT_AT. */
export const MAX_TRANSCRIPT = 200;
export const COMPACT_AT = 2 * MAX_TRANSCRIPT;
const MAX_LINE = 4000;
/** What a handoff id looks like (a UUID): anything else is no handoff, before any file or table is touched. */
export const HANDOFF_ID = /^[0-9a-f-]{36}$/;

/** A transcript line as stored: invisible characters removed, at most MAX_LINE characters. */
export function cleanLine(line: TranscriptLine): TranscriptLine {
  return { ...line, text: stripInvisible(line.text).slice(0, MAX_LINE) };
}
