import restify, { type Request, type Response, type Server } from 'restify';
import type { Activity, ActivityHandler } from 'botbuilder';
import { UnauthorizedRequestError, type AuthenticatingCloudAdapter } from './authenticatingCloudAdapter.js';
import { isLoopbackHost } from '../config/config.js';
import type { Logger } from '../config/logger.js';

export interface ServerDeps {
  adapter: AuthenticatingCloudAdapter;
  /** With channel authentication off, replies may only go to a serviceUrl on this machine. */
  channelAuth: boolean;
  bot: ActivityHandler;
  logger: Logger;
  health: () => Record<string, unknown>;
}

/** Bodies above this are refused with 413: a chat activity is a few kilobytes. */
export const MAX_BODY_BYTES = 256 * 1024;

function jsonError(res: Response, status: number, error: string): void {
  res.json(status, { error });
}

/** Without channel authentication anyone could make the bot post (a user's cart, say) to a URL of their choice. */
function loopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** What CloudAdapter.process does to a posted activity before processing it (botbuilder's validateAndFixActivity). */
function withDates(activity: Record<string, unknown>): Activity {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field] as string);
    }
  }
  return activity as unknown as Activity;
}

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework) and `GET /healthz`.
 * Malformed requests get a 4xx with a JSON error before they reach the Bot Framework adapter,
 * which would otherwise answer some of them with a 500.
 */
export function createServer({ adapter, channelAuth, bot, logger, health }: ServerDeps): Server {
  // restify's own log lines (it logs the request, headers included) go through our redacting logger.
  const server = restify.createServer({
    name: 'slb-registration-assistant',
    handleUncaughtExceptions: false,
    log: logger.child({ component: 'restify' }) as unknown as restify.ServerOptions['log'],
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: true }),
  );

  server.post('/api/messages', async (req: Request, res: Response) => {
    const activity = req.body as Record<string, unknown> | undefined;
    if (!req.is('json')) return jsonError(res, 415, 'Content-Type must be application/json');
    if (!activity || typeof activity !== 'object' || Array.isArray(activity))
      return jsonError(res, 400, 'body must be a JSON activity object');
    if (typeof activity.type !== 'string' || !activity.type) return jsonError(res, 400, 'activity.type is required');
    if (typeof activity.serviceUrl !== 'string' || !/^https?:\/\//.test(activity.serviceUrl))
      return jsonError(res, 400, 'activity.serviceUrl must be an http(s) URL');
    const conversation = activity.conversation as { id?: unknown } | undefined;
    if (typeof conversation?.id !== 'string' || !conversation.id)
      return jsonError(res, 400, 'activity.conversation.id is required');
    if (!channelAuth && !loopbackUrl(activity.serviceUrl))
      return jsonError(res, 400, 'activity.serviceUrl must be on this machine while channel authentication is off');
    try {
      const invokeResponse = await adapter.processAuthenticated(
        withDates(activity),
        String(req.headers.authorization ?? ''),
        (context) => bot.run(context),
      );
      if (invokeResponse?.body !== undefined) res.json(invokeResponse.status ?? 200, invokeResponse.body);
      else {
        res.status(invokeResponse?.status ?? 200);
        res.end();
      }
    } catch (err) {
      if (err instanceof UnauthorizedRequestError) {
        logger.warn(
          { reason: err.reason, conversationId: conversation.id },
          'request refused: channel authentication failed',
        );
        return jsonError(res, 401, 'unauthorized');
      }
      logger.error({ err, conversationId: conversation.id }, 'adapter.processAuthenticated failed');
      if (!res.headersSent) jsonError(res, 500, 'internal error');
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.json(200, { status: 'ok', ...health() });
  });

  server.on(
    'restifyError',
    (req: Request, res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
      // Restify's own 4xx (bad JSON, body too large, unknown route) as the same JSON error shape.
      (err as unknown as { toJSON: () => object }).toJSON = () => ({ error: err.message || err.name });
      callback();
    },
  );
  return server;
}
