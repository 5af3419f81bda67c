import { MemoryStorage, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { AgentAccounts } from '../adapters/agents/agentAccounts.js';
import { AzureFeedbackStore } from '../adapters/feedback/azureFeedbackStore.js';
import type { FeedbackStore } from '../adapters/feedback/feedbackStore.js';
import { LowdbFeedbackStore } from '../adapters/feedback/lowdbFeedbackStore.js';
import { JournalDirectLineConversationStore } from '../adapters/directline/journalDirectLineConversationStore.js';
import { AzureEventFeed } from '../adapters/handoff/azureEventFeed.js';
import { AzureHandoffStore } from '../adapters/handoff/azureHandoffStore.js';
import { LocalEventFeed, type EventFeed } from '../adapters/handoff/eventFeed.js';
import type { HandoffStore } from '../adapters/handoff/handoffStore.js';
import { LowdbHandoffStore } from '../adapters/handoff/lowdbHandoffStore.js';
import { PrivacyService, type PrivacyStores } from '../adapters/privacy/privacyService.js';
import { AzureRateLimitStore } from '../adapters/rateLimits/azureRateLimitStore.js';
import { MemoryRateLimitStore } from '../adapters/rateLimits/memoryRateLimitStore.js';
import type { RateLimitStore } from '../adapters/rateLimits/rateLimitStore.js';
import { LowdbStorage } from '../adapters/storage/lowdbStorage.js';
import { AzureTicketStore } from '../adapters/tickets/azureTicketStore.js';
import { LowdbTicketStore } from '../adapters/tickets/lowdbTicketStore.js';
import type { TicketOutbox, TicketStore } from '../adapters/tickets/ticketStore.js';
import { LowdbTranscriptStore } from '../adapters/transcripts/lowdbTranscriptStore.js';
import type { AppConfig } from '../config/config.js';
import { createAgentAccounts } from './agentStores.js';
import type { ConversationData } from './registrationBot.js';

/** Every store the bot keeps, built from the config: for createApp and for the CLIs that work on the same data. */
export interface Stores {
  /** Conversation and dialog state (STATE_STORE). */
  state: Storage;
  /** Tickets and their mail outbox (STORE: lowdb in DATA_DIR, or an Azure table). */
  tickets: TicketStore & TicketOutbox;
  handoffs: HandoffStore;
  feedback: FeedbackStore;
  /** Messages per minute per conversation: in memory (one instance) or an Azure table (shared). */
  rateLimits: RateLimitStore;
  /** What every instance hears: the agent consoles' live events and deliveries to users on other instances. */
  events: EventFeed;
  /** Agent accounts and their console sessions (DATA_DIR/agents.json and agent-sessions.json, or Azure tables). */
  agents: AgentAccounts;
  /** The embedded Direct Line channel's conversations (the channel opens it when it starts). */
  directLine: JournalDirectLineConversationStore;
  /** Message transcripts in DATA_DIR, with TRANSCRIPT_STORE=lowdb only. */
  transcripts?: LowdbTranscriptStore;
  /** Retention and data-subject requests over the embedded stores; absent when state is not in DATA_DIR. */
  privacy?: PrivacyService;
  /** Opens the state journal (taking the folder's writer lock); returns the lines an earlier crash left torn. */
  open(): Promise<{ tornLines: number }>;
  close(): Promise<void>;
}

export interface StoreOverrides {
  state?: Storage;
  /** Told when a shared (Azure) store fails in the background: the event feed, the rate limits. */
  onError?: (err: unknown, what: string) => void;
  /** How often the Azure event feed is read (tests, the cluster demo). */
  eventPollMs?: number;
}

export function createStores(config: AppConfig, overrides: StoreOverrides = {}): Stores {
  const lowdbState =
    !overrides.state && config.stateStore.kind === 'lowdb' ? new LowdbStorage(config.dataDir) : undefined;
  const state =
    overrides.state ??
    lowdbState ??
    (config.stateStore.kind === 'blobs'
      ? new BlobsStorage(config.stateStore.connectionString, config.stateStore.container)
      : new MemoryStorage());
  const transcripts = config.transcriptStore.kind === 'lowdb' ? new LowdbTranscriptStore(config.dataDir) : undefined;
  const onError = overrides.onError ?? (() => undefined);
  const mailTickets = Boolean(config.smtpUrl);
  const shared =
    config.store.kind === 'azure'
      ? azureStores(config.store, { ...overrides, onError, mailTickets, perMinute: config.rateLimitPerMinute })
      : lowdbStores(config, { mailTickets, perMinute: config.rateLimitPerMinute });
  // Azure Blob Storage has its own retention (the container's lifecycle rules); memory state does not outlive the process.
  const directLine = new JournalDirectLineConversationStore(config.dataDir);
  const privacy =
    lowdbState && shared.lowdb
      ? new PrivacyService(
          { ...shared.lowdb, transcripts, state: conversationsIn(lowdbState), webChat: directLine },
          config.retention,
        )
      : undefined;
  return {
    state,
    tickets: shared.tickets,
    handoffs: shared.handoffs,
    feedback: shared.feedback,
    rateLimits: shared.rateLimits,
    events: shared.events,
    agents: createAgentAccounts(config),
    directLine,
    transcripts,
    privacy,
    open: async () => {
      await shared.events.start();
      if (!lowdbState) return { tornLines: 0 };
      await lowdbState.open();
      return { tornLines: lowdbState.tornLinesOnLoad };
    },
    close: async () => {
      shared.rateLimits.close();
      await shared.events.close();
      await shared.close?.();
      await lowdbState?.close();
      await transcripts?.close();
      // Opened by the channel (it closes it first) or by a data-subject request.
      await directLine.close();
    },
  };
}

interface SharedStores {
  tickets: TicketStore & TicketOutbox;
  handoffs: HandoffStore;
  feedback: FeedbackStore;
  rateLimits: RateLimitStore;
  events: EventFeed;
  /** The embedded stores as privacy needs them (removal by rule and age); absent on Azure. */
  lowdb?: Pick<PrivacyStores, 'tickets' | 'handoffs' | 'feedback'>;
  /** Closes what these stores keep open (the feedback journal). */
  close?(): Promise<void>;
}

/** STORE=lowdb: files in DATA_DIR, rate limits and events in memory: one instance. */
function lowdbStores(config: AppConfig, options: { mailTickets: boolean; perMinute: number }): SharedStores {
  const tickets = new LowdbTicketStore(config.dataDir, { mailTickets: options.mailTickets });
  const handoffs = new LowdbHandoffStore(config.dataDir);
  const feedback = new LowdbFeedbackStore(config.dataDir);
  return {
    tickets,
    handoffs,
    feedback,
    rateLimits: new MemoryRateLimitStore({ perMinute: options.perMinute }),
    events: new LocalEventFeed(),
    lowdb: { tickets, handoffs, feedback },
    close: () => feedback.close(),
  };
}

/** STORE=azure: Azure Tables in the configured account, shared by every instance. */
function azureStores(
  store: Extract<AppConfig['store'], { kind: 'azure' }>,
  options: StoreOverrides & {
    onError: NonNullable<StoreOverrides['onError']>;
    mailTickets: boolean;
    perMinute: number;
  },
): SharedStores {
  const tables = { connectionString: store.connectionString, tablePrefix: store.tablePrefix };
  return {
    tickets: new AzureTicketStore(tables, { mailTickets: options.mailTickets }),
    handoffs: new AzureHandoffStore(tables),
    feedback: new AzureFeedbackStore(tables),
    rateLimits: new AzureRateLimitStore(tables, {
      perMinute: options.perMinute,
      onError: (err) => options.onError(err, 'rate limit'),
    }),
    events: new AzureEventFeed(tables, {
      pollMs: options.eventPollMs,
      onError: (err) => options.onError(err, 'event feed'),
    }),
  };
}

/**
 * The bot's conversations in its state store, for privacy: ConversationState keys are
 * `<channelId>/conversations/<conversationId>`, and the bot records owner and last activity in conversationData.
 */
function conversationsIn(storage: LowdbStorage): PrivacyStores['state'] {
  return {
    async *conversations() {
      for await (const [key, item] of storage.entries()) {
        const data = (item as { conversationData?: ConversationData }).conversationData;
        yield [
          key,
          {
            conversationId: key.split('/conversations/')[1] ?? key,
            owner: data?.owner,
            lastActivity: data?.lastActivity,
            state: item,
          },
        ];
      }
    },
    delete: (keys) => storage.delete(keys),
    checkpoint: () => storage.checkpoint(),
  };
}
