import { EventFactory, TurnContext, type Activity, type ConversationReference, type Transcript } from 'botbuilder';
import { stripInvisible } from '../adapters/freeText.js';
import type { EventFeed, FeedEvent } from '../adapters/handoff/eventFeed.js';
import type { HandoffStore, HandoffSummary, TranscriptLine } from '../adapters/handoff/handoffStore.js';
import type { PortalAdapter } from '../adapters/portal/portalAdapter.js';
import type { Identity } from '../domain/identity.js';
import type { AgentEvents } from './agentConsole/agentEvents.js';
import type { Logger } from '../config/logger.js';
import type { ServicedeskHours } from './servicedeskHours.js';
import type { TemplateRenderer } from '../messages/templateRenderer.js';

/** Runs `logic` in the conversation behind `reference`, on whichever adapter serves its channel. */
export type ContinueConversation = (
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<void>;

export interface HandoffCoordinatorDeps {
  continueConversation: ContinueConversation;
  handoffs: HandoffStore;
  portal: PortalAdapter;
  events: AgentEvents;
  /**
   * The feed every instance hears: a message for a user whose conversation this instance cannot reach (an embedded
   * Direct Line conversation held in another instance's memory) goes there, and the instance holding it sends it.
   */
  feed?: EventFeed;
  /** True when this instance can send into the conversation behind `reference`. @default always */
  canReach?: (reference: Partial<ConversationReference>) => boolean;
  hours: ServicedeskHours;
  /** `console`: our agent console; `event`: send `handoff.initiate` to a contact center behind the channel. */
  mode: 'console' | 'event';
  /** bot/templates: what the user reads when an agent takes or ends the conversation. */
  templates: TemplateRenderer;
  /** The client address behind a conversation, when the channel knows it (embedded Web Chat). */
  clientAddressOf: (conversationId: string) => string | undefined;
  /** Conversations one client address may have waiting in the queue at once. */
  maxWaitingPerAddress: number;
  /**
   * How long the user of a handoff has been without a client (ms), when the channel can tell (embedded Web Chat: no
   * open stream, no poll); undefined for channels that cannot (Teams).
   */
  visitorAbsentMs?: (handoff: HandoffSummary) => number | undefined;
  /** Absent this long, a visitor is gone: shown so in the console, and their waiting handoff expires. @default 120 s */
  visitorGoneMs?: number;
  logger: Logger;
}

/** Minutes an agent needs per conversation, for the expected wait shown to users. */
const MINUTES_PER_CONVERSATION = 5;

/** A message for a user whose conversation another instance holds (an embedded Web Chat conversation). */
interface DeliverEvent extends FeedEvent {
  type: 'deliver';
  reference: Partial<ConversationReference>;
  text: string;
  agent?: string;
  /** The agent's first name. */
  name?: string;
}

/**
 * Moves conversations between the bot and servicedesk agents: queueing, relaying both ways (agent messages
 * reach the user proactively through the Bot Framework adapter), and handing back.
 */
export class HandoffCoordinator {
  private readonly unsubscribe: () => void;
  /** Handoffs seen gone at the last check: a change is published to the consoles. */
  private readonly gone = new Set<string>();
  private watcher: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(private readonly deps: HandoffCoordinatorDeps) {
    this.unsubscribe =
      deps.feed?.subscribe((event) => {
        if (event.type !== 'deliver') return;
        const { reference, text, agent, name } = event as DeliverEvent;
        if (!this.canReach(reference)) return;
        this.send(reference, text, agent, name).catch((err: unknown) =>
          deps.logger.warn(
            { err, conversationId: reference.conversation?.id },
            'handoff: delivery for another instance failed',
          ),
        );
      }) ?? (() => undefined);
  }

  /** Stops taking deliveries from the feed (app shutdown). */
  close(): void {
    this.unsubscribe();
  }

  private get goneMs(): number {
    return this.deps.visitorGoneMs ?? 120_000;
  }

  /** True when the user's client has been away for the configured time (never for channels that cannot tell). */
  visitorGone(handoff: HandoffSummary): boolean {
    const absent = this.deps.visitorAbsentMs?.(handoff);
    return absent !== undefined && absent >= this.goneMs;
  }

  /** Checks the open handoffs' visitors now and then (see {@link checkVisitors}) until {@link stopWatching}. */
  watchVisitors(): void {
    if (this.deps.mode !== 'console' || !this.deps.visitorAbsentMs || this.watcher) return;
    const every = Math.max(250, Math.min(5_000, Math.floor(this.goneMs / 4)));
    this.watcher = setInterval(() => {
      this.checking ??= this.checkVisitors()
        .catch((err: Error) => this.deps.logger.error({ err }, 'handoff: visitor check failed'))
        .finally(() => (this.checking = undefined));
    }, every);
    this.watcher.unref();
  }

  async stopWatching(): Promise<void> {
    clearInterval(this.watcher);
    this.watcher = undefined;
    await this.checking;
  }

  /**
   * A visitor who left (or came back) shows so in the consoles; a waiting handoff whose visitor is gone expires, so it
   * no longer counts in other visitors' queue positions. The visitor finds a Dutch note about it if they return. After
   * a restart every visitor counts as there at start-up: one who never comes back expires once the time has passed.
   */
  async checkVisitors(): Promise<void> {
    const open = await this.deps.handoffs.list(['waiting', 'taken']);
    for (const handoff of open) {
      const gone = this.visitorGone(handoff);
      if (gone && handoff.status === 'waiting') {
        this.gone.delete(handoff.id);
        await this.expire(handoff);
        continue;
      }
      if (gone === this.gone.has(handoff.id)) continue;
      if (gone) this.gone.add(handoff.id);
      else this.gone.delete(handoff.id);
      this.deps.events.publish({ type: 'visitor', handoffId: handoff.id, gone });
    }
    const ids = new Set(open.map((h) => h.id));
    for (const id of this.gone) if (!ids.has(id)) this.gone.delete(id);
  }

  private async expire(handoff: HandoffSummary): Promise<void> {
    const closed = await this.deps.handoffs.close(handoff.id);
    if (!closed) return;
    this.deps.logger.info(
      { handoffId: handoff.id, conversationId: handoff.conversationId },
      'handoff expired: visitor gone',
    );
    this.deps.events.publish({ type: 'closed', handoffId: handoff.id });
    try {
      await this.toUser(handoff, this.deps.templates.render('queueExpired'), 'bot');
    } catch (err) {
      this.deps.logger.warn({ err, handoffId: handoff.id }, 'handoff expired: could not leave the visitor a note');
    }
  }

  get mode(): 'console' | 'event' {
    return this.deps.mode;
  }

  isOpen(): boolean {
    return this.deps.hours.isOpen();
  }

  /** True while an agent has the console open (its event stream), on any instance: only then is a wait estimate honest. */
  agentsOnline(): boolean {
    return this.deps.events.agentsOnline;
  }

  get hoursText(): string {
    return this.deps.hours.spec;
  }

  openFor(conversationId: string): Promise<HandoffSummary | undefined> {
    return this.deps.handoffs.openFor(conversationId);
  }

  /**
   * Queues the conversation (or, in event mode, hands it to the channel's contact center). Throws QueueLimitError
   * when the client's address has as many conversations waiting as allowed.
   */
  async request(
    context: TurnContext,
    identity: Identity,
    reason: string,
    recent: TranscriptLine[],
  ): Promise<{ handoff?: HandoffSummary; position: number; waitMinutes: number }> {
    if (this.deps.mode === 'event') {
      const transcript: Transcript = {
        activities: recent.map(
          (l) =>
            ({
              type: 'message',
              text: l.text,
              from: { id: l.from, role: l.from === 'user' ? 'user' : 'bot' },
            }) as Activity,
        ),
      };
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { reason }, transcript));
      return { position: 0, waitMinutes: 0 };
    }
    let school: HandoffSummary['school'];
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
    const conversationId = context.activity.conversation.id;
    const handoff = await this.deps.handoffs.open(
      {
        conversationId,
        clientAddress: this.deps.clientAddressOf(conversationId),
        reference: TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>,
        reason,
        requester: {
          userId: identity.userId,
          aadObjectId: identity.kind === 'verified' ? identity.aadObjectId : undefined,
          name,
          verified: identity.kind === 'verified',
        },
        school,
        transcript: recent,
      },
      { maxWaitingPerAddress: this.deps.maxWaitingPerAddress },
    );
    this.deps.events.publish({ type: 'queue' });
    const { position } = await this.position(handoff.id);
    this.deps.logger.info(
      { handoffId: handoff.id, conversationId: handoff.conversationId, position },
      'handoff queued',
    );
    return { handoff, position, waitMinutes: position * MINUTES_PER_CONVERSATION };
  }

  async position(handoffId: string): Promise<{ position: number; waitMinutes: number }> {
    const waiting = (await this.deps.handoffs.list(['waiting'])).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const position = waiting.findIndex((h) => h.id === handoffId) + 1;
    return { position, waitMinutes: position * MINUTES_PER_CONVERSATION };
  }

  /** A user message while the conversation is with the servicedesk: into the transcript and the agent's stream. */
  async relayFromUser(handoff: HandoffSummary, text: string): Promise<void> {
    // Cleaned here too, not only in the store: the live event reaches the console without the stored copy.
    const line: TranscriptLine = { from: 'user', text: stripInvisible(text), at: new Date().toISOString() };
    await this.deps.handoffs.append(handoff.id, line);
    this.publishLine(handoff, line);
  }

  /** A line reaches live only the agent holding the conversation; for a waiting one, the queue hears that it changed. */
  private publishLine(handoff: HandoffSummary, line: TranscriptLine): void {
    if (handoff.status === 'taken' && handoff.takenBy)
      this.deps.events.publish({ type: 'message', handoffId: handoff.id, holder: handoff.takenBy, ...line });
    else this.deps.events.publish({ type: 'queue' });
  }

  /** The user ends a conversation an agent holds: the agent reads why it closed, then it is closed. */
  async endByUser(handoff: HandoffSummary): Promise<void> {
    const line: TranscriptLine = {
      from: 'bot',
      text: this.deps.templates.render('userEnded'),
      at: new Date().toISOString(),
    };
    await this.deps.handoffs.append(handoff.id, line);
    this.publishLine(handoff, line);
    await this.cancelByUser(handoff);
  }

  async cancelByUser(handoff: HandoffSummary): Promise<void> {
    await this.deps.handoffs.close(handoff.id);
    this.deps.events.publish({ type: 'closed', handoffId: handoff.id });
  }

  /** Exactly one agent wins a race for the same conversation. `name`: the agent's first name, as users read it. */
  async take(handoffId: string, agent: string, name?: string): Promise<HandoffSummary | undefined> {
    const handoff = await this.deps.handoffs.take(handoffId, agent);
    if (!handoff) return undefined;
    this.deps.events.publish({ type: 'taken', handoffId, agent });
    await this.toUser(handoff, this.deps.templates.render('agentTook', { agent: this.agentLabel(agent, name) }), 'bot');
    return handoff;
  }

  async sendFromAgent(handoff: HandoffSummary, agent: string, text: string, name?: string): Promise<void> {
    await this.toUser(handoff, text, 'agent', agent, name);
  }

  async end(handoff: HandoffSummary): Promise<void> {
    await this.deps.handoffs.close(handoff.id);
    this.deps.events.publish({ type: 'closed', handoffId: handoff.id });
    await this.toUser(handoff, this.deps.templates.render('agentEnded'), 'bot');
  }

  /**
   * How the user hears of an agent: "Sanne van de servicedesk" (bot/templates/agentName.hbs), by the account's first
   * name (the username without one). The shared default account is called "servicedesk", which would read
   * "servicedesk van de servicedesk".
   */
  private agentLabel(agent: string, name?: string): string {
    return this.deps.templates.render('agentName', {
      agent: name ?? agent,
      shared: agent.trim().toLowerCase() === 'servicedesk',
    });
  }

  private canReach(reference: Partial<ConversationReference>): boolean {
    return this.deps.canReach?.(reference) ?? true;
  }

  /** Sends a message into the user's conversation, from the bot or naming the agent (`name`: their first name). */
  private async send(
    reference: Partial<ConversationReference>,
    text: string,
    agent?: string,
    name?: string,
  ): Promise<void> {
    await this.deps.continueConversation(reference, async (context) => {
      // An agent's message names the agent: as the sender, and for Web Chat's screen reader announcement (which
      // otherwise says the bot said it) in its 'webchat:fallback-text'.
      const label = agent ? this.agentLabel(agent, name) : undefined;
      const sender = label ? `${label[0].toUpperCase()}${label.slice(1)}` : undefined;
      // The SDK sets `from` to the conversation's bot when it sends; the agent's name goes on after that.
      if (sender) {
        context.onSendActivities(async (_context, activities, next) => {
          for (const a of activities)
            if (a.from && (a.channelData as { slbAgent?: string } | undefined)?.slbAgent)
              a.from = { ...a.from, name: sender };
          return next();
        });
      }
      // Teams shows every message under the bot's name and picture, whatever `from` says: the agent's name leads the text.
      const shown = sender && context.activity.channelId === 'msteams' ? `**${sender}**: ${text}` : text;
      await context.sendActivity({
        type: 'message',
        text: shown,
        channelData: agent
          ? { slbAgent: agent, slbAgentName: sender, 'webchat:fallback-text': `${sender} zei: ${text}` }
          : undefined,
      } as Partial<Activity>);
    });
  }

  private async toUser(
    handoff: HandoffSummary,
    text: string,
    from: 'agent' | 'bot',
    agent?: string,
    name?: string,
  ): Promise<void> {
    const reference = handoff.reference as unknown as ConversationReference;
    if (this.canReach(reference) || !this.deps.feed) await this.send(reference, text, agent, name);
    else await this.deps.feed.publish({ type: 'deliver', reference, text, agent, name } satisfies DeliverEvent);
    const line: TranscriptLine = { from, text, at: new Date().toISOString(), agent };
    await this.deps.handoffs.append(handoff.id, line);
    this.publishLine(handoff, line);
  }
}
