import { parseCookie, stringifySetCookie } from 'cookie';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import { PasswordRuleError, type AgentAccounts } from '../../adapters/agents/agentAccounts.js';
import type { AgentAccount } from '../../adapters/agents/agentStore.js';
import { QueueFullError } from '../../adapters/agents/concurrencyLimit.js';
import type { HandoffStore, HandoffSummary } from '../../adapters/handoff/handoffStore.js';
import type { TicketStore } from '../../adapters/tickets/ticketStore.js';
import type { HandoffCoordinator } from '../handoffCoordinator.js';
import type { Logger } from '../../config/logger.js';
import type { AgentEvents } from './agentEvents.js';
import type { LoginThrottle } from './loginThrottle.js';

export interface AgentRouteDeps {
  agents: AgentAccounts;
  throttle: LoginThrottle;
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
 * session cookie (HttpOnly, SameSite=Strict, Secure); without one the answer is 401. An agent whose password was
 * set by someone else (a new account, a reset) may only change it, see who they are and log out: every other call
 * answers 403 `{"error": "password change required", "mustChangePassword": true}`.
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

  /** The logged-in agent's account (or 401). `beforeChange`: allowed while the password must still be changed. */
  const accountOf = async (req: Request, res: Response, beforeChange = false): Promise<AgentAccount | undefined> => {
    const account = await deps.agents.sessionFor(sessionOf(req));
    if (!account) return void res.json(401, { error: 'not logged in' });
    if (account.mustChangePassword && !beforeChange)
      return void res.json(403, { error: 'password change required', mustChangePassword: true });
    return account;
  };
  const agentOf = async (req: Request, res: Response): Promise<string | undefined> =>
    (await accountOf(req, res))?.username;
  const me = (account: AgentAccount) => ({
    agent: account.username,
    name: account.name,
    mustChangePassword: account.mustChangePassword,
  });

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
    const admission = deps.throttle.admit(body.username, address);
    if (!admission.allowed) {
      const seconds = Math.ceil(admission.retryAfterMs / 1000);
      res.header('retry-after', String(seconds));
      return void res.json(429, { error: 'too many failed attempts; try again later', retryAfterSeconds: seconds });
    }
    let account: AgentAccount | undefined;
    try {
      account = await deps.agents.verify(body.username, body.password);
    } catch (err) {
      if (!(err instanceof QueueFullError)) throw err;
      deps.throttle.notChecked(body.username, address);
      res.header('retry-after', '1');
      return void res.json(503, { error: 'busy; try again in a moment' });
    }
    if (!account) {
      deps.logger.warn({ agent: body.username.slice(0, 40) }, 'agent login failed');
      return void res.json(401, { error: 'wrong username or password' });
    }
    deps.throttle.succeeded(body.username, address);
    const { token, maxAgeSeconds } = await deps.agents.startSession(account.username);
    res.header('set-cookie', sessionCookie(token, maxAgeSeconds));
    res.json(200, me(account));
  });

  // An agent who leaves ends the conversations they hold: otherwise their users would wait on nobody, unaware.
  server.post('/agent/api/logout', async (req: Request, res: Response) => {
    const account = await accountOf(req, res, true);
    if (!account) return;
    const held = (await deps.handoffs.list(['taken'])).filter((h) => h.takenBy === account.username);
    for (const handoff of held) await deps.coordinator.end(handoff);
    await deps.agents.endSession(sessionOf(req));
    if (held.length)
      deps.logger.info({ agent: account.username, ended: held.length }, 'agent logged out, conversations ended');
    res.header('set-cookie', sessionCookie('', 0));
    res.json(200, { ok: true, ended: held.length });
  });

  server.get('/agent/api/me', async (req: Request, res: Response) => {
    const account = await accountOf(req, res, true);
    if (account) res.json(200, me(account));
  });

  /**
   * The agent's own new password after a new account or a reset: at least 12 characters, not the current one.
   * Every session of the agent ends; this one gets a new token.
   */
  server.post('/agent/api/password', async (req: Request, res: Response) => {
    const account = await accountOf(req, res, true);
    if (!account) return;
    // Only the pending change: a voluntary one would need the current password checked (and throttled) too.
    if (!account.mustChangePassword)
      return void res.json(409, { error: 'no password change is pending; an administrator can reset it' });
    const body = (req.body ?? {}) as { newPassword?: unknown; repeatPassword?: unknown };
    if (typeof body.newPassword !== 'string')
      return void res.json(400, { error: 'newPassword is required', rule: 'missing' });
    if (body.repeatPassword !== undefined && body.repeatPassword !== body.newPassword)
      return void res.json(400, { error: 'the passwords differ', rule: 'repeat-differs' });
    let changed: AgentAccount;
    try {
      changed = await deps.agents.changePassword(account.username, body.newPassword);
    } catch (err) {
      if (err instanceof PasswordRuleError) return void res.json(400, { error: err.message, rule: err.rule });
      if (!(err instanceof QueueFullError)) throw err;
      res.header('retry-after', '1');
      return void res.json(503, { error: 'busy; try again in a moment' });
    }
    deps.logger.info({ agent: account.username }, 'agent changed their password');
    const { token, maxAgeSeconds } = await deps.agents.startSession(changed.username);
    res.header('set-cookie', sessionCookie(token, maxAgeSeconds));
    res.json(200, me(changed));
  });

  server.get('/agent/api/handoffs', async (req: Request, res: Response) => {
    const agent = await agentOf(req, res);
    if (!agent) return;
    const open = await deps.handoffs.list(['waiting', 'taken']);
    res.json(200, {
      handoffs: open.filter((h) => visibleTo(agent, h)).map((h) => view(h, deps.coordinator.visitorGone(h))),
    });
  });

  const withHandoff =
    (handler: (agent: string, handoff: HandoffSummary, req: Request, res: Response, name: string) => Promise<void>) =>
    async (req: Request, res: Response) => {
      const account = await accountOf(req, res);
      if (!account) return;
      const agent = account.username;
      const handoff = (await deps.handoffs.list(['waiting', 'taken', 'closed'])).find(
        (h) => h.id === String(req.params.id),
      );
      if (!handoff) return void res.json(404, { error: 'no such conversation' });
      await handler(agent, handoff, req, res, account.name);
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
    withHandoff(async (agent, handoff, _req, res, name) => {
      const taken = await deps.coordinator.take(handoff.id, agent, name);
      if (!taken)
        return void res.json(409, {
          error: `already ${handoff.status === 'taken' ? `taken by ${handoff.takenBy}` : handoff.status}`,
        });
      res.json(200, { handoff: view(taken) });
    }),
  );

  server.post(
    '/agent/api/handoffs/:id/messages',
    withHandoff(async (agent, handoff, req, res, name) => {
      const text = (req.body as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string' || !text.trim() || text.length > 4000)
        return void res.json(400, { error: 'text must be 1 to 4000 characters' });
      if (handoff.status !== 'taken' || handoff.takenBy !== agent)
        return void res.json(409, { error: 'take the conversation first' });
      await deps.coordinator.sendFromAgent(handoff, agent, text.trim(), name);
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
    const agent = await agentOf(req, res);
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
    let keepAlive: NodeJS.Timeout | undefined;
    const unsubscribe = deps.events.subscribe(agent, (event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    let stopListening = () => {};
    const ended = await new Promise<'closed' | 'shutdown' | 'session'>((resolve) => {
      // The keep-alive also checks the session: a removed or reset agent's console stream ends (and the console,
      // asking /me, gets the 401 and shows the login).
      keepAlive = setInterval(() => {
        res.write(': keep-alive\n\n');
        void deps.agents.sessionFor(sessionOf(req)).then(
          (account) => account?.mustChangePassword === false || resolve('session'),
          () => undefined,
        );
      }, 15_000);
      req.once('close', () => resolve('closed'));
      stopListening = deps.events.onShutdown(() => resolve('shutdown'));
    });
    stopListening();
    clearInterval(keepAlive);
    unsubscribe();
    // On shutdown the connection goes too: the browser would otherwise reconnect over it while the server closes.
    if (ended === 'shutdown') res.end(() => req.socket?.destroy());
    else if (ended === 'session') res.end();
  });
}
