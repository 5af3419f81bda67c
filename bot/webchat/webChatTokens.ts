import { randomUUID } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../config/logger.js';
import type { DirectLineStore } from './directLineStore.js';
import { isObjectId } from '../../domain/identity.js';

/** Who the website says its signed-in user is; see README "Signed-in website users". */
export const ASSERTION = { issuer: 'slb-website', audience: 'slb-registration-assistant', maxAge: '10m' } as const;

export interface WebChatTokenDeps {
  store: DirectLineStore;
  /** Shared secret (HS256) the website signs assertions with; without it every visitor is anonymous. */
  assertionSecret?: string;
  /** Azure Direct Line: when set, tokens come from Azure and the secret never leaves the server. */
  azure?: { secret: string; url: string };
  /** Records conversations whose user was verified, for identity resolution on /api/messages (Azure mode). */
  recordVerified: (conversationId: string, aadObjectId: string) => void;
  logger: Logger;
}


/**
 * `POST /api/webchat/token`: a short-lived Direct Line token for the Web Chat page. With a valid signed assertion
 * of the website's user the conversation carries that verified identity; a missing, forged or expired assertion
 * gets an anonymous conversation, never someone else's identity.
 */
export function registerWebChatTokenRoute(server: Server, deps: WebChatTokenDeps): void {
  const secret = deps.assertionSecret ? new TextEncoder().encode(deps.assertionSecret) : undefined;

  const verify = async (assertion: unknown): Promise<{ aadObjectId: string; name?: string } | undefined> => {
    if (typeof assertion !== 'string' || !assertion || !secret) return undefined;
    try {
      const { payload } = await jwtVerify(assertion, secret, { algorithms: ['HS256'], issuer: ASSERTION.issuer, audience: ASSERTION.audience, maxTokenAge: ASSERTION.maxAge, requiredClaims: ['sub', 'exp', 'iat'] });
      if (typeof payload.sub !== 'string' || !isObjectId(payload.sub)) return undefined;
      return { aadObjectId: payload.sub.toLowerCase(), name: typeof payload.name === 'string' ? payload.name.slice(0, 100) : undefined };
    } catch (err) {
      deps.logger.warn({ reason: (err as Error).message }, 'web chat assertion refused; visitor stays anonymous');
      return undefined;
    }
  };

  server.post('/api/webchat/token', async (req: Request, res: Response) => {
    if (req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) {
      return void res.json(400, { error: 'body must be a JSON object, optionally with "assertion"' });
    }
    const body = (req.body ?? {}) as { assertion?: unknown };
    const user = await verify(body.assertion);
    const userId = user ? `gebruiker-${user.aadObjectId}` : `bezoeker-${randomUUID()}`;

    if (deps.azure) {
      const response = await fetch(`${deps.azure.url}/v3/directline/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${deps.azure.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: `dl_${userId}`, name: user?.name } }),
        signal: AbortSignal.timeout(5000),
      }).catch((err: Error) => err);
      if (response instanceof Error || !response.ok) {
        deps.logger.error({ err: response instanceof Error ? response : undefined, status: response instanceof Error ? undefined : response.status }, 'Direct Line token exchange failed');
        return void res.json(502, { error: 'could not get a Direct Line token' });
      }
      const token = (await response.json()) as { token: string; conversationId: string; expires_in: number };
      if (user) deps.recordVerified(token.conversationId, user.aadObjectId);
      return void res.json(200, { token: token.token, conversationId: token.conversationId, expires_in: token.expires_in, userId: `dl_${userId}`, verified: Boolean(user) });
    }

    const opened = deps.store.open({ userId, aadObjectId: user?.aadObjectId, name: user?.name }, req.socket.remoteAddress ?? 'unknown');
    if ('refused' in opened) {
      deps.logger.warn({ reason: opened.refused }, 'web chat conversation refused: limit of live conversations reached');
      res.header('retry-after', '60');
      return void res.json(429, { error: opened.refused === 'address' ? 'too many open conversations from this address; try again later' : 'too many open conversations; try again later' });
    }
    const { conversation, token } = opened;
    res.json(200, { token, conversationId: conversation.id, expires_in: deps.store.tokenTtlSeconds, userId, verified: Boolean(user), domain: '/v3/directline' });
  });
}
