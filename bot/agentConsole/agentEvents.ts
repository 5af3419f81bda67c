import { EventEmitter } from 'node:events';

export type AgentEvent =
  | { type: 'queue' }
  | { type: 'message'; handoffId: string; from: 'user' | 'agent' | 'bot'; text: string; at: string; agent?: string }
  | { type: 'taken'; handoffId: string; agent: string }
  | { type: 'closed'; handoffId: string };

/** In-process fan-out of console events to every open agent stream (server-sent events). */
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

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
