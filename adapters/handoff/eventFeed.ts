import { EventEmitter } from 'node:events';

/** A small JSON event (a queue change, a transcript line, a message to deliver): `type` says which. */
export interface FeedEvent {
  type: string;
  [field: string]: unknown;
}

/**
 * Events every instance hears: what the agent consoles stream and what must reach a user on another instance.
 * Embedded (one instance): in memory. STORE=azure: rows in a table that every instance polls.
 */
export interface EventFeed {
  /** Resolves once every instance can hear the event; this instance's subscribers hear it before that. */
  publish(event: FeedEvent): Promise<void>;
  /** Every event, from any instance, once; returns the unsubscribe function. */
  subscribe(listener: (event: FeedEvent) => void): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The feed of one instance: an in-process fan-out, synchronous. */
export class LocalEventFeed implements EventFeed {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(event: FeedEvent): Promise<void> {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
