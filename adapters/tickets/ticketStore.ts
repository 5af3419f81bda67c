/** The requests the bot files for the servicedesk (FAQ: "neem contact op met de servicedesk"). */
export type TicketKind =
  'order_correction' | 'contact_change' | 'basispakket_reduction' | 'claim_request' | 'general_request';
export type TicketStatus = 'Nieuw' | 'In behandeling' | 'Afgerond';

export interface TicketRequester {
  /** Set only for identities the channel vouched for. */
  aadObjectId?: string;
  /** The channel's user id: how an anonymous visitor finds their own tickets again. */
  userId: string;
  name?: string;
  email?: string;
  /** False for anonymous website visitors: the servicedesk must check who they are. */
  verified: boolean;
}

export interface NewTicket {
  kind: TicketKind;
  title: string;
  requester: TicketRequester;
  /** Only from the portal's answer for a verified identity; never for anonymous visitors. */
  school?: { customerNumber: string; name: string };
  /** The answers the user gave, in the order asked, labelled in Dutch for the servicedesk. */
  fields: Array<{ label: string; value: string }>;
  conversationId: string;
}

export interface Ticket extends NewTicket {
  /** Human-readable, shown to the user: SD-2026-000042. */
  reference: string;
  status: TicketStatus;
  createdAt: string;
  mailedAt?: string;
}

export interface OutboxItem {
  reference: string;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

/**
 * Where tickets live. `create` resolves only once the ticket is durably stored, and is idempotent per key:
 * a retried or doubled confirmation gets the same ticket back instead of a second one.
 */
export interface TicketStore {
  create(ticket: NewTicket, idempotencyKey: string): Promise<{ ticket: Ticket; created: boolean }>;
  get(reference: string): Promise<Ticket | undefined>;
  list(): Promise<Ticket[]>;
  /** The user's own tickets: by aadObjectId when verified, else by channel user id. */
  listForRequester(requester: Pick<TicketRequester, 'aadObjectId' | 'userId'>): Promise<Ticket[]>;
  setStatus(reference: string, status: TicketStatus): Promise<void>;
}

/** Tickets still to be mailed; filled in the same write that stores the ticket, so none is forgotten. */
export interface TicketOutbox {
  due(now: Date): Promise<OutboxItem[]>;
  /**
   * Takes a due item for one delivery attempt: it is not due again before `until` (a worker that dies mid-send
   * leaves it to be retried then). Undefined when it is not due: another worker, in any instance, claimed it first.
   */
  claim(reference: string, now: Date, until: Date): Promise<OutboxItem | undefined>;
  delivered(reference: string, at: Date): Promise<void>;
  failed(reference: string, error: string, retryAt: Date): Promise<void>;
  pending(): Promise<OutboxItem[]>;
}
