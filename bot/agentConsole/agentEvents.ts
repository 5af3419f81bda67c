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

  /** Open agent streams: an agent has the console open. */
  get listeners(): number {
    return this.emitter.listenerCount('event');
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
