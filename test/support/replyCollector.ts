import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CollectedActivity {
  type: string;
  text?: string;
  conversation?: { id: string };
  replyToId?: string;
  suggestedActions?: { actions: Array<{ title: string; value: string }> };
  attachments?: Array<{ contentType: string; content: unknown }>;
  [key: string]: unknown;
}

/**
 * Stands in for the channel's connector service (Teams, Direct Line): the bot POSTs its replies to
 * `{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]`, and this server keeps them per conversation.
 */
export class ReplyCollector {
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly byConversation = new Map<string, CollectedActivity[]>();
  url = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Replies received for a conversation so far (and forgets them). */
  take(conversationId: string): CollectedActivity[] {
    const replies = this.byConversation.get(conversationId) ?? [];
    this.byConversation.set(conversationId, []);
    return replies;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !match) {
        res.writeHead(404);
        res.end();
        return;
      }
      const conversationId = decodeURIComponent(match[1]);
      const activity = JSON.parse(body) as CollectedActivity;
      const list = this.byConversation.get(conversationId) ?? [];
      list.push(activity);
      this.byConversation.set(conversationId, list);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${list.length}` }));
    });
  }
}
