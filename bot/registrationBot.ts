import { randomUUID } from 'node:crypto';
import {
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type CardAction,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import { imBack, withButtons } from '../dialogs/replies.js';
import { parseLenientYesNo, parseYesNo } from '../dialogs/yesNo.js';
import type { Decision } from '../knowledge/decisionPolicy.js';
import type { FaqSection, KbDecision, KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { splitQuestions } from '../knowledge/questionSplitter.js';
import type { DialogName, KnowledgeEntry } from '../knowledge/types.js';
import type { FeedbackStore } from '../adapters/feedback/feedbackStore.js';
import type { TranscriptLine } from '../adapters/handoff/handoffStore.js';
import type { HandoffCoordinator } from './handoffCoordinator.js';
import { BUTTONS, DIALOG_BUTTONS, dialogForButton, isButton, isCancel, isHelp } from '../messages/buttons.js';
import type { SmallTalkKind } from '../knowledge/smallTalk.js';
import type { PersonalAnswers } from '../dialogs/personalAnswers.js';
import { readFollowUp, resolveFollowUp } from '../dialogs/followUps.js';
import { choiceIn, type ChoiceOption } from '../dialogs/formFields.js';
import { namesAnOrder } from '../domain/portal.js';
import { asksCartAction, asksToChangeCart } from '../dialogs/cartStatusDialog.js';
import { isDontKnow, isGoingBack, isOnlyYesNo, parseConfirm } from '../dialogs/ticketFormDialog.js';
import { resolveIdentity, type Identity, type IdentityPolicy } from './identity.js';
import type { Logger } from '../config/logger.js';
import type { TemplateRenderer } from '../messages/templateRenderer.js';
import type { DialogStartOptions } from '../dialogs/accountDialogDeps.js';

/** What the bot remembers per conversation besides dialog state. */
export interface ConversationData {
  /** `dialog`: the request offered under the answer ("Order laten corrigeren"), offered again after "Nee, dit hielp niet". */
  lastAnswer?: { id: string; question: string; dialog?: DialogName };
  /** The last suggestions offered ("Bedoel je een van deze vragen?"): a click on one is recorded for the editors. */
  offered?: { record: string; ids: string[] };
  /**
   * The yes/no question the last reply ended with: "Was dit nuttig?" after an answer, or "Zal ik je vraag doorzetten
   * naar de servicedesk?" after two misses. A typed "ja hoor" or "nee" next answers it.
   */
  yesNo?: 'feedback' | 'escalation';
  /** Questions in a row the bot could not answer; two make it offer the servicedesk. */
  fallbacks?: number;
  /** The last questions the bot could not answer: a servicedesk request started after them carries them. */
  unanswered?: string[];
  /** What the user typed while waiting in the queue: carried into a request if they leave one instead. */
  whileWaiting?: string[];
  /** What the conversation is about (an FAQ entry id or a dialog name): elliptical follow-ups are read with it. */
  topic?: string;
  /** The last lines of the conversation, handed to an agent on escalation. */
  recent?: TranscriptLine[];
  /** Whose conversation this is (aadObjectId, else channel user id) and when it was last used: for privacy. */
  owner?: string;
  lastActivity?: string;
}

/** Where botbuilder-dialogs keeps a turn's memory-scope configuration (DialogStateManager's turn-state key). */
const DIALOG_MEMORY_CONFIGURATION = 'DialogStateManagerConfiguration';
/** Turn-state key of this turn's ConversationData (see RegistrationBot.data). */
const CONVERSATION_DATA = Symbol('conversationData');
/** Turn-state key of the suggestions the previous turn offered; they count for the next message only. */
const OFFERED = Symbol('offered');
/** Turn-state key of the yes/no question the previous turn asked (ConversationData.yesNo), for the next message only. */
const YES_NO = Symbol('yesNo');

const RECENT_LINES = 20;
/** A line handed to the servicedesk is cut only past this (with an ellipsis): agents read what the user read. */
const RECENT_LINE_CHARS = 4000;
const FALLBACKS_BEFORE_ESCALATION = 2;
const MAX_UNANSWERED = 3;
/** A message that reads as a question rather than as the answer to a form field. */
const LOOKS_LIKE_A_QUESTION = /\?\s*$|^(wacht|trouwens|oh? ja|even tussendoor|tussendoor|eh+|he+|nog een vraag)\b/i;
/** What a form's prompt tells the router (kept in the prompt's validations by dialogs/ticketFormDialog.ts). */
interface PromptHints {
  sideQuestions?: boolean;
  /** A choice, date, number or e-mail: a whole sentence is not its answer. */
  structured?: boolean;
  /** A free-text field of a form (a question, a reason). */
  freeText?: boolean;
  /** A person's name. */
  person?: boolean;
  /** An e-mail address. */
  address?: boolean;
  options?: ChoiceOption[];
  /** What the form asks now; `confirm` is its last step, with every answer given. */
  asking?: { kind: string };
}

/** The context of the innermost running dialog (the prompt of a form's step). */
function innermost(dc: DialogContext): DialogContext {
  let inner = dc;
  for (let child = dc.child; child; child = child.child) inner = child;
  return inner;
}

/** What the running prompt tells the router (see PromptHints), from the innermost context (see innermost). */
function promptValidations(prompt: DialogContext): PromptHints | undefined {
  return (prompt.activeDialog?.state as { options?: { validations?: PromptHints } } | undefined)?.options?.validations;
}

/** Small talk answered on the side in a form ("ok", "nee", "bedankt" can be a form's answer; these cannot). */
const ASIDE_SMALL_TALK = new Set<SmallTalkKind | undefined>(['hours', 'about_bot', 'greeting']);
/** Small talk that closes a conversation: a message opening or ending with it, and asking nothing, is a goodbye. */
const PARTING_SMALL_TALK = new Set<SmallTalkKind>(['thanks', 'goodbye', 'never_mind']);
/** Openings that say outright the message is not the answer to the form's question. */
const ASIDE = /^(wacht|trouwens|oh? ja|even tussendoor|tussendoor|nog een vraag)\b/i;
/**
 * A change of mind: with a request for another dialog ("eigenlijk wil ik liever de contactpersoon wijzigen") the
 * user wants that instead of the form they are in; it is not the form's answer.
 */
const CHANGE_OF_MIND = /\b(liever|eigenlijk|toch|in plaats daarvan|instead)\b/i;
/**
 * How a question without a question mark opens: "hoe voeg ik ...", "kan ik ...", "wat moet ik ...". Not "wat ik
 * besteld heb klopt niet": a question word with a subject after it starts an answer's clause.
 */
const QUESTION_OPENING =
  /^\s*(hoe|waarom|(kan|mag|moet|kun) (ik|je|jij|u|we|wij)|(wat|waar|wanneer|welke|wie) (is|zijn|moet|kan|kun|mag|wordt|worden|gaat|staat|vind|doe))\b/i;

/** The look-ups of the user's own data, offered to a signed-in user only (welcome, help). */
const ownDataButtons = (identified: boolean) =>
  identified ? [DIALOG_BUTTONS.cart_status, DIALOG_BUTTONS.order_status] : [];

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
  /** The FAQ answer's preface for who is asking (their role, their school's numbers). */
  personal: PersonalAnswers;
  logger: Logger;
}

const MAX_FOLLOW_UPS = 2;
/** Starter buttons under the welcome: the questions asked most, in the FAQ's own words. */
const STARTER_ENTRIES = ['1.5', '1.2', '2.1', '3.3'];
/** Longer messages are cut before search: nobody asks an FAQ question in 2,000 characters. */
const MAX_QUESTION_LENGTH = 1000;

/**
 * The SLB registration assistant. Each message goes down one route table, first match wins:
 * agent relay -> not text -> running dialog (stop / "laat maar" / help / side question, else the dialog's answer)
 * -> button -> question (follow-up with the topic, small talk, answer / clarify / dialog / fallback).
 * FAQ answers start with what applies to the person asking (PersonalAnswers); every text is a template.
 */
/** The buttons of a ticket form's last steps: they mean nothing once the form has ended. */
const FORM_BUTTONS = ['confirmFile', 'doNotFile', 'editField', 'immediately'] as const;

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
    if (response?.status === 501)
      return { status: 400, body: { error: `unsupported invoke "${String(context.activity.name ?? '')}"` } };
    return response;
  }

  /** Saves state after every turn, including turns that ended in a handled error. */
  override async run(context: TurnContext): Promise<void> {
    if (this.dialogMemoryConfiguration)
      context.turnState.set(DIALOG_MEMORY_CONFIGURATION, this.dialogMemoryConfiguration);
    try {
      await this.recordRecent(context);
      await super.run(context);
      this.dialogMemoryConfiguration ??= context.turnState.get(DIALOG_MEMORY_CONFIGURATION);
    } finally {
      // MessageTurnState (bot/messageTurnState.ts) writes a message turn's state without hashing it; other turns
      // only if they changed it. ConversationState writes with eTag `*`, so two racing turns of one conversation
      // (a double click) end with the later one's state; their effects are idempotent (tickets are keyed per form run).
      await this.deps.conversationState.saveChanges(context);
    }
  }

  /** Keeps the last lines of the conversation (user and bot) in conversation state, for a later handoff. */
  private async recordRecent(context: TurnContext): Promise<void> {
    if (context.activity.type !== 'message') return;
    const data = await this.data(context);
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
        const cards = (a.attachments ?? [])
          .map((x) => (x.content as { fallbackText?: unknown } | undefined)?.fallbackText)
          .filter((t): t is string => typeof t === 'string' && t.length > 0);
        // A card's fallback usually repeats the message text already (see cardOrText): then it is the whole line.
        const text =
          a.text && !cards.some((c) => c.includes(a.text!)) ? [a.text, ...cards] : cards.length ? cards : [a.text];
        push('bot', text.filter(Boolean).join('\n\n'));
      }
      return next();
    });
  }

  /**
   * This turn's ConversationData. The accessor's `get` hands out the same object all turn (nothing in a turn replaces
   * or clears conversation state before it is saved), but through botbuilder's generator-based async wrapper and a
   * state load each time: three times a message. Looked up once, then taken from the turn state.
   */
  private async data(context: TurnContext): Promise<ConversationData> {
    const known = context.turnState.get(CONVERSATION_DATA) as ConversationData | undefined;
    if (known) return known;
    const data = await this.conversationData.get(context, {});
    context.turnState.set(CONVERSATION_DATA, data);
    return data;
  }

  private identity(context: TurnContext): Identity {
    return resolveIdentity(context.activity, this.deps.identityPolicy);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const identified = this.identity(context).kind === 'verified';
    const questions = STARTER_ENTRIES.map((id) => this.deps.knowledge.entry(id)?.question).filter((q): q is string =>
      Boolean(q),
    );
    const starters = [...ownDataButtons(identified), ...questions.slice(0, identified ? 2 : 4)];
    await context.sendActivity(
      MessageFactory.suggestedActions(starters.map(imBack), this.deps.templates.render('welcome', { identified })),
    );
  }

  /**
   * In a Teams group chat or channel the bot only reads messages that @mention it (and then without the mention);
   * everything else is not for the bot, so it stays quiet.
   */
  private addressedToBot(context: TurnContext): boolean {
    const { activity } = context;
    const type = activity.conversation.conversationType;
    if (activity.channelId !== 'msteams' || !type || type === 'personal') return true;
    const mentioned = (activity.entities ?? []).some(
      (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient.id,
    );
    if (mentioned) TurnContext.removeRecipientMention(activity);
    return mentioned;
  }

  private async route(context: TurnContext): Promise<void> {
    if (!this.addressedToBot(context)) return;
    // Adaptive Card buttons post their label as `value.text` (Web Chat) or as text (Teams imBack).
    const value = context.activity.value as { text?: unknown } | undefined;
    const text = (context.activity.text || (typeof value?.text === 'string' ? value.text : '')).trim();
    const data = await this.data(context);
    context.turnState.set(OFFERED, data.offered);
    delete data.offered;
    context.turnState.set(YES_NO, data.yesNo);
    delete data.yesNo;
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
    const { templates } = this.deps;
    const leaving = ['never_mind', 'goodbye'].includes(this.deps.knowledge.smallTalkOpening(text) ?? '');
    // "laat maar, ik bel morgen wel" while waiting: the visitor is leaving; no agent should take a conversation nobody is in.
    if (handoff.status === 'waiting' && (isCancel(text) || isButton(text, 'cancelQueue') || leaving)) {
      await coordinator.cancelByUser(handoff);
      await context.sendActivity(templates.render('queueLeft'));
      return true;
    }
    const data = await this.data(context);
    if (handoff.status === 'waiting' && isButton(text, 'servicedesk')) {
      // The queue message offers this button when nobody is online: leave a request instead of waiting, with what
      // the user already told the queue in it.
      await coordinator.cancelByUser(handoff);
      data.unanswered = data.whileWaiting;
      delete data.whileWaiting;
      await context.sendActivity(templates.render('queueLeftForRequest'));
      await this.startDialogOrDescribe(context, 'general_request');
      return true;
    }
    if (handoff.status === 'waiting' && text)
      data.whileWaiting = [...(data.whileWaiting ?? []), text.slice(0, RECENT_LINE_CHARS)].slice(-MAX_UNANSWERED);
    else delete data.whileWaiting;
    if (handoff.status === 'taken' && isCancel(text)) {
      // "stop" with an agent: the visitor ends it (the agent's console hears it is closed), never stuck with nobody.
      await coordinator.endByUser(handoff);
      await context.sendActivity(templates.render('agentLeft'));
      return true;
    }
    await coordinator.relayFromUser(handoff, text || templates.render('noTextRelay'));
    if (handoff.status === 'waiting') {
      const { position, waitMinutes } = await coordinator.position(handoff.id);
      await context.sendActivity(this.queueMessage({ relayed: true, position, waitMinutes }));
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
    const { templates, knowledge } = this.deps;
    const smalltalk = knowledge.smallTalkOf(text);
    // Every `dc.child` builds a new DialogContext (with its memory scopes): the prompt's context is found once, and
    // read until the dialog is continued, reprompted or cancelled.
    const prompt = innermost(dc);
    // "ok tnx" where a form asks for a question or a reason is the user leaving, not the text to file.
    const hints = promptValidations(prompt);
    // "wacht", "nee wacht, terug" in a form: back a question (the form does it), never an aside or a goodbye.
    if (hints?.asking && isGoingBack(text)) return this.continueRunning(context, dc);
    // A bare "ok" or "nee" is not leaving: the form says what it still needs, and how to stop.
    const leavingForm =
      hints?.freeText && (smalltalk === 'thanks' || smalltalk === 'acknowledgement') && !isOnlyYesNo(text);
    if (
      hints?.asking?.kind === 'confirm' &&
      !parseConfirm(text) &&
      (smalltalk === 'goodbye' || smalltalk === 'thanks' || smalltalk === 'acknowledgement')
    ) {
      // "bedankt, tot ziens" at "Klopt dit?": everything is filled in; ending here would lose it unasked.
      await context.sendActivity(templates.render('confirmPending'));
      await dc.repromptDialog();
      return true;
    }
    // "weet ik eigenlijk niet, laat maar": a message that ends with leaving is leaving.
    const endsLeaving = knowledge.smallTalkClosing(text) === 'never_mind';
    if (isCancel(text) || smalltalk === 'never_mind' || smalltalk === 'goodbye' || leavingForm || endsLeaving) {
      await dc.cancelAllDialogs();
      // Only a servicedesk form (its prompt says what it asks) had anything to file.
      await context.sendActivity(
        templates.render('cancelled', {
          goodbye: smalltalk === 'goodbye' || leavingForm,
          form: Boolean(hints?.asking),
        }),
      );
      await this.resetMisses(context);
      return true;
    }
    if (isHelp(text) || smalltalk === 'frustration') {
      // "dit helpt niet" is never the answer to a form's question, not even where any text is: say how to go on.
      await context.sendActivity(templates.render('dialogHelp', { sorry: smalltalk === 'frustration' }));
      await dc.repromptDialog();
      return true;
    }
    const interruption = this.interruption(prompt, text, dc.activeDialog.id);
    if (interruption !== 'none' && hints?.sideQuestions && smalltalk && ASIDE_SMALL_TALK.has(smalltalk)) {
      // "wanneer zijn jullie open?" in the middle of a form: answered, then the form goes on.
      await this.smallTalk(context, smalltalk, { inDialog: true });
      await context.sendActivity(templates.render('resume'));
      await dc.repromptDialog();
      return true;
    }
    if (interruption === 'new-question' && smalltalk) {
      // "bedankt" instead of ja/nee: the conversation is ending, not the answer.
      await dc.cancelAllDialogs();
      return false;
    }
    if (interruption !== 'none') {
      const decision = knowledge.ask(text.slice(0, MAX_QUESTION_LENGTH));
      if (interruption === 'side-question' && decision.decision === 'answer') {
        // A question in the middle of a form: answer it, then ask the form's question again.
        await this.answer(context, knowledge.entry(decision.id!)!, text, { inDialog: true });
        await context.sendActivity(templates.render('resume'));
        await dc.repromptDialog();
        return true;
      }
      if (
        interruption === 'side-question' &&
        decision.decision === 'dialog' &&
        (decision.dialog === 'handoff' || (decision.dialog !== dc.activeDialog.id && CHANGE_OF_MIND.test(text)))
      ) {
        // Asking for a person, or for another request instead, in the middle of a form: that is what they want now.
        await dc.cancelAllDialogs();
        return false;
      }
      if (interruption === 'side-question' && decision.decision === 'dialog') {
        // A request for a dialog where the form wants a name, an address or a date: not the answer; say how to leave.
        await context.sendActivity(templates.render('notTheAnswer'));
        await dc.repromptDialog();
        return true;
      }
      if (
        interruption === 'side-question' &&
        (ASIDE.test(text) || (hints?.structured && LOOKS_LIKE_A_QUESTION.test(text)))
      ) {
        // A side question the FAQ does not answer: not the form's answer either; say so and go on.
        await context.sendActivity(templates.render('sideQuestionUnknown', { buttons: DIALOG_BUTTONS }));
        await dc.repromptDialog();
        return true;
      }
      const asksSomethingElse =
        decision.decision === 'answer' ||
        decision.decision === 'dialog' ||
        LOOKS_LIKE_A_QUESTION.test(text) ||
        text.trim().split(/\s+/).length >= 4;
      if (interruption === 'new-question' && asksSomethingElse) {
        // Asked something else instead of answering a ja/nee or choice question ("waarom staat er visio in?"): stop
        // the dialog and take it as the question it is, answered or not; "ja of nee" would ignore it.
        await dc.cancelAllDialogs();
        return false;
      }
    }
    return this.continueRunning(context, dc);
  }

  /** The message is the running dialog's to handle. */
  private async continueRunning(context: TurnContext, dc: DialogContext): Promise<boolean> {
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.complete)
      await this.resetMisses(context, (result.result as { reference?: string } | undefined)?.reference !== undefined);
    return result.status !== DialogTurnStatus.empty;
  }

  /**
   * How a message may interrupt the running dialog. In a servicedesk form (whose prompt allows it) a message that
   * reads as a question is a side question: answered, then the form goes on. At a ja/nee or choice question of the
   * account dialogs, a question or a request for another dialog replaces the dialog. Free-text answers are never
   * taken for questions unless they look like one: "we hebben te veel besteld" is an answer.
   */
  private interruption(prompt: DialogContext, text: string, form: string): 'none' | 'side-question' | 'new-question' {
    const promptId = prompt.activeDialog?.id ?? '';
    const validations = promptValidations(prompt);
    // "ja, het mailadres klopt ook" at "Klopt dit?" is its answer, however long.
    if (validations?.asking?.kind === 'confirm' && parseConfirm(text)) return 'none';
    // "weet ik niet" at a form's question is about that question (the form says how to stop), not a side question.
    if (validations?.asking && isDontKnow(text, { partial: Boolean(validations.structured) })) return 'none';
    if (validations?.sideQuestions) {
      // A sentence that names one of the field's options is its answer ("die bij Microsoft"), even as a question.
      if (validations.options?.length && choiceIn(text, validations.options)) return 'none';
      if (LOOKS_LIKE_A_QUESTION.test(text) || ASIDE_SMALL_TALK.has(this.deps.knowledge.smallTalkOf(text)))
        return 'side-question';
      if (!validations.structured) return this.asideInFreeText(text, form) ? 'side-question' : 'none';
      // At a choice, date, number or e-mail question a whole sentence is not the answer: maybe a question without "?".
      if (text.trim().split(/\s+/).length >= 4) return 'side-question';
      // Nor is a short request for a dialog a name ("wissel contactpersoon") or an address ("mijn tickets"): no real
      // name or address starts one. (A date or an order number may: "van de week", "ORD-2025-008765".)
      return (validations.person || validations.address) &&
        this.deps.knowledge.ask(text.slice(0, MAX_QUESTION_LENGTH)).decision === 'dialog'
        ? 'side-question'
        : 'none';
    }
    if (!/\.(yesNo|choose)$/.test(promptId) || parseYesNo(text) !== undefined || /^\s*(ord-|\d+\s*$)/i.test(text))
      return 'none';
    return 'new-question';
  }

  /**
   * Where a form asks for a text ("Wat is er fout?"), almost anything is an answer. Not: a request for a person
   * ("ik wil liever iemand spreken") or, with a change of mind, for another request than the form `form`
   * ("eigenlijk wil ik liever de contactpersoon wijzigen"), nor a question without "?" that opens like one and that the FAQ answers
   * ("hoe voeg ik basispakketten toe").
   */
  private asideInFreeText(text: string, form: string): boolean {
    const decision = this.deps.knowledge.ask(text.slice(0, MAX_QUESTION_LENGTH));
    if (decision.decision === 'dialog' && decision.dialog === 'handoff') return true;
    if (decision.decision === 'dialog' && decision.dialog !== form && CHANGE_OF_MIND.test(text)) return true;
    return decision.decision === 'answer' && QUESTION_OPENING.test(text);
  }

  private async button(context: TurnContext, text: string): Promise<boolean> {
    if (isButton(text, 'helpful') || isButton(text, 'notHelpful')) {
      await this.recordFeedback(context, isButton(text, 'helpful'));
      return true;
    }
    // "ja hoor" typed instead of clicking "Ja, dit hielp" is the same answer, not a new question.
    const yesNo = context.turnState.get(YES_NO) as ConversationData['yesNo'];
    const typed = yesNo ? parseLenientYesNo(text) : undefined;
    if (yesNo === 'feedback' && typed !== undefined) {
      await this.recordFeedback(context, typed);
      return true;
    }
    if (yesNo === 'escalation' && typed === true) {
      await this.startDialogOrDescribe(context, 'general_request');
      return true;
    }
    if (isButton(text, 'servicedesk')) {
      await this.startDialogOrDescribe(context, 'general_request');
      return true;
    }
    if (isHelp(text)) {
      const identified = this.identity(context).kind === 'verified';
      // The way on as buttons too: the FAQ's topics, the user's own data, a person.
      const buttons = [
        ...ownDataButtons(identified),
        ...this.deps.knowledge.sections.map((s) => s.name),
        BUTTONS.servicedesk,
      ];
      await context.sendActivity(
        withButtons(this.deps.templates.render('help', { identified, buttons: BUTTONS }), buttons),
      );
      return true;
    }
    if (isCancel(text)) {
      await context.sendActivity(this.deps.templates.render('nothingToStop'));
      return true;
    }
    // A form's button clicked again after the form ended ("Ja, indienen" twice, a double click): the request is
    // filed already; read as a question it started a new, empty one.
    if (FORM_BUTTONS.some((name) => isButton(text, name))) {
      await context.sendActivity(
        withButtons(this.deps.templates.render('noFormOpen', { buttons: BUTTONS }), [BUTTONS.dialogs.ticket_status]),
      );
      return true;
    }
    const section = this.deps.knowledge.section(text);
    if (section) {
      await this.showSection(context, section);
      return true;
    }
    const dialog = dialogForButton(text);
    if (!dialog) return false;
    // A dialog button under the answer just given: the question it answered may already hold the details
    // ("we hebben er 30 te veel besteld" -> what is wrong in the correction).
    const data = await this.data(context);
    const answered = yesNo === 'feedback' ? data.lastAnswer?.question : undefined;
    await this.startDialogOrDescribe(context, dialog, answered);
    return true;
  }

  private async question(context: TurnContext, text: string): Promise<boolean> {
    if (await this.followUp(context, text)) return true;
    if (await this.severalQuestions(context, text)) return true;
    const decision = this.deps.knowledge.ask(text.slice(0, MAX_QUESTION_LENGTH));
    this.deps.logger.info(
      {
        conversationId: context.activity.conversation.id,
        decision: decision.decision,
        id: decision.id,
        dialog: decision.dialog,
        candidates: decision.candidates,
        smalltalk: decision.smalltalk,
      },
      'question decided',
    );
    if (decision.smalltalk) {
      await this.smallTalk(context, decision.smalltalk);
      return true;
    }
    const parting = this.parting(text, decision);
    if (parting) {
      await this.smallTalk(context, parting);
      return true;
    }
    const lookUp = lookUpFor(decision, text);
    if (lookUp) {
      await this.startDialogOrDescribe(context, lookUp, text);
      return true;
    }
    switch (decision.decision) {
      case 'answer': {
        const entry = this.deps.knowledge.entry(decision.id!)!;
        const offered = context.turnState.get(OFFERED) as ConversationData['offered'];
        // The user clicked one of the suggestions of the previous turn (buttons post the entry's question).
        if (offered?.ids.includes(entry.id) && text.toLowerCase() === entry.question.toLowerCase())
          await this.deps.feedback.recordClarifyChoice(offered.record, entry.id);
        await this.answer(context, entry, text);
        break;
      }
      case 'clarify':
        await this.clarify(context, decision);
        break;
      case 'dialog':
        await this.startDialogOrDescribe(context, decision.dialog!, text);
        break;
      case 'fallback':
        await this.fallback(context, text);
        break;
    }
    return true;
  }

  /** An elliptical follow-up ("en wat kost dat?") read with the conversation's topic; false when it is not one. */
  private async followUp(context: TurnContext, text: string): Promise<boolean> {
    const followUp = readFollowUp(text);
    if (!followUp) return false;
    const data = await this.data(context);
    const target = resolveFollowUp(followUp, data.topic);
    if (!target) return false;
    this.deps.logger.info(
      { conversationId: context.activity.conversation.id, followUp: followUp.kind, topic: data.topic, target },
      'follow-up read with the topic',
    );
    if ('entry' in target) {
      await this.answer(context, this.deps.knowledge.entry(target.entry)!, text);
      return true;
    }
    const reply = await this.deps.personal.followUpText(target, this.identity(context));
    await context.sendActivity(withButtons(reply.text, reply.buttons));
    data.fallbacks = 0;
    return true;
  }

  /**
   * "wat kost een basispakket en wanneer worden de licenties geleverd?": when every part is answered with its own
   * entry, each gets its answer (the feedback question under the last); otherwise the message is one question.
   */
  private async severalQuestions(context: TurnContext, text: string): Promise<boolean> {
    const parts = splitQuestions(text.slice(0, MAX_QUESTION_LENGTH));
    if (parts.length < 2) return false;
    const decisions = parts.map((part) => this.deps.knowledge.ask(part));
    const ids = decisions.map((d) => (d.decision === 'answer' ? d.id : null));
    if (ids.some((id) => !id) || new Set(ids).size < ids.length) return false;
    for (const [i, id] of ids.entries())
      await this.answer(context, this.deps.knowledge.entry(id!)!, parts[i], { inDialog: i < ids.length - 1 });
    return true;
  }

  /**
   * A message that asks nothing and is framed as a goodbye: the user is closing, not asking. Framed means opening or
   * ending with thanks, a goodbye or "laat maar" when the FAQ has no clear answer ("laat maar, ik bel wel"), and
   * both ("ok, dan mail ik haar zelf wel. dank") when a word in between happened to match an entry or a dialog.
   */
  private parting(text: string, decision: KbDecision): SmallTalkKind | undefined {
    // A question, or figures ("nee wacht, ik wil maar 100 A3, die 20 extra hoeven niet"), is no goodbye.
    if (text.includes('?') || /\d/.test(text)) return undefined;
    const { knowledge } = this.deps;
    const closing = knowledge.smallTalkClosing(text);
    const opening = knowledge.smallTalkOpening(text);
    const matched = decision.decision === 'answer' || decision.decision === 'dialog';
    if (matched && !(opening && closing)) return undefined;
    const kind = closing ?? opening;
    return kind && PARTING_SMALL_TALK.has(kind) ? kind : undefined;
  }

  private async smallTalk(context: TurnContext, kind: SmallTalkKind, { inDialog = false } = {}): Promise<void> {
    const { templates, handoff } = this.deps;
    const identified = this.identity(context).kind === 'verified';
    if (kind === 'greeting') {
      await context.sendActivity(templates.render('help', { identified, greeting: true, buttons: BUTTONS }));
    } else {
      // In the middle of a form, no buttons that would be taken for the form's answer.
      const offered = {
        hours: [handoff.isOpen() ? DIALOG_BUTTONS.handoff : BUTTONS.servicedesk],
        // As after "Nee, dit hielp niet": a person, or a question left for the servicedesk.
        frustration: [DIALOG_BUTTONS.handoff, BUTTONS.servicedesk],
        about_bot: [DIALOG_BUTTONS.handoff],
        language: [DIALOG_BUTTONS.handoff],
      } as Partial<Record<SmallTalkKind, string[]>>;
      const buttons = !inDialog ? (offered[kind] ?? []) : [];
      await context.sendActivity(
        withButtons(
          templates.render('smalltalk', {
            kind,
            identified,
            hours: handoff.hoursText,
            open: handoff.isOpen(),
            buttons: { ...BUTTONS, ...DIALOG_BUTTONS },
          }),
          buttons,
        ),
      );
    }
    // Not being helped is no fresh start: the misses before it still count toward offering the servicedesk.
    if (kind !== 'frustration') await this.resetMisses(context);
  }

  /** Small talk, a completed form and an answered question start the count of misses again; a filed ticket also forgets the questions it carried. */
  private async resetMisses(context: TurnContext, filed = false): Promise<void> {
    const data = await this.data(context);
    data.fallbacks = 0;
    if (filed) delete data.unanswered;
  }

  private async answer(
    context: TurnContext,
    entry: KnowledgeEntry,
    question: string,
    { inDialog = false } = {},
  ): Promise<void> {
    const { knowledge, templates } = this.deps;
    const identity = this.identity(context);
    const personal = await this.deps.personal.forEntry(entry.id, question, identity);
    // The FAQ's own question above a "Ja"/"Nee" answer, so it is never read as the answer for the person asking.
    const showQuestion = /^(ja|nee)\b/i.test(entry.answer) || Boolean(personal.preface);
    const body = templates.render('answer', {
      ...entry,
      preface: personal.preface,
      signInHint: personal.signInHint,
      showQuestion,
    });
    const data = await this.data(context);
    data.topic = entry.id;
    data.fallbacks = 0;
    if (inDialog) {
      await context.sendActivity(body);
      return;
    }
    const actions: CardAction[] = [imBack(BUTTONS.helpful), imBack(BUTTONS.notHelpful)];
    const dialog = personal.dialog ?? entry.dialog;
    const offered =
      dialog && personal.offerDialog !== false && (identity.kind === 'verified' || dialog === 'general_request')
        ? dialog
        : undefined;
    if (offered) actions.push(imBack(DIALOG_BUTTONS[offered]));
    for (const id of entry.related.slice(0, MAX_FOLLOW_UPS)) {
      const related = knowledge.entry(id);
      if (related) actions.push(imBack(related.question));
    }
    await context.sendActivity(
      MessageFactory.suggestedActions(actions, `${body}\n\n${templates.render('feedbackPrompt')}`),
    );
    data.lastAnswer = { id: entry.id, question, ...(offered && { dialog: offered }) };
    data.yesNo = 'feedback';
  }

  private async clarify(context: TurnContext, decision: Decision): Promise<void> {
    const questions = decision.candidates.map((c) => this.deps.knowledge.entry(c.id)!.question);
    const dialog = decision.offeredDialog ? [DIALOG_BUTTONS[decision.offeredDialog]] : [];
    const actions = [...questions, ...dialog].map(imBack);
    if (decision.offeredDialog !== 'general_request') actions.push(imBack(BUTTONS.servicedesk));
    await context.sendActivity(MessageFactory.suggestedActions(actions, this.deps.templates.render('clarify')));
    const record = randomUUID();
    await this.deps.feedback.recordClarified({
      id: record,
      question: decision.q,
      candidates: decision.candidates,
      at: new Date().toISOString(),
    });
    const data = await this.data(context);
    data.offered = { record, ids: decision.candidates.map((c) => c.id) };
  }

  /** A topic chosen after a miss (or typed as one word): its questions as buttons, which answer when clicked. */
  private async showSection(context: TurnContext, section: FaqSection): Promise<void> {
    const actions = [...section.entries.map((e) => imBack(e.question)), imBack(BUTTONS.servicedesk)];
    await context.sendActivity(
      MessageFactory.suggestedActions(actions, this.deps.templates.render('section', { name: section.name })),
    );
    await this.resetMisses(context);
  }

  private async fallback(context: TurnContext, question: string): Promise<void> {
    const { templates, feedback } = this.deps;
    await feedback.recordUnanswered({ question, at: new Date().toISOString() });
    const data = await this.data(context);
    data.fallbacks = (data.fallbacks ?? 0) + 1;
    data.unanswered = [...(data.unanswered ?? []), question.slice(0, RECENT_LINE_CHARS)].slice(-MAX_UNANSWERED);
    const actions = [imBack(DIALOG_BUTTONS.handoff), imBack(BUTTONS.servicedesk)];
    const topics = this.deps.knowledge.sections.map((s) => s.name);
    if (data.fallbacks >= FALLBACKS_BEFORE_ESCALATION) {
      // Offered, not started: the next line may well be "ok tnx" or "doei".
      data.fallbacks = 0;
      data.yesNo = 'escalation';
      await context.sendActivity(
        MessageFactory.suggestedActions(
          [...actions, imBack(BUTTONS.noThanks)],
          templates.render('fallbackAgain', {
            several: data.unanswered.length > 1,
            buttons: { ...BUTTONS, ...DIALOG_BUTTONS },
          }),
        ),
      );
      return;
    }
    await context.sendActivity(
      MessageFactory.suggestedActions(
        [...topics.map(imBack), ...actions],
        templates.render('fallback', { topics, buttons: { ...BUTTONS, ...DIALOG_BUTTONS } }),
      ),
    );
  }

  /** The queue message: position, and the expected wait only when an agent is online to take it. */
  private queueMessage(data: { relayed?: boolean; position: number; waitMinutes: number }): Partial<Activity> {
    const text = this.deps.templates.render('queueJoined', {
      ...data,
      agentsOnline: this.deps.handoff.agentsOnline(),
      buttons: BUTTONS,
    });
    return MessageFactory.suggestedActions(
      [imBack(BUTTONS.cancelQueue), ...(this.deps.handoff.agentsOnline() ? [] : [imBack(BUTTONS.servicedesk)])],
      text,
    );
  }

  /** Puts the conversation in the servicedesk queue, or leaves a request when the servicedesk is closed. */
  private async startHandoff(context: TurnContext): Promise<void> {
    const { templates, handoff: coordinator } = this.deps;
    const dc = await this.deps.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    const data = await this.data(context);
    if (coordinator.mode === 'console' && !coordinator.isOpen()) {
      await context.sendActivity(templates.render('servicedeskClosed', { hours: coordinator.hoursText }));
      await dc.beginDialog('general_request', this.startOptions(context, 'general_request', data));
      return;
    }
    const unanswered = data.unanswered ?? [];
    const reason = templates.render(
      'handoffReason',
      unanswered.length ? { reason: 'misses', questions: unanswered } : { reason: 'asked' },
    );
    const { position, waitMinutes } = await coordinator.request(
      context,
      this.identity(context),
      reason,
      data.recent ?? [],
    );
    delete data.unanswered;
    data.fallbacks = 0;
    if (coordinator.mode === 'event') {
      await context.sendActivity(templates.render('handoffEvent'));
      return;
    }
    await context.sendActivity(this.queueMessage({ position, waitMinutes }));
  }

  private async recordFeedback(context: TurnContext, helpful: boolean): Promise<void> {
    const data = await this.data(context);
    const offered = data.lastAnswer?.dialog;
    if (data.lastAnswer) {
      await this.deps.feedback.recordFeedback({
        entryId: data.lastAnswer.id,
        question: data.lastAnswer.question,
        helpful,
        at: new Date().toISOString(),
      });
      delete data.lastAnswer;
    }
    if (helpful) {
      await context.sendActivity(this.deps.templates.render('feedbackThanks'));
    } else {
      await context.sendActivity(
        MessageFactory.suggestedActions(
          // The request the answer offered ("Order laten corrigeren") may be what helps; then a person.
          [...(offered && offered !== 'general_request' ? [offered] : []), 'handoff' as const]
            .map((d) => imBack(DIALOG_BUTTONS[d]))
            .concat(imBack(BUTTONS.servicedesk)),
          this.deps.templates.render('feedbackSorry'),
        ),
      );
    }
  }

  private async startDialogOrDescribe(context: TurnContext, dialog: DialogName, utterance?: string): Promise<void> {
    if (dialog === 'handoff') {
      await this.startHandoff(context);
      return;
    }
    if (!this.deps.dialogs.find(dialog))
      throw new Error(`RegistrationBot: dialog "${dialog}" is not registered; add it in bot/app.ts`);
    const data = await this.data(context);
    data.topic = dialog;
    const dc = await this.deps.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(dialog, this.startOptions(context, dialog, data, utterance));
  }

  /** What a dialog starts with: who is asking, what they typed, and for a servicedesk request the questions left unanswered. */
  private startOptions(
    context: TurnContext,
    dialog: DialogName,
    data: ConversationData,
    utterance?: string,
  ): DialogStartOptions {
    const options: DialogStartOptions = { identity: this.identity(context), utterance };
    if (dialog === 'general_request' && data.unanswered?.length) options.unanswered = [...data.unanswered];
    return options;
  }
}

/**
 * The look-up a message is about when the FAQ search's decision misses what the cart and order dialogs know: a cart
 * has no order number ("wat zat er in ORD-2025-004211?", "... in de tweede order": that order); ordering and changing
 * are done in the cart ("kan ik dan zelf bestellen?": not the order history, which would only say there is none yet);
 * a change to the cart the search declines ("kan ik de visio licenties uit de winkelwagen halen"). Undefined: the
 * decision stands.
 */
function lookUpFor(decision: KbDecision, text: string): DialogName | undefined {
  if (decision.decision === 'dialog' && decision.dialog === 'cart_status' && namesAnOrder(text)) return 'order_status';
  if (decision.decision === 'dialog' && decision.dialog === 'order_status' && asksCartAction(text) === 'act')
    return 'cart_status';
  if (decision.decision === 'fallback' && asksToChangeCart(text)) return 'cart_status';
  return undefined;
}
