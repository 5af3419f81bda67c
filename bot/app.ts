import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  CloudAdapter,
  TranscriptLoggerMiddleware,
  type Middleware,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
  type Storage,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { Server } from 'restify';
import { BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import type { FeedbackStore } from '../adapters/feedback/feedbackStore.js';
import type { PrivacyService } from '../adapters/privacy/privacyService.js';
import { EmbeddedPortal } from '../adapters/portal/embeddedPortal.js';
import { HttpPortal } from '../adapters/portal/httpPortal.js';
import type { PortalAdapter } from '../adapters/portal/portalAdapter.js';
import type { LowdbTranscriptStore } from '../adapters/transcripts/lowdbTranscriptStore.js';
import { LimitedTicketStore } from '../adapters/tickets/ticketLimits.js';
import { OutboxWorker } from '../adapters/tickets/outboxWorker.js';
import { SmtpTicketMailer } from '../adapters/tickets/ticketMailer.js';
import type { TicketStore } from '../adapters/tickets/ticketStore.js';
import type { AgentAccounts } from '../adapters/agents/agentAccounts.js';
import type { HandoffStore } from '../adapters/handoff/handoffStore.js';
import { AuthenticatingCloudAdapter } from './authenticatingCloudAdapter.js';
import { CachingBotFrameworkAuthentication } from './cachingBotFrameworkAuthentication.js';
import { MessageTurnState } from './messageTurnState.js';
import { AgentEvents } from './agentConsole/agentEvents.js';
import { registerAgentRoutes } from './agentConsole/agentRoutes.js';
import { LoginThrottle } from './agentConsole/loginThrottle.js';
import { HandoffCoordinator } from './handoffCoordinator.js';
import { ServicedeskHours } from './servicedeskHours.js';
import { continueOnChannel } from './proactive.js';
import { ClientLimitMiddleware } from './clientLimitMiddleware.js';
import { RetentionSchedule } from './retentionSchedule.js';
import { RateLimitMiddleware } from './rateLimitMiddleware.js';
import { messagesOnly, StoreTranscriptLogger } from './transcriptLogging.js';
import { DirectLineAdapter, EMBEDDED_SERVICE_URL } from './webchat/directLineAdapter.js';
import { DirectLineStreams, refuseUpgrade } from './webchat/directLineStreams.js';
import { VerifiedConversations } from './webchat/verifiedConversations.js';
import { registerDirectLineRoutes } from './webchat/directLineRoutes.js';
import { DirectLineStore } from './webchat/directLineStore.js';
import { registerWebChatPage } from './webchat/webChatPage.js';
import { registerWebChatTokenRoute } from './webchat/webChatTokens.js';
import { CartStatusDialog } from '../dialogs/cartStatusDialog.js';
import { TicketFormDialog } from '../dialogs/ticketFormDialog.js';
import { TICKET_FORMS } from '../dialogs/ticketForms.js';
import { TicketStatusDialog } from '../dialogs/ticketStatusDialog.js';
import { OrderStatusDialog } from '../dialogs/orderStatusDialog.js';
import { PersonalAnswers } from '../dialogs/personalAnswers.js';
import { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../knowledge/knowledgeLoader.js';
import type { AppConfig } from '../config/config.js';
import { createLogger, type Logger } from '../config/logger.js';
import { RegistrationBot } from './registrationBot.js';
import { createServer } from './server.js';
import { createStores } from './stores.js';
import { TemplateRenderer } from '../messages/templateRenderer.js';

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
  agents: AgentAccounts;
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
  /** How often the shared event feed is read with STORE=azure (milliseconds). */
  eventPollMs?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const BOT_TEMPLATES = path.join(here, 'templates');
const DIALOG_TEMPLATES = path.join(here, '..', 'dialogs', 'templates');

/** The SDK's transcript logging into the configured store; `none` logs nothing. */
function transcriptLogging(
  config: AppConfig,
  store: LowdbTranscriptStore | undefined,
  logger: Logger,
): Middleware | undefined {
  if (store) return new TranscriptLoggerMiddleware(messagesOnly(new StoreTranscriptLogger(store, logger)));
  if (config.transcriptStore.kind === 'blobs') {
    return new TranscriptLoggerMiddleware(
      messagesOnly(new BlobsTranscriptStore(config.transcriptStore.connectionString, config.transcriptStore.container)),
    );
  }
  return undefined;
}

/** A part of the app with a life cycle: started in the order listed, stopped in reverse. */
interface Part {
  start?(): unknown;
  stop?(): unknown;
}

/** Agent sessions that expired, or whose agent was removed or reset, leave DATA_DIR at start and every hour. */
function sessionPruning(agents: AgentAccounts, logger: Logger): Part {
  let timer: NodeJS.Timeout | undefined;
  const prune = () =>
    agents.pruneSessions().then(
      (count) => count > 0 && logger.info({ count }, 'agent sessions pruned'),
      (err: unknown) => logger.warn({ err }, 'agent sessions: pruning failed'),
    );
  return {
    start: async () => {
      await prune();
      timer = setInterval(() => void prune(), 60 * 60 * 1000).unref();
    },
    stop: () => clearInterval(timer),
  };
}

/** The composition root: builds every part from the config and wires them together. Nothing else reads env. */
export function createApp(config: AppConfig, overrides: AppOverrides = {}): App {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const knowledge = new KnowledgeBase(loadKnowledge(), config.thresholds);
  const templates = new TemplateRenderer(BOT_TEMPLATES);
  const portal =
    overrides.portal ??
    (config.portalUrl
      ? new HttpPortal({ baseUrl: config.portalUrl, timeoutMs: config.portalTimeoutMs, token: config.portalToken })
      : new EmbeddedPortal(config.dataDir));
  // The event feed is read five times a second: an unreachable store is logged once per 30 s per store, not each time.
  const lastWarned = new Map<string, number>();
  const stores = createStores(config, {
    state: overrides.storage,
    eventPollMs: overrides.eventPollMs,
    onError: (err, what) => {
      if (Date.now() - (lastWarned.get(what) ?? 0) < 30_000) return;
      lastWarned.set(what, Date.now());
      logger.warn({ err, store: what }, 'shared store failed; carrying on');
    },
  });
  const { handoffs, feedback, agents, privacy } = stores;
  const ticketStore = stores.tickets;
  const mailer =
    config.smtpUrl && config.servicedeskEmail
      ? new SmtpTicketMailer(config.smtpUrl, config.servicedeskEmail)
      : undefined;
  const outbox = mailer
    ? new OutboxWorker(ticketStore, ticketStore, mailer, logger, {
        intervalMs: overrides.outboxIntervalMs,
        retryMs: overrides.outboxIntervalMs,
      })
    : undefined;

  const auth = new CachingBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftApp.appId,
    MicrosoftAppPassword: config.microsoftApp.appPassword,
    MicrosoftAppType: config.microsoftApp.appType,
    MicrosoftAppTenantId: config.microsoftApp.tenantId,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new AuthenticatingCloudAdapter(auth);
  const embeddedDirectLine = !config.directLine;
  const directLineStore = new DirectLineStore({
    maxConversations: config.directLineLimits.maxConversations,
    maxConversationsPerAddress: config.directLineLimits.maxConversationsPerAddress,
    keepActivities: config.directLineLimits.keepActivities,
    persistence: embeddedDirectLine ? stores.directLine : undefined,
  });
  const webSocket = embeddedDirectLine && config.directLineLimits.webSocket;
  const directLineStreams = webSocket
    ? new DirectLineStreams({
        store: directLineStore,
        maxPerConversation: config.directLineLimits.maxStreamsPerConversation,
        maxPerAddress: config.directLineLimits.maxStreamsPerAddress,
        maxTotal: 2 * config.directLineLimits.maxConversations,
        logger,
      })
    : undefined;
  const directLineAdapter = new DirectLineAdapter(directLineStore);
  // Dialogs file through the limits per client; privacy, retention and the outbox work on the store itself.
  const tickets = new LimitedTicketStore(ticketStore, {
    perVisitorPerHour: config.clientLimits.ticketsPerVisitorPerHour,
    perAddressPerHour: config.clientLimits.ticketsPerAddressPerHour,
    addressOf: (conversationId) => directLineStore.clientAddress(conversationId),
  });
  const verifiedAzureConversations = new VerifiedConversations();

  const transcriptMiddleware = transcriptLogging(config, stores.transcripts, logger);
  const agentEvents = new AgentEvents(stores.events, (err) =>
    logger.warn({ err }, 'agent console event not shared with the other instances'),
  );
  const coordinator = new HandoffCoordinator({
    continueConversation: continueOnChannel(adapter, config.microsoftApp.appId, directLineAdapter),
    handoffs,
    portal,
    events: agentEvents,
    feed: stores.events,
    // Until embedded Direct Line conversations are shared, only the instance holding one can send into it.
    canReach: (reference) =>
      reference.serviceUrl !== EMBEDDED_SERVICE_URL ||
      directLineStore.get(reference.conversation?.id ?? '') !== undefined,
    hours: new ServicedeskHours(config.servicedeskHours),
    mode: config.handoffMode,
    templates,
    clientAddressOf: (conversationId) => directLineStore.clientAddress(conversationId),
    maxWaitingPerAddress: config.clientLimits.queuedHandoffsPerAddress,
    // Only the embedded channel knows whether the visitor still has the chat open.
    visitorAbsentMs: (handoff) =>
      embeddedDirectLine && (handoff.reference as { serviceUrl?: string }).serviceUrl === EMBEDDED_SERVICE_URL
        ? directLineStore.absentMs(handoff.conversationId)
        : undefined,
    visitorGoneMs: config.handoffVisitorGoneSeconds * 1000,
    logger,
  });

  const rateLimiter = stores.rateLimits;
  // Rate limit first: a refused message reaches neither the bot nor the transcript. The embedded Direct Line
  // checks the same limiter in its route, before it stores the activity, so its adapter skips the middleware.
  const rateLimited = new RateLimitMiddleware(rateLimiter, logger, templates.render('rateLimited'));
  const clientLimits = new ClientLimitMiddleware(templates, logger);
  const transcriptMiddlewares = transcriptMiddleware ? [transcriptMiddleware] : [];
  const conversationState = new MessageTurnState(stores.state);
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
      verifiedWebChatUser: (conversationId) =>
        directLineStore.verifiedUser(conversationId) ?? verifiedAzureConversations.userOf(conversationId),
    },
    handoff: coordinator,
    personal: new PersonalAnswers(accountDeps),
    logger,
  });

  const onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      { err: error, conversationId: context.activity.conversation?.id, activityType: context.activity.type },
      'turn failed',
    );
    try {
      await conversationState.delete(context);
      if (context.activity.type === 'message') await context.sendActivity(templates.render('turnError'));
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the user about the failed turn');
    }
  };
  adapter.onTurnError = onTurnError;
  directLineAdapter.onTurnError = onTurnError;
  adapter.use(rateLimited, ...transcriptMiddlewares, clientLimits);
  directLineAdapter.use(...transcriptMiddlewares, clientLimits);

  const startedAt = new Date().toISOString();
  const server = createServer({
    adapter,
    channelAuth: Boolean(config.microsoftApp.appId),
    bot,
    logger,
    health: () => ({
      startedAt,
      knowledgeEntries: knowledge.entries.length,
      channelAuth: Boolean(config.microsoftApp.appId),
      portal: config.portalUrl ? 'http' : 'embedded',
      store: config.store.kind,
    }),
  });

  registerWebChatPage(server, { azureDirectLine: Boolean(config.directLine) });
  registerWebChatTokenRoute(server, {
    store: directLineStore,
    assertionSecret: config.webChatAssertionSecret,
    azure: config.directLine,
    recordVerified: (conversationId, aadObjectId) => verifiedAzureConversations.record(conversationId, aadObjectId),
    webSocket,
    logger,
  });
  if (!config.directLine) {
    registerDirectLineRoutes(server, {
      store: directLineStore,
      adapter: directLineAdapter,
      bot,
      rateLimiter,
      maxActivityBytes: config.directLineLimits.maxActivityBytes,
      rateLimitedText: templates.render('rateLimited'),
      webSocket,
      logger,
    });
  }
  // WebSocket upgrades (restify passes them on): Direct Line streams; anything else is refused rather than left open.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (directLineStreams) directLineStreams.handleUpgrade(req, socket, head);
    else refuseUpgrade(socket, 404, 'Not Found');
  });
  registerAgentRoutes(server, {
    agents,
    throttle: new LoginThrottle(),
    handoffs,
    tickets,
    coordinator,
    events: agentEvents,
    logger,
  });

  let url = '';
  const parts: Part[] = [
    {
      start: async () => {
        const { tornLines } = await stores.open();
        if (tornLines > 0)
          logger.warn(
            { lines: tornLines },
            'state journal: skipped lines torn by an earlier crash (never acknowledged)',
          );
      },
      stop: () => stores.close(),
    },
    // The embedded channel's conversations, loaded before the first request and made durable after the last one.
    { start: () => directLineStore.load(), stop: () => directLineStore.close() },
    { stop: () => mailer?.close() },
    sessionPruning(agents, logger),
    {
      start: () =>
        new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(config.port, config.host, () => {
            const { port } = server.address();
            url = `http://127.0.0.1:${port}`;
            if (config.hostExposedWithoutAuth) {
              logger.warn(
                { host: config.host },
                'channel authentication is off but HOST exposes the bot beyond this machine: anyone who reaches it can claim any identity',
              );
            }
            logger.info(
              {
                port,
                host: config.host,
                dataDir: config.dataDir,
                channelAuth: Boolean(config.microsoftApp.appId),
                mail: Boolean(mailer),
              },
              'bot listening',
            );
            resolve();
          });
        }),
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    },
    // Open agent consoles keep an event stream open: end them first, or server.close() would wait for them.
    { stop: () => agentEvents.shutdown() },
    // Open Direct Line streams too: closed before the server, which would otherwise wait for them.
    { stop: () => directLineStreams?.close() },
    { start: () => coordinator.watchVisitors(), stop: () => coordinator.stopWatching() },
    { stop: () => coordinator.close() },
    { start: () => outbox?.start(), stop: () => outbox?.stop() },
    new RetentionSchedule(privacy, logger),
  ];

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
      for (const part of parts) await part.start?.();
      return url;
    },
    stop: async () => {
      for (const part of [...parts].reverse()) await part.stop?.();
    },
  };
}
