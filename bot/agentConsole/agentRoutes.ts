import { parseCookie, stringifySetCookie } from 'cookie';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import type { AgentStore } from '../../adapters/agents/agentStore.js';
import { QueueFullError } from '../../adapters/agents/concurrencyLimit.js';
import type { HandoffStore, HandoffSummary } from '../../adapters/handoff/handoffStore.js';
import type { TicketStore } from '../../adapters/tickets/ticketStore.js';
import type { HandoffCoordinator } from '../handoffCoordinator.js';
import type { Logger } from '../../config/logger.js';
import type { AgentEvents } from './agentEvents.js';
import type { AgentSessions } from './agentSessions.js';

export interface AgentRouteDeps {
  agents: AgentStore;
  sessions: AgentSessions;
  handoffs: HandoffStore;
  tickets: TicketStore;
  coordinator: HandoffCoordinator;
  events: AgentEvents;
  logger: Logger;
}

const COOKIE = 'slb_agent';
const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const STATIC: Record<string, { file: string; type: string }> = {
  '/agent': { file: 'agent.html', type: 'text/html; charset=utf-8' },
  '/agent/agent.js': { file: 'agent.js', type: 'text/javascript; charset=utf-8' },
  '/agent/agent.css': { file: 'agent.css', type: 'text/css; charset=utf-8' },
};
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The session token from the request's cookies (the `cookie` package: quoting, decoding, malformed input). */
const sessionOf = (req: Request): string | undefined => parseCookie(req.headers.cookie ?? '')[COOKIE];
/** HttpOnly (no script reads it), Secure, SameSite=Strict, only sent to the console. */
const sessionCookie = (token: string, maxAge: number) =>
  stringifySetCookie(COOKIE, token, { httpOnly: true, secure: true, sameSite: 'strict', path: '/agent', maxAge });

/**
 * What the console's list shows of a handoff: a summary (and whether the website visitor has gone: no client for the
 * configured time); the transcript comes with GET /handoffs/:id.
 */
function view(h: HandoffSummary, visitorGone = false) {
  return {
    id: h.id,
    status: h.status,
    reason: h.reason,
    requester: h.requester,
    school: h.school ?? null,
    createdAt: h.createdAt,
    takenBy: h.takenBy ?? null,
    visitorGone,
  };
}

/** An agent sees the queue and the conversations they hold; not those another agent holds, nor closed ones. */
const visibleTo = (agent: string, h: HandoffSummary) =>
  h.status === 'waiting' || (h.status === 'taken' && h.takenBy === agent);

/**
 * The agent console: the page at /agent and its JSON API under /agent/api. Every API call but login needs a
 * session cookie (HttpOnly, SameSite=Strict, Secure); without one the answer is 401.
 */
export function registerAgentRoutes(server: Server, deps: AgentRouteDeps): void {
  const pages = Object.fromEntries(
    Object.entries(STATIC).map(([route, { file, type }]) => [
      route,
      { body: readFileSync(path.join(PUBLIC, file)), type },
    ]),
  );
  for (const [route, page] of Object.entries(pages)) {
    server.get(route, async (_req: Request, res: Response) => {
      res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
      res.end(page.body);
    });
  }

  const agentOf = (req: Request, res: Response): string | undefined => {
    const agent = deps.sessions.agentFor(sessionOf(req));
    if (!agent) res.json(401, { error: 'not logged in' });
    return agent;
  };

  server.post('/agent/api/login', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (
      typeof body.username !== 'string' ||
      typeof body.password !== 'string' ||
      body.username.length > 100 ||
      body.password.length > 500
    ) {
      return void res.json(400, { error: 'username and password are required' });
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    const admission = deps.sessions.admit(body.username, address);
    if (!admission.allowed) {
      const seconds = Math.ceil(admission.retryAfterMs / 1000);
      res.header('retry-after', String(seconds));
      return void res.json(429, { error: 'too many failed attempts; try again later', retryAfterSeconds: seconds });
    }
    let valid: boolean;
    try {
      valid = await deps.agents.verify(body.username, body.password);
    } catch (err) {
      if (!(err instanceof QueueFullError)) throw err;
      deps.sessions.notChecked(body.username, address);
      res.header('retry-after', '1');
      return void res.json(503, { error: 'busy; try again in a moment' });
    }
    if (!valid) {
      deps.logger.warn({ agent: body.username.slice(0, 40) }, 'agent login failed');
      return void res.json(401, { error: 'wrong username or password' });
    }
    deps.sessions.succeeded(body.username, address);
    const token = deps.sessions.create(body.username);
    res.header('set-cookie', sessionCookie(token, 8 * 60 * 60));
    res.json(200, { agent: body.username });
  });

  server.post('/agent/api/logout', async (req: Request, res: Response) => {
    if (!agentOf(req, res)) return;
    deps.sessions.destroy(sessionOf(req));
    res.header('set-cookie', sessionCookie('', 0));
    res.json(200, { ok: true });
  });

  server.get('/agent/api/me', async (req: Request, res: Response) => {
    const agent = agentOf(req, res);
    if (agent) res.json(200, { agent });
  });

  server.get('/agent/api/handoffs', async (req: Request, res: Response) => {
    const agent = agentOf(req, res);
    if (!agent) return;
    const open = await deps.handoffs.list(['waiting', 'taken']);
    res.json(200, {
      handoffs: open.filter((h) => visibleTo(agent, h)).map((h) => view(h, deps.coordinator.visitorGone(h))),
    });
  });

  const withHandoff =
    (handler: (agent: string, handoff: HandoffSummary, req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response) => {
      const agent = agentOf(req, res);
      if (!agent) return;
      const handoff = (await deps.handoffs.list(['waiting', 'taken', 'closed'])).find(
        (h) => h.id === String(req.params.id),
      );
      if (!handoff) return void res.json(404, { error: 'no such conversation' });
      await handler(agent, handoff, req, res);
    };

  server.get(
    '/agent/api/handoffs/:id',
    withHandoff(async (agent, handoff, _req, res) => {
      if (!visibleTo(agent, handoff)) return void res.json(403, { error: 'this conversation is not yours' });
      const full = await deps.handoffs.get(handoff.id);
      res.json(200, {
        handoff: { ...view(handoff, deps.coordinator.visitorGone(handoff)), transcript: full?.transcript ?? [] },
      });
    }),
  );

  server.post(
    '/agent/api/handoffs/:id/take',
    withHandoff(async (agent, handoff, _req, res) => {
      const taken = await deps.coordinator.take(handoff.id, agent);
      if (!taken)
        return void res.json(409, {
          error: `already ${handoff.status === 'taken' ? `taken by ${handoff.takenBy}` : handoff.status}`,
        });
      res.json(200, { handoff: view(taken) });
    }),
  );

  server.post(
    '/agent/api/handoffs/:id/messages',
    withHandoff(async (agent, handoff, req, res) => {
      const text = (req.body as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string' || !text.trim() || text.length > 4000)
        return void res.json(400, { error: 'text must be 1 to 4000 characters' });
      if (handoff.status !== 'taken' || handoff.takenBy !== agent)
        return void res.json(409, { error: 'take the conversation first' });
      await deps.coordinator.sendFromAgent(handoff, agent, text.trim());
      res.json(200, { ok: true });
    }),
  );

  server.post(
    '/agent/api/handoffs/:id/end',
    withHandoff(async (agent, handoff, _req, res) => {
      if (handoff.status !== 'taken' || handoff.takenBy !== agent)
        return void res.json(409, { error: 'only the agent who took it can end it' });
      await deps.coordinator.end(handoff);
      res.json(200, { ok: true });
    }),
  );

  server.get(
    '/agent/api/handoffs/:id/tickets',
    withHandoff(async (agent, handoff, _req, res) => {
      // A user's tickets are for the agent helping them, not for whoever is logged in.
      if (handoff.status !== 'taken' || handoff.takenBy !== agent)
        return void res.json(403, { error: 'take the conversation first' });
      const tickets = await deps.tickets.listForRequester({
        aadObjectId: handoff.requester.aadObjectId,
        userId: handoff.requester.userId,
      });
      res.json(200, { tickets });
    }),
  );

  server.get('/agent/api/events', async (req: Request, res: Response) => {
    const agent = agentOf(req, res);
    if (!agent) return;
    if (deps.events.closed) {
      res.header('connection', 'close');
      return void res.json(503, { error: 'shutting down' });
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`event: ready\ndata: ${JSON.stringify({ agent })}\n\n`);
    const unsubscribe = deps.events.subscribe(agent, (event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    let stopListening = () => {};
    const shutdown = await new Promise<boolean>((resolve) => {
      req.once('close', () => resolve(false));
      stopListening = deps.events.onShutdown(() => resolve(true));
    });
    stopListening();
    clearInterval(keepAlive);
    unsubscribe();
    // On shutdown the connection goes too: the browser would otherwise reconnect over it while the server closes.
    if (shutdown) res.end(() => req.socket?.destroy());
  });
}
