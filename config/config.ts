import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type DecisionThresholds } from '../knowledge/decisionPolicy.js';

/** Everything the app reads from the environment, parsed once (see README, "Configuration"). */
export interface AppConfig {
  port: number;
  /** Address to listen on: 127.0.0.1 unless channel auth is on or HOST says otherwise. */
  host: string;
  /** True when HOST widened the listening address while channel authentication is off (start-up warns). */
  hostExposedWithoutAuth: boolean;
  dataDir: string;
  /** Bot Framework credentials; an empty appId means no channel authentication (local development only). */
  microsoftApp: { appId: string; appPassword: string; appType: string; tenantId: string };
  portalUrl?: string;
  portalTimeoutMs: number;
  portalToken?: string;
  smtpUrl?: string;
  servicedeskEmail?: string;
  thresholds: DecisionThresholds;
  /** Opening hours of the servicedesk for live handoff, e.g. "ma-vr 08:30-17:00" or "altijd". */
  servicedeskHours: string;
  /** `console`: our agent console; `event`: send handoff.initiate to a contact center behind the channel. */
  handoffMode: 'console' | 'event';
  /** HS256 secret the website signs its users' assertions with (at least 32 characters). */
  webChatAssertionSecret?: string;
  /** Azure Direct Line; unset: the bot serves Direct Line itself (embedded, no Azure). */
  directLine?: { secret: string; url: string };
  /**
   * Where the shared stores live: `lowdb` (embedded files in DATA_DIR, one instance) or `azure` (tickets and their
   * outbox, handoffs and their event feed, feedback and rate limits in Azure Tables; state on Blob): several instances.
   */
  store: { kind: 'lowdb' } | { kind: 'azure'; connectionString: string; tablePrefix: string };
  /** Where conversation state lives: `lowdb` (DATA_DIR), `blobs` (Azure Blob Storage, shared by instances), `memory`. */
  stateStore: { kind: 'lowdb' } | { kind: 'memory' } | { kind: 'blobs'; connectionString: string; container: string };
  /** Where message transcripts go: nowhere (default: data minimisation), `lowdb` (DATA_DIR), or Azure Blob Storage. */
  transcriptStore:
    { kind: 'none' } | { kind: 'lowdb' } | { kind: 'blobs'; connectionString: string; container: string };
  /** Days before expired data is deleted (AVG/GDPR): tickets, and conversations (state, transcripts, feedback). */
  retention: { ticketDays: number; conversationDays: number };
  /** Messages per minute per conversation after a burst of 10; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Bounds of the embedded Direct Line channel, so anonymous traffic cannot exhaust memory. */
  directLineLimits: {
    maxConversations: number;
    maxConversationsPerAddress: number;
    maxActivityBytes: number;
    keepActivities: number;
    /** Serve Direct Line's WebSocket stream (Web Chat then does not poll). */
    webSocket: boolean;
    maxStreamsPerConversation: number;
    maxStreamsPerAddress: number;
  };
  /** A website visitor without a client (no stream, no poll) this long is gone: their waiting handoff expires. */
  handoffVisitorGoneSeconds: number;
  /** Limits per client (visitor and address), not only per conversation: a new conversation does not reset them. */
  clientLimits: {
    ticketsPerVisitorPerHour: number;
    ticketsPerAddressPerHour: number;
    queuedHandoffsPerAddress: number;
  };
  logLevel: string;
}

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const fraction = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalString,
  DATA_DIR: z.string().trim().min(1).default('./data'),
  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().trim().default(''),
  PORTAL_URL: optionalString.pipe(z.string().url().optional()),
  PORTAL_TIMEOUT_MS: z.coerce.number().int().positive().default(4000),
  PORTAL_TOKEN: optionalString,
  SMTP_URL: optionalString.pipe(z.string().url().optional()),
  SERVICEDESK_EMAIL: optionalString.pipe(z.string().email().optional()),
  KB_ANSWER_THRESHOLD: fraction(DEFAULT_THRESHOLDS.answer),
  KB_MARGIN: fraction(DEFAULT_THRESHOLDS.margin),
  KB_CLARIFY_THRESHOLD: fraction(DEFAULT_THRESHOLDS.clarify),
  KB_DIALOG_THRESHOLD: fraction(DEFAULT_THRESHOLDS.dialog),
  WEBCHAT_ASSERTION_SECRET: optionalString.pipe(z.string().min(32, 'must have at least 32 characters').optional()),
  DIRECT_LINE_SECRET: optionalString,
  DIRECT_LINE_URL: z.string().url().default('https://directline.botframework.com'),
  SERVICEDESK_HOURS: z.string().trim().default('ma-vr 08:30-17:00'),
  HANDOFF_MODE: z.enum(['console', 'event']).default('console'),
  STORE: z.enum(['lowdb', 'azure']).default('lowdb'),
  AZURE_TABLE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,29}$/, 'letters and digits, starting with a letter (at most 30)')
    .default('slb'),
  /** Unset: `blobs` with STORE=azure, else `lowdb`. */
  STATE_STORE: z.enum(['lowdb', 'memory', 'blobs']).optional(),
  AZURE_STORAGE_CONNECTION_STRING: optionalString,
  AZURE_STORAGE_CONTAINER: z.string().trim().default('bot-state'),
  TRANSCRIPT_STORE: z.enum(['none', 'lowdb', 'blobs']).default('none'),
  AZURE_TRANSCRIPT_CONTAINER: z.string().trim().default('bot-transcripts'),
  RETENTION_DAYS_TICKETS: z.coerce.number().int().positive().default(365),
  RETENTION_DAYS_CONVERSATIONS: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  DIRECT_LINE_MAX_CONVERSATIONS: z.coerce.number().int().positive().default(1000),
  DIRECT_LINE_MAX_CONVERSATIONS_PER_ADDRESS: z.coerce.number().int().positive().default(30),
  DIRECT_LINE_MAX_ACTIVITY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024),
  DIRECT_LINE_KEEP_ACTIVITIES: z.coerce.number().int().min(10).default(100),
  DIRECT_LINE_WEBSOCKET: z.enum(['true', 'false']).default('true'),
  DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION: z.coerce.number().int().positive().default(4),
  DIRECT_LINE_MAX_STREAMS_PER_ADDRESS: z.coerce.number().int().positive().default(60),
  HANDOFF_VISITOR_GONE_SECONDS: z.coerce.number().int().positive().default(120),
  LIMIT_TICKETS_PER_VISITOR_PER_HOUR: z.coerce.number().int().positive().default(5),
  LIMIT_TICKETS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(20),
  LIMIT_QUEUED_HANDOFFS_PER_ADDRESS: z.coerce.number().int().positive().default(3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export class ConfigError extends Error {}

/** Parses and validates the environment; throws a {@link ConfigError} naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`config: invalid environment: ${problems}`);
  }
  const e = {
    ...parsed.data,
    STATE_STORE: parsed.data.STATE_STORE ?? (parsed.data.STORE === 'azure' ? 'blobs' : 'lowdb'),
  };
  if (e.STORE === 'azure' && !e.AZURE_STORAGE_CONNECTION_STRING)
    throw new ConfigError('config: STORE=azure needs AZURE_STORAGE_CONNECTION_STRING');
  // Several instances share one Azure store: state or transcripts in one instance's DATA_DIR would split conversations.
  if (e.STORE === 'azure' && e.STATE_STORE !== 'blobs')
    throw new ConfigError(
      `config: STORE=azure keeps conversation state on Azure Blob Storage; STATE_STORE=${e.STATE_STORE} would keep it per instance`,
    );
  if (e.STORE === 'azure' && e.TRANSCRIPT_STORE === 'lowdb')
    throw new ConfigError(
      'config: STORE=azure needs TRANSCRIPT_STORE=blobs or none; lowdb would keep transcripts per instance',
    );
  if (e.STATE_STORE === 'blobs' && !e.AZURE_STORAGE_CONNECTION_STRING)
    throw new ConfigError('config: STATE_STORE=blobs needs AZURE_STORAGE_CONNECTION_STRING');
  if (e.TRANSCRIPT_STORE === 'blobs' && !e.AZURE_STORAGE_CONNECTION_STRING)
    throw new ConfigError('config: TRANSCRIPT_STORE=blobs needs AZURE_STORAGE_CONNECTION_STRING');
  if (e.SMTP_URL && !e.SERVICEDESK_EMAIL)
    throw new ConfigError('config: SMTP_URL is set but SERVICEDESK_EMAIL is not; both are needed to mail tickets');
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('config: MicrosoftAppId is set but MicrosoftAppPassword is not');
  }
  // Without channel authentication anyone who reaches the port can claim any identity: keep it on loopback.
  const channelAuth = Boolean(e.MicrosoftAppId);
  return {
    port: e.PORT,
    host: e.HOST ?? (channelAuth ? '0.0.0.0' : '127.0.0.1'),
    hostExposedWithoutAuth: !channelAuth && e.HOST !== undefined && !isLoopbackHost(e.HOST),
    dataDir: path.resolve(e.DATA_DIR),
    microsoftApp: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    portalUrl: e.PORTAL_URL,
    portalTimeoutMs: e.PORTAL_TIMEOUT_MS,
    portalToken: e.PORTAL_TOKEN,
    smtpUrl: e.SMTP_URL,
    servicedeskEmail: e.SERVICEDESK_EMAIL,
    thresholds: {
      ...DEFAULT_THRESHOLDS,
      answer: e.KB_ANSWER_THRESHOLD,
      margin: e.KB_MARGIN,
      clarify: e.KB_CLARIFY_THRESHOLD,
      dialog: e.KB_DIALOG_THRESHOLD,
    },
    servicedeskHours: e.SERVICEDESK_HOURS,
    handoffMode: e.HANDOFF_MODE,
    webChatAssertionSecret: e.WEBCHAT_ASSERTION_SECRET,
    directLine: e.DIRECT_LINE_SECRET
      ? { secret: e.DIRECT_LINE_SECRET, url: e.DIRECT_LINE_URL.replace(/\/$/, '') }
      : undefined,
    store:
      e.STORE === 'azure'
        ? { kind: 'azure', connectionString: e.AZURE_STORAGE_CONNECTION_STRING!, tablePrefix: e.AZURE_TABLE_PREFIX }
        : { kind: 'lowdb' },
    stateStore:
      e.STATE_STORE === 'blobs'
        ? { kind: 'blobs', connectionString: e.AZURE_STORAGE_CONNECTION_STRING!, container: e.AZURE_STORAGE_CONTAINER }
        : { kind: e.STATE_STORE },
    transcriptStore:
      e.TRANSCRIPT_STORE === 'blobs'
        ? {
            kind: 'blobs',
            connectionString: e.AZURE_STORAGE_CONNECTION_STRING!,
            container: e.AZURE_TRANSCRIPT_CONTAINER,
          }
        : { kind: e.TRANSCRIPT_STORE },
    retention: { ticketDays: e.RETENTION_DAYS_TICKETS, conversationDays: e.RETENTION_DAYS_CONVERSATIONS },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    directLineLimits: {
      maxConversations: e.DIRECT_LINE_MAX_CONVERSATIONS,
      maxConversationsPerAddress: e.DIRECT_LINE_MAX_CONVERSATIONS_PER_ADDRESS,
      maxActivityBytes: e.DIRECT_LINE_MAX_ACTIVITY_BYTES,
      keepActivities: e.DIRECT_LINE_KEEP_ACTIVITIES,
      webSocket: e.DIRECT_LINE_WEBSOCKET === 'true',
      maxStreamsPerConversation: e.DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION,
      maxStreamsPerAddress: e.DIRECT_LINE_MAX_STREAMS_PER_ADDRESS,
    },
    handoffVisitorGoneSeconds: e.HANDOFF_VISITOR_GONE_SECONDS,
    clientLimits: {
      ticketsPerVisitorPerHour: e.LIMIT_TICKETS_PER_VISITOR_PER_HOUR,
      ticketsPerAddressPerHour: e.LIMIT_TICKETS_PER_ADDRESS_PER_HOUR,
      queuedHandoffsPerAddress: e.LIMIT_QUEUED_HANDOFFS_PER_ADDRESS,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}
