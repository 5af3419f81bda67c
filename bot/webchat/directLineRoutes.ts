import type { Activity, ActivityHandler } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../config/logger.js';
import type { RateLimiter } from '../rateLimiter.js';
import { EMBEDDED_SERVICE_URL, type DirectLineAdapter } from './directLineAdapter.js';
import type { DirectLineConversation, DirectLineStore } from './directLineStore.js';

export interface DirectLineRouteDeps {
  store: DirectLineStore;
  adapter: DirectLineAdapter;
  bot: ActivityHandler;
  /** Checked before an activity is stored: a refused activity costs nothing but its request. */
  rateLimiter: RateLimiter;
  /** Activities larger than this (as JSON) are refused with 413: Web Chat's own are a few hundred bytes. */
  maxActivityBytes: number;
  /** What the user reads when they type too fast (from the message catalogue). */
  rateLimitedText: string;
  /** WebSocket streams are served: responses carry a `streamUrl`. */
  webSocket: boolean;
  logger: Logger;
}

/** Adaptive Card submits and button values are small; anything bigger is not kept. */
const MAX_VALUE_BYTES = 2048;

/** The part of channelData Web Chat needs back (it matches its own echo by clientActivityID); the rest is dropped. */
function keptChannelData(channelData: unknown): Record<string, string> | undefined {
  const id = (channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
  return typeof id === 'string' && id.length <= 100 ? { clientActivityID: id } : undefined;
}

function keptValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  return json !== undefined && json.length <= MAX_VALUE_BYTES ? value : undefined;
}

const BASE = '/v3/directline';
const BOT = { id: 'slb-registration-assistant', name: 'SLB assistent', role: 'bot' };

/** Direct Line's error shape: `{ error: { code, message } }`. */
function fail(res: Response, status: number, code: string, message: string): void {
  res.json(status, { error: { code, message } });
}

function bearer(req: Request): string | undefined {
  return /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * The `streamUrl` of a conversation (see directLineStreams.ts): the token goes in the URL, as browsers cannot set
 * headers on a WebSocket. The page connects to its own origin whatever host this names.
 */
function streamUrl(req: Request, conversationId: string, token: string, watermark: number): string {
  const scheme = req.isSecure() ? 'wss' : 'ws';
  const host = String(req.headers.host ?? '127.0.0.1').replace(/[^\w.:[\]-]/g, '');
  return `${scheme}://${host}${BASE}/conversations/${encodeURIComponent(conversationId)}/stream?watermark=${watermark}&t=${encodeURIComponent(token)}`;
}

/**
 * The subset of Direct Line 3.0 that Web Chat's client (botframework-directlinejs) uses: start a conversation (or
 * reconnect to it), post activities, get activities from a watermark by polling or over the WebSocket stream
 * (directLineStreams.ts), refresh the token. Every other call answers 404 with a Direct Line error naming what is not
 * supported.
 */
export function registerDirectLineRoutes(server: Server, deps: DirectLineRouteDeps): void {
  const { store, adapter, bot, logger, rateLimiter } = deps;

  const conversationOf = (req: Request, res: Response, id?: string): DirectLineConversation | undefined => {
    const { conversation, problem } = store.byToken(bearer(req));
    if (!conversation) {
      fail(
        res,
        problem === 'expired' ? 403 : 401,
        problem === 'expired' ? 'TokenExpired' : 'BadArgument',
        problem === 'missing' ? 'Authorization: Bearer <token> is required' : `token ${problem}`,
      );
      return undefined;
    }
    if (id !== undefined && conversation.id !== id) {
      fail(res, 403, 'BadArgument', 'this token is for another conversation');
      return undefined;
    }
    return conversation;
  };

  const durable = () =>
    store.flush().catch((err: Error) => logger.error({ err }, 'embedded Direct Line: could not persist'));

  const run = (activity: Partial<Activity>) => adapter.processActivity(activity, (context) => bot.run(context));

  const base = (conversation: DirectLineConversation) => ({
    channelId: 'webchat',
    serviceUrl: EMBEDDED_SERVICE_URL,
    conversation: { id: conversation.id } as Activity['conversation'],
    recipient: BOT,
    from: { id: conversation.userId, name: conversation.userName ?? 'Bezoeker', role: 'user' },
  });

  server.post(`${BASE}/conversations`, async (req: Request, res: Response) => {
    const conversation = conversationOf(req, res);
    if (!conversation) return;
    if (!conversation.started) {
      store.markStarted(conversation);
      // As the Direct Line service does: tell the bot the user joined, so it can greet them.
      await run({
        ...base(conversation),
        type: 'conversationUpdate',
        membersAdded: [base(conversation).from, BOT],
        id: `${conversation.id}|join`,
        timestamp: new Date(),
      } as Partial<Activity>);
    }
    await durable();
    res.json(201, {
      conversationId: conversation.id,
      token: bearer(req),
      expires_in: store.tokenTtlSeconds,
      ...(deps.webSocket ? { streamUrl: streamUrl(req, conversation.id, bearer(req)!, 0) } : {}),
    });
  });

  // Reconnect (Direct Line 3.0): a fresh streamUrl from the client's watermark.
  server.get(`${BASE}/conversations/:id`, async (req: Request, res: Response) => {
    const conversation = conversationOf(req, res, req.params.id);
    if (!conversation) return;
    const watermark = Math.max(0, Number.parseInt(String(req.query?.watermark ?? '0'), 10) || 0);
    res.json(200, {
      conversationId: conversation.id,
      token: bearer(req),
      expires_in: store.tokenTtlSeconds,
      ...(deps.webSocket ? { streamUrl: streamUrl(req, conversation.id, bearer(req)!, watermark) } : {}),
    });
  });

  server.post(`${BASE}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const conversation = conversationOf(req, res, req.params.id);
    if (!conversation) return;
    const body = req.body as Partial<Activity> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.type !== 'string')
      return fail(res, 400, 'BadArgument', 'body must be an activity with a type');
    if (Buffer.byteLength(JSON.stringify(body)) > deps.maxActivityBytes)
      return fail(res, 413, 'MessageSizeTooBig', `activities are limited to ${deps.maxActivityBytes} bytes`);
    if (store.watermark(conversation) >= store.maxActivities)
      return fail(res, 429, 'Throttled', 'this conversation has too many activities; start a new one');
    if (body.attachments?.length) return fail(res, 400, 'BadArgument', 'attachments are not supported on this channel');
    // The rate limit comes before anything is stored: a flood of refused activities leaves no trace in memory.
    const limit = body.type === 'message' ? await rateLimiter.check(conversation.id) : 'allow';
    if (limit !== 'allow') {
      logger.warn({ conversationId: conversation.id }, 'rate limited');
      if (limit === 'warn')
        store.append(conversation.id, {
          type: 'message',
          text: deps.rateLimitedText,
          ...base(conversation),
          from: BOT,
          recipient: base(conversation).from,
        });
      return fail(res, 429, 'Throttled', 'too many messages; wait a few seconds');
    }
    // The sender is whoever the token belongs to, whatever the client wrote in `from`; only small, known fields are kept.
    const activity = store.append(conversation.id, {
      type: body.type,
      text: typeof body.text === 'string' ? body.text.slice(0, 10_000) : undefined,
      value: keptValue(body.value),
      name: typeof body.name === 'string' ? body.name.slice(0, 100) : undefined,
      locale: typeof body.locale === 'string' ? body.locale.slice(0, 20) : 'nl-NL',
      channelData: keptChannelData(body.channelData),
      ...base(conversation),
    })!;
    try {
      // Like the Direct Line service, answer once the bot has taken the activity (its replies are then in the list).
      await run(activity);
    } catch (err) {
      logger.error({ err, conversationId: conversation.id }, 'embedded Direct Line turn failed');
    }
    // The message and the bot's replies are on disk before the client hears they were taken.
    await durable();
    res.json(200, { id: activity.id });
  });

  server.get(`${BASE}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const conversation = conversationOf(req, res, req.params.id);
    if (!conversation) return;
    const watermark = Math.max(0, Number.parseInt(String(req.query?.watermark ?? '0'), 10) || 0);
    res.json(200, {
      activities: store.since(conversation, watermark),
      watermark: String(store.watermark(conversation)),
    });
  });

  server.post(`${BASE}/tokens/refresh`, async (req: Request, res: Response) => {
    const token = bearer(req);
    if (!token || !store.refresh(token))
      return fail(res, 403, 'TokenExpired', 'token is invalid or expired; get a new one from /api/webchat/token');
    res.json(200, { token, conversationId: store.byToken(token).conversation?.id, expires_in: store.tokenTtlSeconds });
  });

  for (const [method, path] of [
    ['post', `${BASE}/conversations/:id/upload`],
    ['post', `${BASE}/tokens/generate`],
  ] as const) {
    server[method](path, async (_req: Request, res: Response) =>
      fail(
        res,
        404,
        'NotSupported',
        `${path.replace(BASE, '')} is not supported by the embedded Direct Line channel (no uploads; tokens come from /api/webchat/token)`,
      ),
    );
  }
}
