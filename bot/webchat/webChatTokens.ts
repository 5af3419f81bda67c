import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { Request, Response, Server } from 'restify';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Logger } from '../../config/logger.js';
import type { DirectLineConversation, DirectLineStore } from './directLineStore.js';
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
  /** The embedded channel serves WebSocket streams: the page uses them instead of polling. */
  webSocket: boolean;
  logger: Logger;
}

/**
 * The page's session cookie on the embedded channel: `<conversationId>.<resumeKey>`, HttpOnly, sent only to the token
 * endpoint and gone when the browser session ends. It lets a reload or a second tab get a fresh token for the same
 * conversation (history and dialog state) instead of starting over.
 */
export const RESUME_COOKIE = 'slb_webchat';

function readCookie(req: Request, name: string): string | undefined {
  return parseCookies(String(req.headers.cookie ?? ''))[name];
}

/** The conversation the request's session cookie proves it owns; `gone` when it names one this process does not have. */
function previousConversation(
  req: Request,
  store: DirectLineStore,
): { conversation?: DirectLineConversation; gone: boolean } {
  const value = readCookie(req, RESUME_COOKIE);
  if (!value) return { gone: false };
  const [id, key] = value.split('.');
  const conversation = id && key ? store.get(id) : undefined;
  if (!conversation || !store.resumeKeyMatches(conversation, key)) return { gone: true };
  return { conversation, gone: false };
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
      const { payload } = await jwtVerify(assertion, secret, {
        algorithms: ['HS256'],
        issuer: ASSERTION.issuer,
        audience: ASSERTION.audience,
        maxTokenAge: ASSERTION.maxAge,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (typeof payload.sub !== 'string' || !isObjectId(payload.sub)) return undefined;
      return {
        aadObjectId: payload.sub.toLowerCase(),
        name: typeof payload.name === 'string' ? payload.name.slice(0, 100) : undefined,
      };
    } catch (err) {
      deps.logger.warn({ reason: (err as Error).message }, 'web chat assertion refused; visitor stays anonymous');
      return undefined;
    }
  };

  /** The token must outlive a restart that follows right after it was given out. */
  const durable = () =>
    deps.store.flush().catch((err: Error) => deps.logger.error({ err }, 'embedded Direct Line: could not persist'));

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
        deps.logger.error(
          {
            err: response instanceof Error ? response : undefined,
            status: response instanceof Error ? undefined : response.status,
          },
          'Direct Line token exchange failed',
        );
        return void res.json(502, { error: 'could not get a Direct Line token' });
      }
      const token = (await response.json()) as { token: string; conversationId: string; expires_in: number };
      if (user) deps.recordVerified(token.conversationId, user.aadObjectId);
      return void res.json(200, {
        token: token.token,
        conversationId: token.conversationId,
        expires_in: token.expires_in,
        userId: `dl_${userId}`,
        verified: Boolean(user),
      });
    }

    // Reload, second tab or an expired token: a new token for the conversation the cookie proves the page owns. Its
    // identity stays the one verified when it started (an assertion expires after minutes, the conversation does
    // not); only an assertion naming someone else starts a new conversation.
    const previous = previousConversation(req, deps.store);
    const kept = previous.conversation;
    if (kept && (!user || kept.aadObjectId === user.aadObjectId)) {
      const token = deps.store.issueToken(kept.id);
      await durable();
      return void res.json(200, {
        token,
        conversationId: kept.id,
        expires_in: deps.store.tokenTtlSeconds,
        userId: kept.userId,
        verified: Boolean(kept.aadObjectId),
        domain: '/v3/directline',
        // Started: the page reconnects to it and shows its history; otherwise it starts it as usual.
        resumed: kept.started,
        renewed: false,
        webSocket: deps.webSocket,
      });
    }
    const opened = deps.store.open(
      { userId, aadObjectId: user?.aadObjectId, name: user?.name },
      req.socket.remoteAddress ?? 'unknown',
    );
    if ('refused' in opened) {
      deps.logger.warn(
        { reason: opened.refused },
        'web chat conversation refused: limit of live conversations reached',
      );
      res.header('retry-after', '60');
      return void res.json(429, {
        error:
          opened.refused === 'address'
            ? 'too many open conversations from this address; try again later'
            : 'too many open conversations; try again later',
      });
    }
    const { conversation, token } = opened;
    const resumeKey = randomBytes(24).toString('base64url');
    deps.store.setResumeKey(conversation, resumeKey);
    res.header(
      'set-cookie',
      serializeCookie(RESUME_COOKIE, `${conversation.id}.${resumeKey}`, {
        httpOnly: true,
        secure: true,
        sameSite: 'strict',
        path: '/api/webchat',
      }),
    );
    await durable();
    // renewed: the page had a conversation this process no longer knows (a restarted bot, an idle one forgotten).
    res.json(200, {
      token,
      conversationId: conversation.id,
      expires_in: deps.store.tokenTtlSeconds,
      userId,
      verified: Boolean(user),
      domain: '/v3/directline',
      resumed: false,
      renewed: previous.gone,
      webSocket: deps.webSocket,
    });
  });
}
