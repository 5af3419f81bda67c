import http from 'node:http';
import https from 'node:https';
import type { Activity, ResourceResponse } from 'botbuilder';

/** The parts of botframework-connector's ConnectorClient this module uses and replaces (baseUri is protected). */
interface ConnectorClientLike {
  baseUri?: string;
  credentials: { signRequest(request: SignableRequest): Promise<unknown> };
  conversations: {
    replyToActivity: (...args: never[]) => unknown;
    sendToConversation: (...args: never[]) => unknown;
  };
}

interface SignableRequest {
  headers: { set(name: string, value: string): void };
}

/** Statuses worth another try, as the SDK's default retry policy has them: throttling and transient server errors. */
const RETRIED_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRIES = 3;
const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_AFTER_MS = 10_000;
const TIMEOUT_MS = 30_000;
/** A connector's error body is quoted in the error up to this length (it says why: "conversation not found"). */
const MAX_QUOTED_BODY = 300;
const USER_AGENT = 'slb-registration-assistant (botbuilder CloudAdapter)';
const CONVERSATION_ID_HEADER = 'x-ms-conversation-id';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** A failed send, with the HTTP status (as the SDK's RestError has it) and what the connector said. */
export class ActivitySendError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'ActivitySendError';
  }
}

/**
 * Replaces a ConnectorClient's two reply operations (the ones CloudAdapter sends every reply with) by a plain JSON
 * POST on a keep-alive agent, signed by the client's own credentials. The SDK's operations run each activity
 * through a model serializer and an HTTP pipeline of a dozen policies: under load that was a fifth of a turn's
 * CPU, more than the bot's own work. Same URL, headers, body (JSON of the activity), retries on throttling and
 * server errors, and errors that carry the status. Every other operation stays the SDK's.
 */
export function withLeanActivitySending<T extends object>(connectorClient: T): T {
  const client = connectorClient as unknown as ConnectorClientLike;
  const base = client.baseUri?.endsWith('/') ? client.baseUri : `${client.baseUri ?? ''}/`;
  const send = async (path: string, conversationId: string, activity: Partial<Activity>) => {
    const url = new URL(path, base);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      accept: '*/*',
      'user-agent': USER_AGENT,
      [CONVERSATION_ID_HEADER]: conversationId,
    };
    await client.credentials.signRequest({ headers: { set: (name, value) => (headers[name.toLowerCase()] = value) } });
    const body = JSON.stringify(activity);
    for (let attempt = 0; ; attempt++) {
      let outcome: Outcome;
      try {
        outcome = await post(url, headers, body);
      } catch (err) {
        if (attempt < MAX_RETRIES) {
          await delay(backoff(attempt));
          continue;
        }
        throw new ActivitySendError(`Sending an activity to ${url.origin}${url.pathname} failed: ${String(err)}`);
      }
      if (outcome.status < 300) return parseResource(outcome.text);
      if (RETRIED_STATUS.has(outcome.status) && attempt < MAX_RETRIES) {
        await delay(outcome.retryAfterMs ?? backoff(attempt));
        continue;
      }
      throw new ActivitySendError(
        `Sending an activity to ${url.origin}${url.pathname} failed with ${outcome.status}: ${outcome.text.slice(0, MAX_QUOTED_BODY)}`,
        outcome.status,
      );
    }
  };
  const enc = encodeURIComponent;
  const conversations = client.conversations as unknown as {
    replyToActivity: (id: string, activityId: string, activity: Partial<Activity>) => Promise<ResourceResponse>;
    sendToConversation: (id: string, activity: Partial<Activity>) => Promise<ResourceResponse>;
  };
  conversations.replyToActivity = (conversationId, activityId, activity) =>
    send(`v3/conversations/${enc(conversationId)}/activities/${enc(activityId)}`, conversationId, activity);
  conversations.sendToConversation = (conversationId, activity) =>
    send(`v3/conversations/${enc(conversationId)}/activities`, conversationId, activity);
  return connectorClient;
}

interface Outcome {
  status: number;
  text: string;
  retryAfterMs?: number;
}

function post(url: URL, headers: Record<string, string>, body: string): Promise<Outcome> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as keyof typeof agents],
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfterMs: retryAfter(res.headers['retry-after']),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function parseResource(text: string): ResourceResponse {
  if (!text) return { id: '' };
  try {
    const parsed = JSON.parse(text) as Partial<ResourceResponse>;
    return { id: typeof parsed.id === 'string' ? parsed.id : '' };
  } catch {
    return { id: '' };
  }
}

function retryAfter(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

const backoff = (attempt: number) => FIRST_RETRY_DELAY_MS * 2 ** attempt * (0.8 + Math.random() * 0.4);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
