import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { LocalEventFeed, type EventFeed, type FeedEvent } from '../../adapters/handoff/eventFeed.js';

export type AgentEvent =
  | { type: 'queue' }
  /** A transcript line of a taken conversation; only its holder receives it. */
  | {
      type: 'message';
      handoffId: string;
      holder: string;
      from: 'user' | 'agent' | 'bot';
      text: string;
      at: string;
      agent?: string;
    }
  | { type: 'taken'; handoffId: string; agent: string }
  /** The user's client left (gone) or came back. */
  | { type: 'visitor'; handoffId: string; gone: boolean }
  | { type: 'closed'; handoffId: string };

const CONSOLE_EVENTS = new Set<string>(['queue', 'message', 'taken', 'visitor', 'closed']);
/** An instance with open consoles says so this often; one not heard from for PRESENCE_TTL_MS has none. */
const PRESENCE_MS = 10_000;
const PRESENCE_TTL_MS = 3 * PRESENCE_MS;

/**
 * Console events for the open agent streams (server-sent events), through the shared event feed: an event
 * published on any instance reaches the streams open on every instance (STORE=azure: an Azure table; embedded:
 * in memory). Queue changes, takes and closes are summaries every agent may see; message lines go only to the
 * agent holding the conversation. Instances also tell each other how many consoles they have open, so a user on
 * one instance hears whether an agent is online on any.
 */
export class AgentEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(200);
  private readonly instance = randomBytes(4).toString('hex');
  /** Open consoles on the other instances, as last heard. */
  private readonly remote = new Map<string, { streams: number; at: number }>();
  private readonly unsubscribeFeed: () => void;
  private presenceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly feed: EventFeed = new LocalEventFeed(),
    /** Told when the shared feed cannot be written. */
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.unsubscribeFeed = feed.subscribe((event) => this.heard(event));
  }

  /** Publishes to every instance's consoles; a failure is reported to onError, never thrown at the caller. */
  publish(event: AgentEvent): void {
    void this.feed.publish(event).catch(this.onError);
  }

  /** Called when the app shuts down: open event streams end, so they do not hold the server open. */
  onShutdown(listener: () => void): () => void {
    this.emitter.once('shutdown', listener);
    return () => this.emitter.off('shutdown', listener);
  }

  /** True once the app is shutting down: no new streams are opened. */
  closed = false;

  shutdown(): void {
    this.closed = true;
    clearInterval(this.presenceTimer);
    this.unsubscribeFeed();
    this.emitter.emit('shutdown');
    if (this.streams > 0) void this.feed.publish(this.presence(0)).catch(this.onError);
  }

  /** Open agent streams on this instance. */
  get listeners(): number {
    return this.streams;
  }

  /** True while an agent has the console open on any instance. */
  get agentsOnline(): boolean {
    const now = Date.now();
    return this.streams > 0 || [...this.remote.values()].some((r) => r.streams > 0 && now - r.at < PRESENCE_TTL_MS);
  }

  /** Events `agent` may see. */
  subscribe(agent: string, listener: (event: AgentEvent) => void): () => void {
    const filtered = (event: AgentEvent) => {
      if (event.type !== 'message' || event.holder === agent) listener(event);
    };
    this.emitter.on('event', filtered);
    this.presenceChanged();
    return () => {
      this.emitter.off('event', filtered);
      this.presenceChanged();
    };
  }

  private get streams(): number {
    return this.emitter.listenerCount('event');
  }

  private heard(event: FeedEvent): void {
    if (event.type === 'presence') {
      if (event.instance !== this.instance)
        this.remote.set(String(event.instance), { streams: Number(event.streams), at: Date.now() });
      return;
    }
    if (CONSOLE_EVENTS.has(event.type)) this.emitter.emit('event', event as AgentEvent);
  }

  /** Tells the other instances how many consoles are open here: now, and every PRESENCE_MS while any are. */
  private presenceChanged(): void {
    if (this.feed instanceof LocalEventFeed) return;
    void this.feed.publish(this.presence(this.streams)).catch(this.onError);
    if (this.streams > 0 && !this.presenceTimer) {
      this.presenceTimer = setInterval(() => {
        if (this.streams === 0) {
          clearInterval(this.presenceTimer);
          this.presenceTimer = undefined;
        } else void this.feed.publish(this.presence(this.streams)).catch(this.onError);
      }, PRESENCE_MS);
      this.presenceTimer.unref();
    }
  }

  private presence(streams: number): FeedEvent {
    return { type: 'presence', instance: this.instance, streams };
  }
}
