import { EventFactory, TurnContext, type Activity, type ConversationReference, type Transcript } from 'botbuilder';
import type { Handoff, HandoffStore, TranscriptLine } from '../adapters/handoff/handoffStore.js';
import type { PortalAdapter } from '../adapters/portal/portalAdapter.js';
import type { Identity } from '../domain/identity.js';
import type { AgentEvents } from './agentConsole/agentEvents.js';
import type { Logger } from './logger.js';
import type { ServicedeskHours } from './servicedeskHours.js';

/** Runs `logic` in the conversation behind `reference`, on whichever adapter serves its channel. */
export type ContinueConversation = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

export interface HandoffCoordinatorDeps {
  continueConversation: ContinueConversation;
  handoffs: HandoffStore;
  portal: PortalAdapter;
  events: AgentEvents;
  hours: ServicedeskHours;
  /** `console`: our agent console; `event`: send `handoff.initiate` to a contact center behind the channel. */
  mode: 'console' | 'event';
  logger: Logger;
}

/**
 * How the user hears of an agent: "sanne van de servicedesk". The shared default account is called
 * "servicedesk", which would read "servicedesk van de servicedesk": that one is "een medewerker van de servicedesk".
 */
export function agentLabel(agent: string): string {
  return agent.trim().toLowerCase() === 'servicedesk' ? 'een medewerker van de servicedesk' : `${agent} van de servicedesk`;
}

/** Minutes an agent needs per conversation, for the expected wait shown to users. */
const MINUTES_PER_CONVERSATION = 5;

/**
 * Moves conversations between the bot and servicedesk agents: queueing, relaying both ways (agent messages
 * reach the user proactively through the Bot Framework adapter), and handing back.
 */
export class HandoffCoordinator {
  constructor(private readonly deps: HandoffCoordinatorDeps) {}

  get mode(): 'console' | 'event' {
    return this.deps.mode;
  }

  isOpen(): boolean {
    return this.deps.hours.isOpen();
  }

  get hoursText(): string {
    return this.deps.hours.spec;
  }

  openFor(conversationId: string): Promise<Handoff | undefined> {
    return this.deps.handoffs.openFor(conversationId);
  }

  /** Queues the conversation (or, in event mode, hands it to the channel's contact center). */
  async request(context: TurnContext, identity: Identity, reason: string, recent: TranscriptLine[]): Promise<{ handoff?: Handoff; position: number; waitMinutes: number }> {
    if (this.deps.mode === 'event') {
      const transcript: Transcript = { activities: recent.map((l) => ({ type: 'message', text: l.text, from: { id: l.from, role: l.from === 'user' ? 'user' : 'bot' } }) as Activity) };
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { reason }, transcript));
      return { position: 0, waitMinutes: 0 };
    }
    let school: Handoff['school'];
    let name: string | undefined;
    if (identity.kind === 'verified') {
      try {
        const contact = await this.deps.portal.contactByIdentity(identity.aadObjectId);
        if (contact) {
          name = contact.name;
          const s = await this.deps.portal.school(contact.customerNumber);
          school = { customerNumber: s.customerNumber, name: s.name };
        }
      } catch (err) {
        this.deps.logger.warn({ err }, 'handoff: portal lookup failed; queueing without school');
      }
    }
    const handoff = await this.deps.handoffs.open({
      conversationId: context.activity.conversation.id,
      reference: TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>,
      reason,
      requester: { userId: identity.userId, aadObjectId: identity.kind === 'verified' ? identity.aadObjectId : undefined, name, verified: identity.kind === 'verified' },
      school,
      transcript: recent,
    });
    this.deps.events.publish({ type: 'queue' });
    const { position } = await this.position(handoff.id);
    this.deps.logger.info({ handoffId: handoff.id, conversationId: handoff.conversationId, position }, 'handoff queued');
    return { handoff, position, waitMinutes: position * MINUTES_PER_CONVERSATION };
  }

  async position(handoffId: string): Promise<{ position: number; waitMinutes: number }> {
    const waiting = (await this.deps.handoffs.list(['waiting'])).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const position = waiting.findIndex((h) => h.id === handoffId) + 1;
    return { position, waitMinutes: position * MINUTES_PER_CONVERSATION };
  }

  /** A user message while the conversation is with the servicedesk: into the transcript and the agent's stream. */
  async relayFromUser(handoff: Handoff, text: string): Promise<void> {
    const line: TranscriptLine = { from: 'user', text, at: new Date().toISOString() };
    await this.deps.handoffs.append(handoff.id, line);
    this.deps.events.publish({ type: 'message', handoffId: handoff.id, ...line });
  }

  async cancelByUser(handoff: Handoff): Promise<void> {
    await this.deps.handoffs.close(handoff.id);
    this.deps.events.publish({ type: 'closed', handoffId: handoff.id });
  }

  /** Exactly one agent wins a race for the same conversation. */
  async take(handoffId: string, agent: string): Promise<Handoff | undefined> {
    const handoff = await this.deps.handoffs.take(handoffId, agent);
    if (!handoff) return undefined;
    this.deps.events.publish({ type: 'taken', handoffId, agent });
    await this.toUser(handoff, `Je spreekt nu met ${agentLabel(agent)}.`, 'bot');
    return handoff;
  }

  async sendFromAgent(handoff: Handoff, agent: string, text: string): Promise<void> {
    await this.toUser(handoff, text, 'agent', agent);
  }

  async end(handoff: Handoff): Promise<void> {
    await this.deps.handoffs.close(handoff.id);
    this.deps.events.publish({ type: 'closed', handoffId: handoff.id });
    await this.toUser(handoff, 'De medewerker heeft het gesprek afgesloten. Je praat weer met de assistent: stel gerust je volgende vraag.', 'bot');
  }

  private async toUser(handoff: Handoff, text: string, from: 'agent' | 'bot', agent?: string): Promise<void> {
    const reference = handoff.reference as unknown as ConversationReference;
    await this.deps.continueConversation(reference, async (context) => {
      // An agent's message names the agent: as the sender, and for Web Chat's screen reader announcement (which
      // otherwise says the bot said it) in its 'webchat:fallback-text'.
      const label = agent ? agentLabel(agent) : undefined;
      const sender = label ? `${label[0].toUpperCase()}${label.slice(1)}` : undefined;
      // The SDK sets `from` to the conversation's bot when it sends; the agent's name goes on after that.
      if (sender) {
        context.onSendActivities(async (_context, activities, next) => {
          for (const a of activities) if (a.from && (a.channelData as { slbAgent?: string } | undefined)?.slbAgent) a.from = { ...a.from, name: sender };
          return next();
        });
      }
      await context.sendActivity({
        type: 'message',
        text,
        channelData: agent ? { slbAgent: agent, slbAgentName: sender, 'webchat:fallback-text': `${sender} zei: ${text}` } : undefined,
      } as Partial<Activity>);
    });
    const line: TranscriptLine = { from, text, at: new Date().toISOString(), agent };
    await this.deps.handoffs.append(handoff.id, line);
    this.deps.events.publish({ type: 'message', handoffId: handoff.id, ...line });
  }
}
