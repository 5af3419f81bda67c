import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../config/logger.js';
import type { DirectLineConversation, DirectLineStore } from './directLineStore.js';

export interface DirectLineStreamOptions {
  store: DirectLineStore;
  /** Open streams per conversation (tabs of one visitor). @default 4 */
  maxPerConversation?: number;
  /** Open streams per client address. @default 60 */
  maxPerAddress?: number;
  /** Open streams in total. @default 2000 */
  maxTotal?: number;
  /** How often streams are pinged (a stream that did not answer the previous ping is dropped). @default 30000 */
  heartbeatMs?: number;
  logger: Logger;
}

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?#]+)\/stream$/;
/** What a client may send on a stream: Web Chat sends empty keep-alive messages only. */
const MAX_CLIENT_MESSAGE = 1024;
/** A client that does not read what is sent to it is dropped past this much unsent data; it catches up on reconnect. */
const MAX_BUFFERED = 1024 * 1024;

interface Stream {
  socket: WebSocket;
  conversation: DirectLineConversation;
  token: string;
  address: string;
  alive: boolean;
}

/** Answers an upgrade request with a plain HTTP error and drops the connection. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ error: { code: status === 429 ? 'Throttled' : 'BadArgument', message: reason } });
  const lines = [
    `HTTP/1.1 ${status} ${reason.replace(/[^\x20-\x7e]/g, '')}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  socket.once('error', () => undefined);
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * The Direct Line 3.0 WebSocket stream of the embedded channel (`streamUrl`): Web Chat's client opens it instead of
 * polling, and every activity of the conversation is pushed to it as a JSON text frame `{activities, watermark}`
 * (first everything after the watermark in the URL). The socket authenticates with the conversation's Direct Line
 * token (`t` in the URL, as browsers cannot set headers on a WebSocket, or `Authorization: Bearer`). Bounded: streams
 * per conversation, per address and in total; client messages of 1 KB at most; a client that does not read is dropped.
 * An open stream counts as the visitor being there (presence for the handoff queue).
 */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE,
    perMessageDeflate: false,
  });
  private readonly streams = new Set<Stream>();
  private readonly perAddress = new Map<string, number>();
  private readonly perConversation = new Map<string, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxPerConversation: number;
  private readonly maxPerAddress: number;
  private readonly maxTotal: number;
  private closed = false;

  constructor(private readonly options: DirectLineStreamOptions) {
    this.maxPerConversation = options.maxPerConversation ?? 4;
    this.maxPerAddress = options.maxPerAddress ?? 60;
    this.maxTotal = options.maxTotal ?? 2000;
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  /** The `upgrade` event of the HTTP server: a stream request is accepted or refused; anything else gets 404. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuseUpgrade(socket, 404, 'Not Found');
    if (this.closed) return refuseUpgrade(socket, 503, 'Service Unavailable');
    const token =
      url.searchParams.get('t') ?? /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? undefined;
    const { conversation, problem } = this.options.store.byToken(token);
    if (!conversation) return refuseUpgrade(socket, problem === 'expired' ? 403 : 401, 'Unauthorized');
    if (conversation.id !== decodeURIComponent(match[1])) return refuseUpgrade(socket, 403, 'Forbidden');
    const address = req.socket.remoteAddress ?? 'unknown';
    if (
      this.streams.size >= this.maxTotal ||
      (this.perAddress.get(address) ?? 0) >= this.maxPerAddress ||
      (this.perConversation.get(conversation.id) ?? 0) >= this.maxPerConversation
    ) {
      this.options.logger.warn({ conversationId: conversation.id }, 'Direct Line stream refused: limit reached');
      return refuseUpgrade(socket, 429, 'Too Many Requests', { 'retry-after': '30' });
    }
    const watermark = Math.max(0, Number.parseInt(url.searchParams.get('watermark') ?? '0', 10) || 0);
    // Counted before the handshake completes, so concurrent requests cannot pass the limits together.
    const stream: Stream = {
      socket: undefined as unknown as WebSocket,
      conversation,
      token: token!,
      address,
      alive: true,
    };
    this.count(stream, +1);
    let attached = false;
    // A handshake that fails (ws answers 400 itself) or a client that leaves during it gives its place back.
    socket.once('close', () => attached || this.count(stream, -1));
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.closed) return void ws.terminate();
      attached = true;
      stream.socket = ws;
      this.attach(stream, watermark);
    });
  }

  /** Closes every stream (the clients reconnect elsewhere or later); resolves once they are gone. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    const open = [...this.streams].filter((s) => s.socket);
    await Promise.all(
      open.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.socket.readyState === s.socket.CLOSED) return resolve();
            const timer = setTimeout(() => s.socket.terminate(), 1000);
            s.socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            s.socket.close(1001, 'server shutting down');
          }),
      ),
    );
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private attach(stream: Stream, watermark: number): void {
    const { socket, conversation } = stream;
    const { store, logger } = this.options;
    this.streams.add(stream);
    store.streamOpened(conversation);
    const send = (activities: unknown[], next: number) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED) return void socket.terminate();
      socket.send(JSON.stringify({ activities, watermark: String(next) }));
    };
    const missed = store.since(conversation, watermark);
    if (missed.length > 0) send(missed, store.watermark(conversation));
    const unsubscribe = store.subscribe(conversation.id, (activity, next) => send([activity], next));
    socket.on('pong', () => {
      stream.alive = true;
      store.streamAlive(conversation);
    });
    // Web Chat sends an empty message now and then to notice a broken connection; nothing else is expected.
    socket.on('message', () => {
      stream.alive = true;
    });
    socket.on('error', (err) => logger.debug({ err, conversationId: conversation.id }, 'Direct Line stream error'));
    socket.once('close', () => {
      unsubscribe();
      this.streams.delete(stream);
      this.count(stream, -1);
      store.streamClosed(conversation);
    });
  }

  private count(stream: Stream, delta: 1 | -1): void {
    for (const [map, key] of [
      [this.perAddress, stream.address],
      [this.perConversation, stream.conversation.id],
    ] as const) {
      const n = (map.get(key) ?? 0) + delta;
      if (n > 0) map.set(key, n);
      else map.delete(key);
    }
  }

  /** Drops streams that did not answer the last ping, or whose token is no longer valid; pings the others. */
  private beat(): void {
    for (const stream of this.streams) {
      if (!stream.alive) {
        stream.socket.terminate();
        continue;
      }
      if (!this.options.store.tokenValid(stream.token, stream.conversation.id)) {
        stream.socket.close(1008, 'token expired');
        continue;
      }
      stream.alive = false;
      stream.socket.ping();
    }
  }
}
