import restify, { type Request, type Response, type Server } from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import type { Logger } from '../config/logger.js';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  health: () => Record<string, unknown>;
}

/** Bodies above this are refused with 413: a chat activity is a few kilobytes. */
export const MAX_BODY_BYTES = 256 * 1024;

function jsonError(res: Response, status: number, error: string): void {
  res.json(status, { error });
}

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework) and `GET /healthz`.
 * Malformed requests get a 4xx with a JSON error before they reach the Bot Framework adapter,
 * which would otherwise answer some of them with a 500.
 */
export function createServer({ adapter, bot, logger, health }: ServerDeps): Server {
  const server = restify.createServer({ name: 'slb-registration-assistant', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: true }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    const activity = req.body as Record<string, unknown> | undefined;
    if (!req.is('json')) return jsonError(res, 415, 'Content-Type must be application/json');
    if (!activity || typeof activity !== 'object' || Array.isArray(activity)) return jsonError(res, 400, 'body must be a JSON activity object');
    if (typeof activity.type !== 'string' || !activity.type) return jsonError(res, 400, 'activity.type is required');
    if (typeof activity.serviceUrl !== 'string' || !/^https?:\/\//.test(activity.serviceUrl)) return jsonError(res, 400, 'activity.serviceUrl must be an http(s) URL');
    const conversation = activity.conversation as { id?: unknown } | undefined;
    if (typeof conversation?.id !== 'string' || !conversation.id) return jsonError(res, 400, 'activity.conversation.id is required');
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      logger.error({ err, conversationId: conversation.id }, 'adapter.process failed');
      if (!res.headersSent) jsonError(res, 500, 'internal error');
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.json(200, { status: 'ok', ...health() });
  });

  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    // Restify's own 4xx (bad JSON, body too large, unknown route) as the same JSON error shape.
    (err as unknown as { toJSON: () => object }).toJSON = () => ({ error: err.message || err.name });
    callback();
  });
  return server;
}
