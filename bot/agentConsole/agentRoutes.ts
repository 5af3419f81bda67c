import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import type { AgentStore } from '../../adapters/agents/agentStore.js';
import type { HandoffStore, Handoff } from '../../adapters/handoff/handoffStore.js';
import type { TicketStore } from '../../adapters/tickets/ticketStore.js';
import type { HandoffCoordinator } from '../handoffCoordinator.js';
import type { Logger } from '../logger.js';
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
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function cookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** What the console shows of a handoff. */
function view(h: Handoff) {
  return {
    id: h.id,
    status: h.status,
    reason: h.reason,
    requester: h.requester,
    school: h.school ?? null,
    createdAt: h.createdAt,
    takenBy: h.takenBy ?? null,
    transcript: h.transcript,
  };
}

/**
 * The agent console: the page at /agent and its JSON API under /agent/api. Every API call but login needs a
 * session cookie (HttpOnly, SameSite=Strict, Secure); without one the answer is 401.
 */
export function registerAgentRoutes(server: Server, deps: AgentRouteDeps): void {
  const pages = Object.fromEntries(Object.entries(STATIC).map(([route, { file, type }]) => [route, { body: readFileSync(path.join(PUBLIC, file)), type }]));
  for (const [route, page] of Object.entries(pages)) {
    server.get(route, async (_req: Request, res: Response) => {
      res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
      res.end(page.body);
    });
  }

  const agentOf = (req: Request, res: Response): string | undefined => {
    const agent = deps.sessions.agentFor(cookie(req, COOKIE));
    if (!agent) res.json(401, { error: 'not logged in' });
    return agent;
  };

  server.post('/agent/api/login', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof body.username !== 'string' || typeof body.password !== 'string' || body.username.length > 100 || body.password.length > 500) {
      return void res.json(400, { error: 'username and password are required' });
    }
    const keys = [`user:${body.username.toLowerCase()}`, `ip:${req.socket.remoteAddress}`];
    const locked = deps.sessions.lockedFor(keys);
    if (locked > 0) {
      res.header('retry-after', String(Math.ceil(locked / 1000)));
      return void res.json(429, { error: 'too many failed attempts; try again later', retryAfterSeconds: Math.ceil(locked / 1000) });
    }
    if (!(await deps.agents.verify(body.username, body.password))) {
      deps.sessions.recordFailure(keys);
      deps.logger.warn({ agent: body.username.slice(0, 40) }, 'agent login failed');
      return void res.json(401, { error: 'wrong username or password' });
    }
    deps.sessions.recordSuccess(keys);
    const token = deps.sessions.create(body.username);
    res.header('set-cookie', `${COOKIE}=${token}; HttpOnly; Secure; SameSite=Strict; Path=/agent; Max-Age=28800`);
    res.json(200, { agent: body.username });
  });

  server.post('/agent/api/logout', async (req: Request, res: Response) => {
    if (!agentOf(req, res)) return;
    deps.sessions.destroy(cookie(req, COOKIE));
    res.header('set-cookie', `${COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/agent; Max-Age=0`);
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
    res.json(200, { handoffs: open.filter((h) => h.status === 'waiting' || h.takenBy === agent).map(view) });
  });

  const withHandoff = (handler: (agent: string, handoff: Handoff, req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    const agent = agentOf(req, res);
    if (!agent) return;
    const handoff = await deps.handoffs.get(String(req.params.id));
    if (!handoff) return void res.json(404, { error: 'no such conversation' });
    await handler(agent, handoff, req, res);
  };

  server.post('/agent/api/handoffs/:id/take', withHandoff(async (agent, handoff, _req, res) => {
    const taken = await deps.coordinator.take(handoff.id, agent);
    if (!taken) return void res.json(409, { error: `already ${handoff.status === 'taken' ? `taken by ${handoff.takenBy}` : handoff.status}` });
    res.json(200, { handoff: view(taken) });
  }));

  server.post('/agent/api/handoffs/:id/messages', withHandoff(async (agent, handoff, req, res) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || !text.trim() || text.length > 4000) return void res.json(400, { error: 'text must be 1 to 4000 characters' });
    if (handoff.status !== 'taken' || handoff.takenBy !== agent) return void res.json(409, { error: 'take the conversation first' });
    await deps.coordinator.sendFromAgent(handoff, agent, text.trim());
    res.json(200, { ok: true });
  }));

  server.post('/agent/api/handoffs/:id/end', withHandoff(async (agent, handoff, _req, res) => {
    if (handoff.status !== 'taken' || handoff.takenBy !== agent) return void res.json(409, { error: 'only the agent who took it can end it' });
    await deps.coordinator.end(handoff);
    res.json(200, { ok: true });
  }));

  server.get('/agent/api/handoffs/:id/tickets', withHandoff(async (_agent, handoff, _req, res) => {
    const tickets = await deps.tickets.listForRequester({ aadObjectId: handoff.requester.aadObjectId, userId: handoff.requester.userId });
    res.json(200, { tickets });
  }));

  server.get('/agent/api/events', async (req: Request, res: Response) => {
    const agent = agentOf(req, res);
    if (!agent) return;
    if (deps.events.closed) {
      res.header('connection', 'close');
      return void res.json(503, { error: 'shutting down' });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`event: ready\ndata: ${JSON.stringify({ agent })}\n\n`);
    const unsubscribe = deps.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
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
