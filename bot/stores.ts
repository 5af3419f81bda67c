import { MemoryStorage, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { AgentStore } from '../adapters/agents/agentStore.js';
import { LowdbFeedbackStore } from '../adapters/feedback/lowdbFeedbackStore.js';
import { JournalDirectLineConversationStore } from '../adapters/directline/journalDirectLineConversationStore.js';
import { LowdbHandoffStore } from '../adapters/handoff/lowdbHandoffStore.js';
import { PrivacyService, type PrivacyStores } from '../adapters/privacy/privacyService.js';
import { LowdbStorage } from '../adapters/storage/lowdbStorage.js';
import { LowdbTicketStore } from '../adapters/tickets/lowdbTicketStore.js';
import { LowdbTranscriptStore } from '../adapters/transcripts/lowdbTranscriptStore.js';
import type { AppConfig } from '../config/config.js';
import type { ConversationData } from './registrationBot.js';

/** Every store the bot keeps, built from the config: for createApp and for the CLIs that work on the same data. */
export interface Stores {
  /** Conversation and dialog state (STATE_STORE). */
  state: Storage;
  tickets: LowdbTicketStore;
  handoffs: LowdbHandoffStore;
  feedback: LowdbFeedbackStore;
  agents: AgentStore;
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

export function createStores(config: AppConfig, overrides: { state?: Storage } = {}): Stores {
  const lowdbState =
    !overrides.state && config.stateStore.kind === 'lowdb' ? new LowdbStorage(config.dataDir) : undefined;
  const state =
    overrides.state ??
    lowdbState ??
    (config.stateStore.kind === 'blobs'
      ? new BlobsStorage(config.stateStore.connectionString, config.stateStore.container)
      : new MemoryStorage());
  const tickets = new LowdbTicketStore(config.dataDir, { mailTickets: Boolean(config.smtpUrl) });
  const handoffs = new LowdbHandoffStore(config.dataDir);
  const feedback = new LowdbFeedbackStore(config.dataDir);
  const transcripts = config.transcriptStore.kind === 'lowdb' ? new LowdbTranscriptStore(config.dataDir) : undefined;
  // Azure Blob Storage has its own retention (the container's lifecycle rules); memory state does not outlive the process.
  const directLine = new JournalDirectLineConversationStore(config.dataDir);
  const privacy = lowdbState
    ? new PrivacyService(
        { tickets, handoffs, feedback, transcripts, state: conversationsIn(lowdbState), webChat: directLine },
        config.retention,
      )
    : undefined;
  return {
    state,
    tickets,
    handoffs,
    feedback,
    agents: new AgentStore(config.dataDir),
    directLine,
    transcripts,
    privacy,
    open: async () => {
      if (!lowdbState) return { tornLines: 0 };
      await lowdbState.open();
      return { tornLines: lowdbState.tornLinesOnLoad };
    },
    close: async () => {
      await lowdbState?.close();
      await transcripts?.close();
      // Opened by the channel (it closes it first) or by a data-subject request.
      await directLine.close();
    },
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
