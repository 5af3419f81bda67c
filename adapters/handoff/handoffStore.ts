/** A conversation a servicedesk agent can take over. */
export type HandoffStatus = 'waiting' | 'taken' | 'closed';

export interface TranscriptLine {
  from: 'user' | 'bot' | 'agent';
  text: string;
  at: string;
  /** Agent name, for lines from an agent. */
  agent?: string;
}

export interface Handoff {
  id: string;
  conversationId: string;
  /** The Bot Framework conversation reference, kept so messages can reach the user later (proactive). */
  reference: Record<string, unknown>;
  status: HandoffStatus;
  reason: string;
  requester: { userId: string; aadObjectId?: string; name?: string; verified: boolean };
  school?: { customerNumber: string; name: string };
  transcript: TranscriptLine[];
  createdAt: string;
  takenBy?: string;
  takenAt?: string;
  closedAt?: string;
}

export interface HandoffStore {
  /** Queues a conversation; an open handoff of the same conversation is returned instead of a second one. */
  open(handoff: Omit<Handoff, 'id' | 'status' | 'createdAt'>): Promise<Handoff>;
  get(id: string): Promise<Handoff | undefined>;
  /** The waiting or taken handoff of a conversation, if any. */
  openFor(conversationId: string): Promise<Handoff | undefined>;
  list(statuses: HandoffStatus[]): Promise<Handoff[]>;
  /** Atomically assigns a waiting handoff to an agent; undefined when it was not waiting (someone else won). */
  take(id: string, agent: string): Promise<Handoff | undefined>;
  append(id: string, line: TranscriptLine): Promise<Handoff | undefined>;
  close(id: string): Promise<Handoff | undefined>;
}
