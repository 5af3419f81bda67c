import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityTypes, CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { AppCredentials, ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { ActivitySendError, withLeanActivitySending } from '../../bot/leanActivitySender.js';

interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** A local channel connector: records what it receives and answers with the next scripted response. */
async function startConnector(script: Array<{ status: number; body?: string; headers?: Record<string, string> }> = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body: text ? JSON.parse(text) : null,
      });
      const next = script.shift() ?? { status: 200, body: JSON.stringify({ id: `reply-${received.length}` }) };
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(next.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/teams/`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A reply as the bot sends them: text, buttons, an Adaptive Card, a timestamp and a conversation reference. */
function reply(): Partial<Activity> {
  const activity = MessageFactory.suggestedActions(['Ja', 'Nee'], 'Wil je de cart bekijken?');
  activity.attachments = [CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [] })];
  return {
    ...activity,
    type: ActivityTypes.Message,
    timestamp: new Date('2026-11-26T10:00:00Z'),
    from: { id: 'bot', name: 'SLB' },
    recipient: { id: '29:anna', name: 'Anna de Vries' },
    conversation: { id: 'a:1/b?c', isGroup: false, conversationType: 'personal', name: '' },
    replyToId: 'in-1',
    channelId: 'msteams',
    locale: 'nl-NL',
  };
}

/** The SDK's process-wide token cache (private in its typings). */
const tokenCache = (AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> })
  .cache;

describe('lean activity sending', () => {
  afterEach(() => tokenCache.clear());

  it('posts what the SDK posts: same path, conversation header and activity', async () => {
    const connector = await startConnector();
    try {
      const credentials = new MicrosoftAppCredentials('', '');
      const sdk = new ConnectorClient(credentials, { baseUri: connector.url });
      const lean = withLeanActivitySending(new ConnectorClient(credentials, { baseUri: connector.url }));

      await sdk.conversations.replyToActivity('a:1/b?c', 'in-1', reply());
      const answer = await lean.conversations.replyToActivity('a:1/b?c', 'in-1', reply());
      await sdk.conversations.sendToConversation('a:1/b?c', reply());
      await lean.conversations.sendToConversation('a:1/b?c', reply());

      const [sdkReply, leanReply, sdkSend, leanSend] = connector.received;
      expect(answer.id).toBe('reply-2');
      expect(leanReply.path).toBe(sdkReply.path);
      expect(leanReply.path).toBe('/teams/v3/conversations/a%3A1%2Fb%3Fc/activities/in-1');
      expect(leanSend.path).toBe(sdkSend.path);
      expect(leanReply.body).toEqual(sdkReply.body);
      expect(leanSend.body).toEqual(sdkSend.body);
      expect(leanReply.headers['x-ms-conversation-id']).toBe(sdkReply.headers['x-ms-conversation-id']);
      expect(leanReply.headers['content-type']).toMatch(/^application\/json/);
      // No app id (Emulator, local Web Chat): no token, as with the SDK.
      expect(sdkReply.headers.authorization).toBeUndefined();
      expect(leanReply.headers.authorization).toBeUndefined();
    } finally {
      await connector.close();
    }
  });

  it('signs with the app credentials, as the SDK does', async () => {
    const connector = await startConnector();
    try {
      const credentials = new MicrosoftAppCredentials('app-id', 'secret', 'tenant');
      // A token the credentials already hold (MSAL is not reachable here); both clients must send it.
      tokenCache.set((credentials as unknown as { tokenCacheKey: string }).tokenCacheKey, {
        accessToken: 'token-123',
        expiresOn: new Date(Date.now() + 3_600_000),
      });
      const sdk = new ConnectorClient(credentials, { baseUri: connector.url });
      const lean = withLeanActivitySending(new ConnectorClient(credentials, { baseUri: connector.url }));
      await sdk.conversations.sendToConversation('conv', reply());
      await lean.conversations.sendToConversation('conv', reply());
      expect(connector.received.map((r) => r.headers.authorization)).toEqual(['Bearer token-123', 'Bearer token-123']);
    } finally {
      await connector.close();
    }
  });

  it('tries again when the connector is throttled, after the Retry-After it asks for', async () => {
    const connector = await startConnector([
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503, headers: { 'retry-after': '0' } },
    ]);
    try {
      const lean = withLeanActivitySending(
        new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url }),
      );
      const answer = await lean.conversations.sendToConversation('conv', reply());
      expect(connector.received).toHaveLength(3);
      expect(answer.id).toBe('reply-3');
    } finally {
      await connector.close();
    }
  });

  it('fails at once on a client error, with the status and what the connector said', async () => {
    const connector = await startConnector([
      { status: 403, body: JSON.stringify({ error: { code: 'BotNotInConversationRoster' } }) },
    ]);
    try {
      const lean = withLeanActivitySending(
        new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.url }),
      );
      const sent = lean.conversations.sendToConversation('conv', reply());
      await expect(sent).rejects.toBeInstanceOf(ActivitySendError);
      await expect(sent).rejects.toMatchObject({
        statusCode: 403,
        message: expect.stringContaining('BotNotInConversationRoster'),
      });
      expect(connector.received).toHaveLength(1);
    } finally {
      await connector.close();
    }
  });
});
