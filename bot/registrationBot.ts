import { randomUUID } from 'node:crypto';
import { MessageFactory, TeamsActivityHandler, TurnContext, type CardAction, type ConversationState, type InvokeResponse, type StatePropertyAccessor } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import { imBack, parseYesNo } from '../dialogs/replies.js';
import type { Decision } from '../knowledge/decisionPolicy.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { DialogName, KnowledgeEntry } from '../knowledge/types.js';
import type { FeedbackStore } from '../adapters/feedback/feedbackStore.js';
import type { TranscriptLine } from '../adapters/handoff/handoffStore.js';
import type { HandoffCoordinator } from './handoffCoordinator.js';
import { BUTTONS, DIALOG_BUTTONS, dialogForButton, isCancel, isGreeting, isHelp, isThanks } from './buttons.js';
import { resolveIdentity, type Identity, type IdentityPolicy } from './identity.js';
import type { Logger } from './logger.js';
import type { TemplateRenderer } from './templateRenderer.js';
import type { DialogStartOptions } from '../dialogs/accountDialogDeps.js';

/** What the bot remembers per conversation besides dialog state. */
interface ConversationData {
  lastAnswer?: { id: string; question: string };
  /** The last suggestions offered ("Bedoel je een van deze vragen?"): a click on one is recorded for the editors. */
  offered?: { record: string; ids: string[] };
  /** Questions in a row the bot could not answer; two make it offer a human. */
  fallbacks?: number;
  /** The last lines of the conversation, handed to an agent on escalation. */
  recent?: TranscriptLine[];
  /** Whose conversation this is (aadObjectId, else channel user id) and when it was last used: for privacy. */
  owner?: string;
  lastActivity?: string;
}

/** Where botbuilder-dialogs keeps a turn's memory-scope configuration (DialogStateManager's turn-state key). */
const DIALOG_MEMORY_CONFIGURATION = 'DialogStateManagerConfiguration';
/** Turn-state key of the suggestions the previous turn offered; they count for the next message only. */
const OFFERED = Symbol('offered');

const RECENT_LINES = 20;
/** A line handed to the servicedesk is cut only past this (with an ellipsis): agents read what the user read. */
const RECENT_LINE_CHARS = 4000;
const FALLBACKS_BEFORE_ESCALATION = 2;

export interface RegistrationBotDeps {
  knowledge: KnowledgeBase;
  templates: TemplateRenderer;
  conversationState: ConversationState;
  feedback: FeedbackStore;
  /** Guided dialogs by intent name; an intent without a dialog here is only described. */
  dialogs: DialogSet;
  dialogState: StatePropertyAccessor<DialogState>;
  identityPolicy: IdentityPolicy;
  handoff: HandoffCoordinator;
  logger: Logger;
}

const MAX_FOLLOW_UPS = 2;
/** Starter buttons under the welcome: the questions asked most, in the FAQ's own words. */
const STARTER_ENTRIES = ['1.5', '1.2', '2.1', '3.3'];
/** Longer messages are cut before search: nobody asks an FAQ question in 2,000 characters. */
const MAX_QUESTION_LENGTH = 1000;

/**
 * The SLB registration assistant. Each message goes down one route table, first match wins:
 * not text -> running dialog (with stop/help) -> button -> question (answer / clarify / dialog / fallback).
 */
export class RegistrationBot extends TeamsActivityHandler {
  private readonly conversationData: StatePropertyAccessor<ConversationData>;
  /**
   * botbuilder-dialogs rebuilds its memory-scope configuration (a dependency-injection graph) for every turn
   * with a DialogContext: about a tenth of a dialog turn's CPU. The scopes hold no turn state, so the first
   * turn's configuration is handed to every later turn.
   */
  private dialogMemoryConfiguration: unknown;

  constructor(private readonly deps: RegistrationBotDeps) {
    super();
    this.conversationData = deps.conversationState.createProperty<ConversationData>('conversationData');

    this.onMembersAdded(async (context, next) => {
      const newcomers = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient.id);
      if (newcomers.length > 0) await this.welcome(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.route(context);
      await next();
    });
  }

  /**
   * Invokes the bot does not implement (Adaptive Card Action.Execute, unknown names) answer 400 with a reason
   * instead of the SDK's 501: the request is the problem, not the server.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    let response: InvokeResponse;
    try {
      response = await super.onInvokeActivity(context);
    } catch (err) {
      // The SDK throws a TypeError on some malformed invoke values (e.g. adaptiveCard/action without an action).
      this.deps.logger.warn({ err, name: context.activity.name }, 'malformed invoke refused');
      return { status: 400, body: { error: `malformed invoke "${String(context.activity.name ?? '')}"` } };
    }
    if (response?.status === 501) return { status: 400, body: { error: `unsupported invoke "${String(context.activity.name ?? '')}"` } };
    return response;
  }

  /** Saves state after every turn, including turns that ended in a handled error. */
  override async run(context: TurnContext): Promise<void> {
    if (this.dialogMemoryConfiguration) context.turnState.set(DIALOG_MEMORY_CONFIGURATION, this.dialogMemoryConfiguration);
    try {
      await this.recordRecent(context);
      await super.run(context);
      this.dialogMemoryConfiguration ??= context.turnState.get(DIALOG_MEMORY_CONFIGURATION);
    } finally {
      // A message turn always changes the state (lastActivity, recent lines): writing it without first hashing
      // it to find out saves botbuilder a stringify + SHA-256 of the whole state. Other turns write only if they
      // changed something (and never when they did not even read it). ConversationState writes with eTag `*`, so
      // two racing turns of one conversation (a double click) end with the later one's state; their effects are
      // idempotent (tickets are keyed per form run).
      const { conversationState } = this.deps;
      await conversationState.saveChanges(context, context.activity.type === 'message' && conversationState.get(context) !== undefined);
    }
  }

  /** Keeps the last lines of the conversation (user and bot) in conversation state, for a later handoff. */
  private async recordRecent(context: TurnContext): Promise<void> {
    if (context.activity.type !== 'message') return;
    const data = await this.conversationData.get(context, {});
    const identity = this.identity(context);
    data.owner = identity.kind === 'verified' ? identity.aadObjectId : identity.userId;
    data.lastActivity = new Date().toISOString();
    const recent = (data.recent ??= []);
    const push = (from: TranscriptLine['from'], text: string | undefined) => {
      if (!text) return;
      const line = text.length > RECENT_LINE_CHARS ? `${text.slice(0, RECENT_LINE_CHARS - 1).trimEnd()}…` : text;
      recent.push({ from, text: line, at: new Date().toISOString() });
      if (recent.length > RECENT_LINES) recent.splice(0, recent.length - RECENT_LINES);
    };
    push('user', context.activity.text);
    context.onSendActivities(async (_ctx, activities, next) => {
      // A card counts as its plain-text fallback, which carries everything the card shows.
      for (const a of activities) {
        if (a.type !== 'message') continue;
        const cards = (a.attachments ?? []).map((x) => (x.content as { fallbackText?: unknown } | undefined)?.fallbackText).filter((t): t is string => typeof t === 'string' && t.length > 0);
        // A card's fallback usually repeats the message text already (see cardOrText): then it is the whole line.
        const text = a.text && !cards.some((c) => c.includes(a.text!)) ? [a.text, ...cards] : cards.length ? cards : [a.text];
        push('bot', text.filter(Boolean).join('\n\n'));
      }
      return next();
    });
  }

  private identity(context: TurnContext): Identity {
    return resolveIdentity(context.activity, this.deps.identityPolicy);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const identified = this.identity(context).kind === 'verified';
    const questions = STARTER_ENTRIES.map((id) => this.deps.knowledge.entry(id)?.question).filter((q): q is string => Boolean(q));
    const starters = [...(identified ? [DIALOG_BUTTONS.cart_status, DIALOG_BUTTONS.order_status] : []), ...questions.slice(0, identified ? 2 : 4)];
    await context.sendActivity(MessageFactory.suggestedActions(starters.map(imBack), this.deps.templates.render('welcome', { identified })));
  }

  /**
   * In a Teams group chat or channel the bot only reads messages that @mention it (and then without the mention);
   * everything else is not for the bot, so it stays quiet.
   */
  private addressedToBot(context: TurnContext): boolean {
    const { activity } = context;
    const type = activity.conversation.conversationType;
    if (activity.channelId !== 'msteams' || !type || type === 'personal') return true;
    const mentioned = (activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient.id);
    if (mentioned) TurnContext.removeRecipientMention(activity);
    return mentioned;
  }

  private async route(context: TurnContext): Promise<void> {
    if (!this.addressedToBot(context)) return;
    // Adaptive Card buttons post their label as `value.text` (Web Chat) or as text (Teams imBack).
    const value = context.activity.value as { text?: unknown } | undefined;
    const text = (context.activity.text || (typeof value?.text === 'string' ? value.text : '')).trim();
    const data = await this.conversationData.get(context, {});
    context.turnState.set(OFFERED, data.offered);
    delete data.offered;
    const routes: Array<(context: TurnContext, text: string) => Promise<boolean>> = [
      this.withAgent,
      this.notText,
      this.runningDialog,
      this.button,
      this.question,
    ];
    for (const handle of routes) if (await handle.call(this, context, text)) return;
  }

  /** While the servicedesk has the conversation, messages go to the agent and the bot stays quiet. */
  private async withAgent(context: TurnContext, text: string): Promise<boolean> {
    const coordinator = this.deps.handoff;
    const handoff = await coordinator.openFor(context.activity.conversation.id);
    if (!handoff) return false;
    if (handoff.status === 'waiting' && isCancel(text)) {
      await coordinator.cancelByUser(handoff);
      await context.sendActivity('Je bent uit de wachtrij gehaald. Ik help je weer: stel gerust je vraag.');
      return true;
    }
    await coordinator.relayFromUser(handoff, text || '[bericht zonder tekst]');
    if (handoff.status === 'waiting') {
      const { position, waitMinutes } = await coordinator.position(handoff.id);
      await context.sendActivity(MessageFactory.suggestedActions([imBack('Annuleer')], `Je bericht is doorgegeven. Je staat nog in de wachtrij (positie ${position}, ongeveer ${waitMinutes} minuten). Typ "annuleer" om de wachtrij te verlaten.`));
    }
    return true;
  }

  private async notText(context: TurnContext, text: string): Promise<boolean> {
    if (text || context.activity.value) return false;
    await context.sendActivity(this.deps.templates.render('notText'));
    return true;
  }

  private async runningDialog(context: TurnContext, text: string): Promise<boolean> {
    // Most turns are questions outside any dialog; a DialogContext (with its memory scopes) is only built when needed.
    const state = await this.deps.dialogState.get(context);
    if (!state?.dialogStack?.length) return false;
    const dc = await this.deps.dialogs.createContext(context);
    if (!dc.activeDialog) return false;
    if (isCancel(text)) {
      await dc.cancelAllDialogs();
      await context.sendActivity('Oké, ik ben gestopt. Waarmee kan ik je nog helpen?');
      return true;
    }
    if (isHelp(text)) {
      await context.sendActivity('Beantwoord de vraag hierboven, of typ "stop" om te stoppen.');
      await dc.repromptDialog();
      return true;
    }
    if (await this.isNewQuestion(dc, text)) {
      // Asked something else instead of answering a ja/nee or choice question: stop the dialog and answer that.
      await dc.cancelAllDialogs();
      return false;
    }
    const result = await dc.continueDialog();
    return result.status !== DialogTurnStatus.empty;
  }

  /**
   * True when the innermost prompt offers fixed answers (ja/nee, an order number) and the text is instead a
   * question the bot can answer or a request for another dialog. Free-text form fields are never interrupted:
   * "we hebben te veel besteld" is an answer there, not an FAQ question.
   */
  private async isNewQuestion(dc: DialogContext, text: string): Promise<boolean> {
    let inner = dc;
    while (inner.child) inner = inner.child;
    const promptId = inner.activeDialog?.id ?? '';
    if (!/\.(yesNo|choose)$/.test(promptId) || parseYesNo(text) !== undefined || /^\s*(ord-|\d+\s*$)/i.test(text)) return false;
    const decision = this.deps.knowledge.ask(text.slice(0, MAX_QUESTION_LENGTH));
    return decision.decision === 'answer' || decision.decision === 'dialog';
  }

  private async button(context: TurnContext, text: string): Promise<boolean> {
    const wanted = text.toLowerCase();
    if (wanted === BUTTONS.helpful.toLowerCase() || wanted === BUTTONS.notHelpful.toLowerCase()) {
      await this.recordFeedback(context, wanted === BUTTONS.helpful.toLowerCase());
      return true;
    }
    if (wanted === BUTTONS.servicedesk.toLowerCase()) {
      await this.startDialogOrDescribe(context, 'general_request');
      return true;
    }
    if (isHelp(text) || isGreeting(text)) {
      await context.sendActivity(this.deps.templates.render('help', { identified: this.identity(context).kind === 'verified', greeting: isGreeting(text) }));
      return true;
    }
    if (isThanks(text)) {
      await context.sendActivity('Graag gedaan! Heb je nog een vraag, stel hem gerust.');
      return true;
    }
    if (isCancel(text)) {
      await context.sendActivity('Er loopt op dit moment niets om te stoppen. Stel gerust je vraag.');
      return true;
    }
    const dialog = dialogForButton(text);
    if (!dialog) return false;
    await this.startDialogOrDescribe(context, dialog);
    return true;
  }

  private async question(context: TurnContext, text: string): Promise<boolean> {
    const decision = this.deps.knowledge.ask(text.slice(0, MAX_QUESTION_LENGTH));
    this.deps.logger.info({ conversationId: context.activity.conversation.id, decision: decision.decision, id: decision.id, dialog: decision.dialog, candidates: decision.candidates }, 'question decided');
    switch (decision.decision) {
      case 'answer': {
        const entry = this.deps.knowledge.entry(decision.id!)!;
        const offered = context.turnState.get(OFFERED) as ConversationData['offered'];
        // The user clicked one of the suggestions of the previous turn (buttons post the entry's question).
        if (offered?.ids.includes(entry.id) && text.toLowerCase() === entry.question.toLowerCase()) await this.deps.feedback.recordClarifyChoice(offered.record, entry.id);
        await this.answer(context, entry, text);
        break;
      }
      case 'clarify':
        await this.clarify(context, decision);
        break;
      case 'dialog':
        await this.startDialogOrDescribe(context, decision.dialog!);
        break;
      case 'fallback':
        await this.fallback(context, text);
        break;
    }
    return true;
  }

  private async answer(context: TurnContext, entry: KnowledgeEntry, question: string): Promise<void> {
    const { knowledge, templates } = this.deps;
    const actions: CardAction[] = [imBack(BUTTONS.helpful), imBack(BUTTONS.notHelpful)];
    if (entry.dialog && (this.identity(context).kind === 'verified' || entry.dialog === 'general_request')) actions.push(imBack(DIALOG_BUTTONS[entry.dialog]));
    for (const id of entry.related.slice(0, MAX_FOLLOW_UPS)) {
      const related = knowledge.entry(id);
      if (related) actions.push(imBack(related.question));
    }
    const text = `${templates.render('answer', { answer: entry.answer, sources: entry.sources })}\n\n${templates.render('feedbackPrompt')}`;
    await context.sendActivity(MessageFactory.suggestedActions(actions, text));
    const data = await this.conversationData.get(context, {});
    data.lastAnswer = { id: entry.id, question };
    data.fallbacks = 0;
  }

  private async clarify(context: TurnContext, decision: Decision): Promise<void> {
    const questions = decision.candidates.map((c) => this.deps.knowledge.entry(c.id)!.question);
    const actions = [...questions.map(imBack), imBack(BUTTONS.servicedesk)];
    await context.sendActivity(MessageFactory.suggestedActions(actions, this.deps.templates.render('clarify')));
    const record = randomUUID();
    await this.deps.feedback.recordClarified({ id: record, question: decision.q, candidates: decision.candidates, at: new Date().toISOString() });
    const data = await this.conversationData.get(context, {});
    data.offered = { record, ids: decision.candidates.map((c) => c.id) };
  }

  private async fallback(context: TurnContext, question: string): Promise<void> {
    await this.deps.feedback.recordUnanswered({ question, at: new Date().toISOString() });
    const data = await this.conversationData.get(context, {});
    data.fallbacks = (data.fallbacks ?? 0) + 1;
    if (data.fallbacks >= FALLBACKS_BEFORE_ESCALATION) {
      data.fallbacks = 0;
      await context.sendActivity('Ook hier heb ik helaas geen antwoord op. Ik breng je in contact met de servicedesk.');
      await this.startHandoff(context, 'Twee vragen achter elkaar zonder antwoord');
      return;
    }
    await context.sendActivity(MessageFactory.suggestedActions([imBack(DIALOG_BUTTONS.handoff), imBack(BUTTONS.servicedesk)], this.deps.templates.render('fallback')));
  }

  /** Puts the conversation in the servicedesk queue, or leaves a request when the servicedesk is closed. */
  private async startHandoff(context: TurnContext, reason: string): Promise<void> {
    const coordinator = this.deps.handoff;
    const dc = await this.deps.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    if (coordinator.mode === 'console' && !coordinator.isOpen()) {
      await context.sendActivity(`De servicedesk is nu gesloten (open: ${coordinator.hoursText}). Laat je vraag achter, dan neemt de servicedesk contact met je op.`);
      await dc.beginDialog('general_request', { identity: this.identity(context) } satisfies DialogStartOptions);
      return;
    }
    const { recent = [] } = await this.conversationData.get(context, {});
    const { position, waitMinutes } = await coordinator.request(context, this.identity(context), reason, recent);
    if (coordinator.mode === 'event') {
      await context.sendActivity('Ik verbind je door met een medewerker van de servicedesk. Een moment geduld.');
      return;
    }
    await context.sendActivity(MessageFactory.suggestedActions([imBack('Annuleer')], `Ik verbind je door met een medewerker van de servicedesk. Je staat in de wachtrij op positie ${position} (verwachte wachttijd ongeveer ${waitMinutes} minuten). Typ "annuleer" om de wachtrij te verlaten.`));
  }

  private async recordFeedback(context: TurnContext, helpful: boolean): Promise<void> {
    const data = await this.conversationData.get(context, {});
    if (data.lastAnswer) {
      await this.deps.feedback.recordFeedback({ entryId: data.lastAnswer.id, question: data.lastAnswer.question, helpful, at: new Date().toISOString() });
      delete data.lastAnswer;
    }
    if (helpful) {
      await context.sendActivity(this.deps.templates.render('feedbackThanks'));
    } else {
      await context.sendActivity(MessageFactory.suggestedActions([imBack(DIALOG_BUTTONS.handoff), imBack(BUTTONS.servicedesk)], this.deps.templates.render('feedbackSorry')));
    }
  }

  private async startDialogOrDescribe(context: TurnContext, dialog: DialogName): Promise<void> {
    if (dialog === 'handoff') {
      await this.startHandoff(context, 'Gebruiker vroeg om een medewerker');
      return;
    }
    if (!this.deps.dialogs.find(dialog)) throw new Error(`RegistrationBot: dialog "${dialog}" is not registered; add it in bot/app.ts`);
    const dc = await this.deps.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(dialog, { identity: this.identity(context) } satisfies DialogStartOptions);
  }
}
