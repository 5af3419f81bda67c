import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CloudAdapter,
  ConversationState,
  MemoryStorage,
  TranscriptLoggerMiddleware,
  type Middleware,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
  type Storage,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { Server } from 'restify';
import { BlobsStorage, BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import { LowdbFeedbackStore } from '../adapters/feedback/lowdbFeedbackStore.js';
import type { FeedbackStore } from '../adapters/feedback/feedbackStore.js';
import { LowdbStorage } from '../adapters/storage/lowdbStorage.js';
import { PrivacyService } from '../adapters/privacy/privacyService.js';
import { EmbeddedPortal } from '../adapters/portal/embeddedPortal.js';
import { HttpPortal } from '../adapters/portal/httpPortal.js';
import type { PortalAdapter } from '../adapters/portal/portalAdapter.js';
import { LowdbTranscriptStore } from '../adapters/transcripts/lowdbTranscriptStore.js';
import { LowdbTicketStore } from '../adapters/tickets/lowdbTicketStore.js';
import { OutboxWorker } from '../adapters/tickets/outboxWorker.js';
import { SmtpTicketMailer } from '../adapters/tickets/ticketMailer.js';
import type { TicketStore } from '../adapters/tickets/ticketStore.js';
import { AgentStore } from '../adapters/agents/agentStore.js';
import { LowdbHandoffStore } from '../adapters/handoff/lowdbHandoffStore.js';
import type { HandoffStore } from '../adapters/handoff/handoffStore.js';
import { CachingBotFrameworkAuthentication } from './cachingBotFrameworkAuthentication.js';
import { AgentEvents } from './agentConsole/agentEvents.js';
import { registerAgentRoutes } from './agentConsole/agentRoutes.js';
import { AgentSessions } from './agentConsole/agentSessions.js';
import { HandoffCoordinator } from './handoffCoordinator.js';
import { ServicedeskHours } from './servicedeskHours.js';
import { RateLimiter } from './rateLimiter.js';
import { RateLimitMiddleware } from './rateLimitMiddleware.js';
import { messagesOnly, StoreTranscriptLogger } from './transcriptLogging.js';
import { DirectLineAdapter, EMBEDDED_SERVICE_URL } from './webchat/directLineAdapter.js';
import { registerDirectLineRoutes } from './webchat/directLineRoutes.js';
import { DirectLineStore } from './webchat/directLineStore.js';
import { registerWebChatPage } from './webchat/webChatPage.js';
import { registerWebChatTokenRoute } from './webchat/webChatTokens.js';
import { CartStatusDialog } from '../dialogs/cartStatusDialog.js';
import { TicketFormDialog } from '../dialogs/ticketFormDialog.js';
import { TICKET_FORMS } from '../dialogs/ticketForms.js';
import { TicketStatusDialog } from '../dialogs/ticketStatusDialog.js';
import { OrderStatusDialog } from '../dialogs/orderStatusDialog.js';
import { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../knowledge/knowledgeLoader.js';
import type { AppConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { RegistrationBot } from './registrationBot.js';
import { createServer } from './server.js';
import { TemplateRenderer } from './templateRenderer.js';

export interface App {
  config: AppConfig;
  server: Server;
  bot: RegistrationBot;
  adapter: CloudAdapter;
  knowledge: KnowledgeBase;
  feedback: FeedbackStore;
  portal: PortalAdapter;
  tickets: TicketStore;
  outbox?: OutboxWorker;
  handoffs: HandoffStore;
  agents: AgentStore;
  privacy?: PrivacyService;
  logger: Logger;
  /** Listens on config.port (0 = a free port) and resolves with the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

export interface AppOverrides {
  logger?: Logger;
  storage?: Storage;
  portal?: PortalAdapter;
  /** How often the mail outbox is checked (tests shorten it). */
  outboxIntervalMs?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const BOT_TEMPLATES = path.join(here, 'templates');
const DIALOG_TEMPLATES = path.join(here, '..', 'dialogs', 'templates');

function createStateStorage(config: AppConfig): Storage {
  switch (config.stateStore.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'blobs':
      return new BlobsStorage(config.stateStore.connectionString, config.stateStore.container);
    default:
      return new LowdbStorage(config.dataDir);
  }
}

/** The SDK's transcript logging into the configured store; `none` logs nothing. */
function createTranscripts(config: AppConfig, logger: Logger): { middleware?: Middleware; store?: LowdbTranscriptStore } {
  switch (config.transcriptStore.kind) {
    case 'lowdb': {
      const store = new LowdbTranscriptStore(config.dataDir);
      return { store, middleware: new TranscriptLoggerMiddleware(messagesOnly(new StoreTranscriptLogger(store, logger))) };
    }
    case 'blobs':
      return { middleware: new TranscriptLoggerMiddleware(messagesOnly(new BlobsTranscriptStore(config.transcriptStore.connectionString, config.transcriptStore.container))) };
    default:
      return {};
  }
}

/** The composition root: builds every part from the config and wires them together. Nothing else reads env. */
export function createApp(config: AppConfig, overrides: AppOverrides = {}): App {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const knowledge = new KnowledgeBase(loadKnowledge(), config.thresholds);
  const templates = new TemplateRenderer(BOT_TEMPLATES);
  const portal =
    overrides.portal ??
    (config.portalUrl ? new HttpPortal({ baseUrl: config.portalUrl, timeoutMs: config.portalTimeoutMs, token: config.portalToken }) : new EmbeddedPortal(config.dataDir));
  const storage = overrides.storage ?? createStateStorage(config);
  const feedback = new LowdbFeedbackStore(config.dataDir);
  const tickets = new LowdbTicketStore(config.dataDir, { mailTickets: Boolean(config.smtpUrl) });
  const mailer = config.smtpUrl && config.servicedeskEmail ? new SmtpTicketMailer(config.smtpUrl, config.servicedeskEmail) : undefined;
  const outbox = mailer ? new OutboxWorker(tickets, tickets, mailer, logger, { intervalMs: overrides.outboxIntervalMs, retryMs: overrides.outboxIntervalMs }) : undefined;

  const auth = new CachingBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftApp.appId,
    MicrosoftAppPassword: config.microsoftApp.appPassword,
    MicrosoftAppType: config.microsoftApp.appType,
    MicrosoftAppTenantId: config.microsoftApp.tenantId,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  const directLineStore = new DirectLineStore();
  const directLineAdapter = new DirectLineAdapter(directLineStore);
  /** Azure Direct Line conversations whose user our token endpoint verified (embedded ones keep it themselves). */
  const verifiedAzureConversations = new Map<string, string>();

  const handoffs = new LowdbHandoffStore(config.dataDir);
  const transcripts = createTranscripts(config, logger);
  // Retention and data-subject requests cover the embedded stores; Azure Blob state has its own lifecycle rules.
  const privacy =
    storage instanceof LowdbStorage ? new PrivacyService({ tickets, handoffs, state: storage, feedback, transcripts: transcripts.store }, config.retention) : undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  /** The retention purge in flight, if any: stop() waits for it, so no write outlives the app. */
  let purging: Promise<unknown> | undefined;
  const agents = new AgentStore(config.dataDir);
  const agentEvents = new AgentEvents();
  const coordinator = new HandoffCoordinator({
    continueConversation: (reference, logic) =>
      reference.serviceUrl === EMBEDDED_SERVICE_URL
        ? directLineAdapter.continueConversation(reference, logic)
        : adapter.continueConversationAsync(config.microsoftApp.appId, reference, logic),
    handoffs,
    portal,
    events: agentEvents,
    hours: new ServicedeskHours(config.servicedeskHours),
    mode: config.handoffMode,
    logger,
  });

  const rateLimiter = new RateLimiter(config.rateLimitPerMinute);
  // Rate limit first: a refused message reaches neither the bot nor the transcript.
  const middleware = [new RateLimitMiddleware(rateLimiter, logger), ...(transcripts.middleware ? [transcripts.middleware] : [])];
  const conversationState = new ConversationState(storage);
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const dialogs = new DialogSet(dialogState);
  const accountDeps = { portal, templates: new TemplateRenderer(DIALOG_TEMPLATES), knowledge, logger };
  dialogs.add(new CartStatusDialog(accountDeps));
  dialogs.add(new OrderStatusDialog(accountDeps));
  const ticketDeps = { ...accountDeps, tickets };
  for (const form of TICKET_FORMS) dialogs.add(new TicketFormDialog(form, ticketDeps));
  dialogs.add(new TicketStatusDialog(ticketDeps));

  const bot = new RegistrationBot({
    knowledge,
    templates,
    conversationState,
    feedback,
    dialogs,
    dialogState,
    identityPolicy: {
      channelAuthEnabled: Boolean(config.microsoftApp.appId),
      verifiedWebChatUser: (conversationId) => directLineStore.verifiedUser(conversationId) ?? verifiedAzureConversations.get(conversationId),
    },
    handoff: coordinator,
    logger,
  });

  const onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, conversationId: context.activity.conversation?.id, activityType: context.activity.type }, 'turn failed');
    try {
      await conversationState.delete(context);
      if (context.activity.type === 'message') await context.sendActivity(templates.render('turnError'));
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the user about the failed turn');
    }
  };
  adapter.onTurnError = onTurnError;
  directLineAdapter.onTurnError = onTurnError;
  adapter.use(...middleware);
  directLineAdapter.use(...middleware);

  const startedAt = new Date().toISOString();
  const server = createServer({
    adapter,
    bot,
    logger,
    health: () => ({ startedAt, knowledgeEntries: knowledge.entries.length, channelAuth: Boolean(config.microsoftApp.appId), portal: config.portalUrl ? 'http' : 'embedded' }),
  });

  registerWebChatPage(server, { azureDirectLine: Boolean(config.directLine) });
  registerWebChatTokenRoute(server, {
    store: directLineStore,
    assertionSecret: config.webChatAssertionSecret,
    azure: config.directLine,
    recordVerified: (conversationId, aadObjectId) => verifiedAzureConversations.set(conversationId, aadObjectId),
    logger,
  });
  if (!config.directLine) registerDirectLineRoutes(server, { store: directLineStore, adapter: directLineAdapter, bot, logger });
  registerAgentRoutes(server, { agents, sessions: new AgentSessions(), handoffs, tickets, coordinator, events: agentEvents, logger });

  return {
    config,
    server,
    bot,
    adapter,
    knowledge,
    feedback,
    portal,
    tickets,
    outbox,
    handoffs,
    agents,
    privacy,
    logger,
    start: async () => {
      if (storage instanceof LowdbStorage) {
        await storage.open();
        if (storage.tornLinesOnLoad > 0) logger.warn({ lines: storage.tornLinesOnLoad }, 'state journal: skipped lines torn by an earlier crash (never acknowledged)');
      }
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, '0.0.0.0', () => {
          const { port } = server.address();
          logger.info({ port, dataDir: config.dataDir, channelAuth: Boolean(config.microsoftApp.appId), mail: Boolean(mailer) }, 'bot listening');
          outbox?.start();
          const purge = () => {
            purging = privacy?.purgeExpired().then((n) => logger.info(n, 'retention: expired data deleted')).catch((err: Error) => logger.error({ err }, 'retention purge failed'));
          };
          purge();
          retentionTimer = setInterval(purge, 12 * 60 * 60 * 1000);
          retentionTimer.unref();
          resolve(`http://127.0.0.1:${port}`);
        });
      });
    },
    stop: async () => {
      clearInterval(retentionTimer);
      await purging;
      directLineStore.close();
      rateLimiter.close();
      await outbox?.stop();
      mailer?.close();
      // Open agent consoles keep an event stream open: end them, or server.close() would wait for them.
      agentEvents.shutdown();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (storage instanceof LowdbStorage) await storage.close();
      await transcripts.store?.close();
    },
  };
}
