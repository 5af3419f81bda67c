import { EventEmitter } from 'node:events';

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

/**
 * In-process fan-out of console events to the open agent streams (server-sent events). Queue changes, takes and
 * closes are summaries every agent may see; message lines go only to the agent holding the conversation.
 */
export class AgentEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(200);

  publish(event: AgentEvent): void {
    this.emitter.emit('event', event);
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
    this.emitter.emit('shutdown');
  }

  /** Open agent streams: an agent has the console open. */
  get listeners(): number {
    return this.emitter.listenerCount('event');
  }

  /** Events `agent` may see. */
  subscribe(agent: string, listener: (event: AgentEvent) => void): () => void {
    const filtered = (event: AgentEvent) => {
      if (event.type !== 'message' || event.holder === agent) listener(event);
    };
    this.emitter.on('event', filtered);
    return () => this.emitter.off('event', filtered);
  }
}
