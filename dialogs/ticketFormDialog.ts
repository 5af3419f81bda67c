import { randomUUID } from 'node:crypto';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { TicketRequester, TicketStore } from '../adapters/tickets/ticketStore.js';
import type { AccountDialogDeps, DialogStartOptions } from './accountDialogDeps.js';
import { lookUpAccount } from './accountLookup.js';
import { explainLookupFailure, explainPortalError, PortalError } from './accountMessages.js';
import { BUTTONS, isAnyButton, isButton } from '../messages/buttons.js';
import type { SmallTalkKind } from '../knowledge/smallTalk.js';
import { normalizeDutch } from '../knowledge/dutchAnalyzer.js';
import { correctedAmountOf } from '../domain/correctedAmount.js';
import {
  amsterdamToday,
  choiceIn,
  dateIn,
  emailIn,
  goesBack,
  isOneOf,
  isReaction,
  ordinalIn,
  onlyYesNo,
  saysDontKnow,
  parseChoice,
  parseDate,
  parseEmail,
  parseName,
  parseNumber,
  parseText,
  type ChoiceOption,
  type Parsed,
} from './formFields.js';
import { withButtons } from './replies.js';
import { parseYesNo } from './yesNo.js';
import { FORMS, type FieldType, type FormAccount, type FormFieldDef, type TicketForm } from './ticketForms.js';

export interface TicketDialogDeps extends AccountDialogDeps {
  tickets: TicketStore;
}

/** What the form loop carries from question to question (kept in dialog state, so it survives restarts). */
interface FormState extends DialogStartOptions {
  account: FormAccount;
  answers: Record<string, string>;
  /** Set from the confirm step: `choose` while the user picks a field, then that field's key. */
  editing?: string;
  /** One per form run: a confirmation delivered twice, or clicked twice, files one ticket. */
  idempotencyKey: string;
}

type Asking = { kind: 'field'; key: string } | { kind: 'confirm' } | { kind: 'choose' };
type Confirm = 'yes' | 'no' | 'edit';

const CONFIRM_BUTTONS = [BUTTONS.confirmFile, BUTTONS.editField, BUTTONS.doNotFile];

/** Small talk that is never a name or a text to file ("Dank u wel voor uw hulp" is nobody's name). */
const NOT_AN_ANSWER_SMALL_TALK = new Set<SmallTalkKind | undefined>([
  'greeting',
  'thanks',
  'acknowledgement',
  'goodbye',
]);

/** "wacht", "nee wacht, terug", "vorige vraag": back to the question before (dialogs/forms.yaml, `not_answers`). */
export const isGoingBack = (text: string) => goesBack(text, FORMS.notAnswers);
/** "ja", "ok", "prima": agrees or declines, answers no open question. */
export const isOnlyYesNo = (text: string) => onlyYesNo(text, FORMS.notAnswers);
/** "geen idee", "weet ik niet": the user does not know what a form asks (the form says how to stop). */
export const isDontKnow = (text: string, { partial = false } = {}) => saysDontKnow(text, FORMS.notAnswers, { partial });
/** The user names themself inside a sentence ("ik wil mezelf als 1e contactpersoon zetten"). */
const SELF_IN_SENTENCE = /\b(mezelf|mijzelf|ikzelf|ik zelf|mij zelf|myself)\b/i;

/** "Ja, indienen" / "Wijzig een veld" / "Nee, niet indienen", and the ways people type them. */
export function parseConfirm(text: string): Confirm | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '')
    // "hmm nee toch maar niet", "eh, ja": a hesitation before the answer.
    .replace(/^(?:(?:hm+|eh+m?|uh+m?|oh+|ach|oei|oeps|wacht)[\s,.!]+)+/, '');
  if (
    isButton(t, 'editField') ||
    /^(wijzig|wijzigen|aanpassen|veranderen|verander|corrigeer|corrigeren)\b/.test(t) ||
    /\b(wijzigen|aanpassen|veranderen)$/.test(t)
  )
    return 'edit';
  if (
    isButton(t, 'doNotFile') ||
    parseYesNo(t.replace(/,? ?(niet )?indienen$/, '')) === false ||
    /^(nee|niet|neen|no|nope|cancel)\b/.test(t) ||
    /^(toch( maar)? niet|liever niet|maar niet|niet doen)$/.test(t) ||
    /^(annuleer|annuleren|afbreken|stoppen)\b/.test(t) ||
    /\blaat (het )?(toch )?maar( zitten)?$/.test(t)
  )
    return 'no';
  if (
    isButton(t, 'confirmFile') ||
    parseYesNo(t.replace(/,? ?indienen$/, '')) === true ||
    /^(ja|jazeker|klopt)\b/.test(t) ||
    t === 'indienen'
  )
    return 'yes';
  return undefined;
}

/**
 * A servicedesk request as a guided dialog: account check, one question per turn (validated, with a clear
 * Dutch message when an answer cannot be used), a summary to confirm or change a field in, then the ticket,
 * stored before the user is told its reference. What the user already said (the questions the bot could not
 * answer, the role named in "ik wil de 1e contactpersoon wijzigen") is not asked again. "stop", "laat maar",
 * "help" and side questions are handled by the bot at every step. What is plainly no answer (a button label, only
 * "ja"/"ok", small talk) is never stored, and "wacht, terug" goes a question back. Texts: dialogs/forms.yaml.
 */
export class TicketFormDialog extends ComponentDialog {
  private readonly loopId: string;
  private readonly answerPrompt: string;

  constructor(
    private readonly form: TicketForm,
    private readonly deps: TicketDialogDeps,
  ) {
    super(form.dialog);
    this.loopId = `${form.dialog}.loop`;
    this.answerPrompt = `${form.dialog}.answer`;
    this.addDialog(new TextPrompt(this.answerPrompt, (p) => this.validate(p)));
    this.addDialog(new WaterfallDialog(`${form.dialog}.start`, [(s) => this.start(s), (s) => s.endDialog(s.result)]));
    this.addDialog(new WaterfallDialog(this.loopId, [(s) => this.ask(s), (s) => this.collect(s)]));
    this.initialDialogId = `${form.dialog}.start`;
  }

  private async start(step: WaterfallStepContext) {
    const options = step.options as DialogStartOptions;
    const { identity } = options;
    const account: FormAccount = {};
    if (identity.kind === 'verified' || this.form.audience === 'account') {
      const lookup = await lookUpAccount(identity, this.deps.portal);
      if (lookup.kind === 'ok') {
        account.contact = lookup.contact;
        account.school = lookup.school;
      } else if (this.form.audience === 'account' || lookup.kind === 'portal-error') {
        await explainLookupFailure(step.context, this.deps, lookup);
        return step.endDialog();
      }
    }
    const context = { school: account.school, mayClaim: account.contact?.role === 'first' };
    if (this.form.firstContactIntro && account.contact?.role === 'first') {
      await step.context.sendActivity(withButtons(this.form.firstContactIntro(context), [BUTTONS.servicedesk]));
      return step.endDialog();
    }
    if (this.form.needsOrders && account.contact) {
      try {
        account.orders = await this.deps.portal.orders(account.contact.customerNumber);
      } catch (err) {
        if (!(err instanceof PortalError)) throw err;
        await explainPortalError(step.context, this.deps, err);
        return step.endDialog();
      }
      if (account.orders.length === 0) {
        await step.context.sendActivity(this.form.noOrders?.(context) ?? this.form.intro(context));
        return step.endDialog();
      }
    }
    const state: FormState = { identity, account, answers: {}, idempotencyKey: `${this.form.dialog}:${randomUUID()}` };
    const lines = [this.form.intro(context)];
    const carried = this.fields(state).find((f) => f.key === 'question');
    // A button label typed outside its question ("Wijzig een veld" after filing) misses too, but is no question.
    const questions = (options.unanswered ?? []).filter((q) => !isAnyButton(q) && !isOnlyYesNo(q));
    if (carried && questions.length) {
      state.answers.question = questions.join('\n');
      lines.push(FORMS.messages.carried({ questions, several: questions.length > 1 }));
    }
    const already = this.fromUtterance(state, options.utterance);
    if (already.length) lines.push(FORMS.messages.already({ fields: already }));
    await step.context.sendActivity(lines.join('\n\n'));
    return step.beginDialog(this.loopId, state);
  }

  /**
   * Answers the starting sentence already gives: a choice it names ("ik wil de 1e contactpersoon wijzigen", an
   * order number), and for a `fromUtterance` field the sentence itself when it gives figures besides the order
   * number ("ik heb 300 ipv 30 A3 besteld"): that is what is wrong, in the user's own words.
   */
  private fromUtterance(state: FormState, utterance: string | undefined): Array<{ label: string; value: string }> {
    if (!utterance) return [];
    const found: Array<{ label: string; value: string }> = [];
    let rest = utterance;
    for (const field of this.fields(state)) {
      const options = this.optionsOf(field, state);
      if (!options.length) continue;
      const value = choiceIn(utterance, options);
      if (value) {
        state.answers[field.key] = value;
        found.push({ label: field.label, value });
        rest = rest.split(value).join(' ');
      }
    }
    // An address or a date the sentence gives ("per 1 januari 2027 neemt Jeroen Smit (j.smit@school.nl) het over").
    const given: Partial<Record<FieldType, string>> = { email: emailIn(utterance), date: dateIn(utterance) };
    for (const field of this.fields(state)) {
      const part = given[field.type];
      if (part === undefined || state.answers[field.key] !== undefined) continue;
      const parsed = this.parse(field, part, state);
      if (!parsed.ok) continue;
      state.answers[field.key] = parsed.value;
      found.push({ label: field.label, value: parsed.value });
      rest = rest.toLowerCase().split(part.toLowerCase()).join(' ');
    }
    // "ik wil mezelf als 1e contactpersoon zetten": the user's own name and address.
    const contact = state.account.contact;
    if (contact && SELF_IN_SENTENCE.test(utterance)) {
      for (const field of this.fields(state)) {
        if (field.type !== 'name' || state.answers[field.key] !== undefined) continue;
        state.answers[field.key] = contact.name;
        found.push({ label: field.label, value: contact.name });
      }
      for (const key of this.withOwnAddress(state))
        found.push({ label: this.field(state, key).label, value: contact.email });
    }
    const sentence = parseText(utterance);
    if (!/\d/.test(rest) || !sentence.ok) return found;
    for (const field of this.fields(state)) {
      if (field.fromUtterance && state.answers[field.key] === undefined) {
        state.answers[field.key] = sentence.value;
        found.push({ label: field.label, value: sentence.value });
      }
    }
    for (const key of this.withCorrectedAmount(state, sentence.value)) {
      const field = this.field(state, key);
      found.push({ label: field.label, value: state.answers[key] });
    }
    return found;
  }

  /** Fills the unanswered e-mail fields with the user's own address (they named themself as the new contact). */
  private withOwnAddress(state: FormState): string[] {
    const email = state.account.contact?.email;
    if (!email) return [];
    const filled = this.fields(state).filter((f) => f.type === 'email' && state.answers[f.key] === undefined);
    for (const field of filled) state.answers[field.key] = email;
    return filled.map((f) => f.key);
  }

  /**
   * Fills the unanswered `fromCorrectedAmount` fields with the right amount when `text` gives the wrong and the right
   * one ("ik heb 300 ipv 30 A3 besteld" -> "30 A3 in plaats van 300").
   */
  private withCorrectedAmount(state: FormState, text: string): string[] {
    const corrected = correctedAmountOf(normalizeDutch(text));
    if (!corrected) return [];
    const filled = this.fields(state).filter((f) => f.fromCorrectedAmount && state.answers[f.key] === undefined);
    for (const field of filled) state.answers[field.key] = corrected;
    return filled.map((f) => f.key);
  }

  private fields(state: FormState): FormFieldDef[] {
    return this.form.fields.filter((f) => !(f.anonymousOnly && state.account.contact));
  }

  private optionsOf(field: FormFieldDef, state: FormState) {
    if (field.type === 'order') return (state.account.orders ?? []).map((o) => ({ label: o.orderNumber, also: [] }));
    return field.options;
  }

  private buttonsOf(field: FormFieldDef, state: FormState): string[] {
    if (field.type === 'date') return [BUTTONS.immediately];
    return this.optionsOf(field, state).map((o) => o.label);
  }

  private asking(state: FormState): Asking {
    if (state.editing === 'choose') return { kind: 'choose' };
    if (state.editing) return { kind: 'field', key: state.editing };
    const next = this.fields(state).find((f) => state.answers[f.key] === undefined);
    return next ? { kind: 'field', key: next.key } : { kind: 'confirm' };
  }

  private field(state: FormState, key: string): FormFieldDef {
    return this.fields(state).find((f) => f.key === key)!;
  }

  private async ask(step: WaterfallStepContext) {
    const state = step.options as FormState;
    const asking = this.asking(state);
    const labels = this.fields(state).map((f) => f.label);
    if (asking.kind === 'choose') {
      return step.prompt(this.answerPrompt, {
        prompt: withButtons(FORMS.messages.choose_edit(), labels),
        validations: { asking, sideQuestions: true, structured: true, ...state },
      });
    }
    if (asking.kind === 'confirm') {
      const fields = this.fields(state).map((f) => ({ label: f.label, value: state.answers[f.key] ?? '' }));
      return step.prompt(this.answerPrompt, {
        prompt: withButtons(FORMS.messages.confirm({ fields }), CONFIRM_BUTTONS),
        // A sentence naming a field ("de naam klopt niet") answers this question: it goes to that field.
        validations: { asking, sideQuestions: true, structured: true, options: this.fieldChoices(state), ...state },
      });
    }
    const field = this.field(state, asking.key);
    const prompt = this.question(field, state);
    return step.prompt(this.answerPrompt, {
      prompt: withButtons(prompt, this.buttonsOf(field, state)),
      validations: {
        asking,
        sideQuestions: field.sideQuestions,
        structured: field.type !== 'text',
        freeText: field.type === 'text',
        person: field.type === 'name',
        address: field.type === 'email',
        options: this.optionsOf(field, state),
        ...state,
      },
    });
  }

  /**
   * The fields as options at "Welk veld wil je wijzigen?": the label, the words for its type ("naam" for a name) and
   * the words of its label that no other label has ("rol" for "Welke rol").
   */
  private fieldChoices(state: FormState): ChoiceOption[] {
    const fields = this.fields(state);
    const wordsOf = (label: string) =>
      label
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w.length >= 3);
    const count = new Map<string, number>();
    for (const f of fields) for (const w of new Set(wordsOf(f.label))) count.set(w, (count.get(w) ?? 0) + 1);
    const ofType = new Map<FieldType, number>();
    for (const f of fields) ofType.set(f.type, (ofType.get(f.type) ?? 0) + 1);
    return fields.map((f) => ({
      label: f.label,
      also: [
        ...(ofType.get(f.type) === 1 ? (FORMS.fieldWords[f.type] ?? []) : []),
        ...wordsOf(f.label).filter((w) => count.get(w) === 1),
      ],
    }));
  }

  /** The one field a sentence at the confirm step names ("de naam klopt niet"), if any. */
  private namedField(text: string, state: FormState): FormFieldDef | undefined {
    const label = choiceIn(text, this.fieldChoices(state));
    return label ? this.fields(state).find((f) => f.label === label) : undefined;
  }

  private question(field: FormFieldDef, state: FormState): string {
    return field.prompt({ school: state.account.school, nextYear: amsterdamToday().year + 1 });
  }

  /**
   * The field's answer, or why not. A text or name parser takes almost anything, so what is plainly no answer is
   * refused first: a button label ("Ja, indienen" typed one question too early), only yes/no/ok words, small talk,
   * and at a text question a reaction to the bot ("ok dan maak ik een nieuwe"). Otherwise these end up in a ticket.
   */
  private answer(field: FormFieldDef, text: string, state: FormState): Parsed {
    // "het e-mailadres weet ik niet": where the answer is a name, an address, a date or a choice, a short message that
    // says so; where it is free text, only a message that says nothing else.
    if (isDontKnow(text, { partial: field.type !== 'text' })) return { ok: false, error: 'dont_know' };
    if (field.type === 'text' || field.type === 'name') {
      const noAnswer =
        isAnyButton(text) ||
        isOnlyYesNo(text) ||
        NOT_AN_ANSWER_SMALL_TALK.has(this.deps.knowledge.smallTalkOf(text)) ||
        (field.type === 'text' && isReaction(text, FORMS.notAnswers));
      if (noAnswer) return { ok: false, error: 'not_an_answer' };
      // "ik zelf" for the new contact person: the user's own name (the address follows in collect).
      const contact = state.account.contact;
      if (field.type === 'name' && contact && isOneOf(text, FORMS.names.self)) return { ok: true, value: contact.name };
    }
    return this.parse(field, text, state);
  }

  /**
   * "wacht, terug": the question before this one, its answer kept until a new one is given. Changing a field from
   * the summary (every field answered) or picking one goes back to the summary; at the first question it is asked again.
   */
  private async goBack(step: WaterfallStepContext, state: FormState, asking: Asking) {
    const fields = this.fields(state);
    const allAnswered = fields.every((f) => state.answers[f.key] !== undefined);
    if (asking.kind === 'choose' || (asking.kind === 'field' && allAnswered)) {
      await step.context.sendActivity(FORMS.messages.back_summary());
      return step.replaceDialog(this.loopId, { ...state, editing: undefined } satisfies FormState);
    }
    const at = asking.kind === 'field' ? fields.findIndex((f) => f.key === asking.key) : fields.length;
    if (at <= 0) {
      await step.context.sendActivity(FORMS.messages.back_first());
      return step.replaceDialog(this.loopId, state);
    }
    const previous = fields[at - 1];
    await step.context.sendActivity(FORMS.messages.back({ value: state.answers[previous.key] }));
    return step.replaceDialog(this.loopId, { ...state, editing: previous.key } satisfies FormState);
  }

  private parse(field: FormFieldDef, text: string, state: FormState): Parsed {
    switch (field.type) {
      case 'text':
        return parseText(text);
      case 'name':
        return parseName(text, FORMS.names.notNameWords);
      case 'email':
        return parseEmail(text);
      case 'choice':
        return parseChoice(text, this.optionsOf(field, state));
      case 'order': {
        // "de eerste", "de laatste": the place in the list of order numbers shown.
        const options = this.optionsOf(field, state);
        const parsed = parseChoice(text, options);
        const at = parsed.ok ? undefined : ordinalIn(text, options.length);
        return at === undefined ? parsed : { ok: true, value: options[at].label };
      }
      case 'date':
        return parseDate(text, amsterdamToday(), (date) => FORMS.messages.immediately_value({ date }));
      case 'number': {
        const parsed = parseNumber(text);
        const school = state.account.school;
        if (!parsed.ok || !field.reduction || !school) return parsed;
        const value = Number(parsed.value);
        if (value >= school.basispakketten)
          return { ok: false, error: 'not_a_reduction', data: { current: school.basispakketten } };
        const minimum = school.basispakkettenAtContractStart;
        if (value < minimum)
          return {
            ok: true,
            value: FORMS.messages.below_minimum_note({ value, minimum }),
            note: { message: 'below_minimum', data: { value, minimum } },
          };
        return parsed;
      }
    }
  }

  private async validate(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const state = prompt.options.validations as FormState & { asking: Asking };
    const text = prompt.recognized.value ?? '';
    const { asking } = state;
    // Going back is handled where the form's state can change (collect), at every step.
    if (isGoingBack(text)) return true;
    if (asking.kind === 'confirm') {
      if (parseConfirm(text) || this.namedField(text, state)) return true;
      await prompt.context.sendActivity(
        withButtons(FORMS.messages.confirm_retry({ buttons: BUTTONS }), CONFIRM_BUTTONS),
      );
      return false;
    }
    if (asking.kind === 'choose') {
      const labels = this.fields(state).map((f) => f.label);
      if (parseChoice(text, this.fieldChoices(state)).ok) return true;
      await prompt.context.sendActivity(withButtons(FORMS.messages.choose_edit_retry({ labels }), labels));
      return false;
    }
    const field = this.field(state, asking.key);
    const parsed = this.answer(field, text, state);
    if (!parsed.ok) {
      const data = { ...parsed.data, nextYear: amsterdamToday().year + 1, question: this.question(field, state) };
      await prompt.context.sendActivity(
        withButtons(FORMS.errors[parsed.error as keyof typeof FORMS.errors](data), this.buttonsOf(field, state)),
      );
    }
    return parsed.ok;
  }

  private async collect(step: WaterfallStepContext) {
    const state = step.options as FormState;
    const asking = this.asking(state);
    const text = step.result as string;
    if (isGoingBack(text)) return this.goBack(step, state, asking);
    if (asking.kind === 'field') {
      const parsed = this.answer(this.field(state, asking.key), text, state);
      if (!parsed.ok) return step.replaceDialog(this.loopId, state);
      if (parsed.note)
        await step.context.sendActivity(FORMS.messages[parsed.note.message as 'below_minimum'](parsed.note.data));
      const next: FormState = {
        ...state,
        editing: undefined,
        answers: { ...state.answers, [asking.key]: parsed.value },
      };
      if (this.field(state, asking.key).type === 'text') this.withCorrectedAmount(next, parsed.value);
      if (this.field(state, asking.key).type === 'name' && isOneOf(text, FORMS.names.self)) this.withOwnAddress(next);
      return step.replaceDialog(this.loopId, next);
    }
    if (asking.kind === 'choose') {
      const chosen = parseChoice(text, this.fieldChoices(state));
      const field = this.fields(state).find((f) => chosen.ok && f.label === chosen.value);
      return step.replaceDialog(this.loopId, { ...state, editing: field?.key } satisfies FormState);
    }
    const confirm = parseConfirm(text);
    // "de naam klopt niet", "nee, het mailadres is fout": straight to that field, the rest kept.
    const named = confirm === 'yes' ? undefined : this.namedField(text, state);
    if (named) return step.replaceDialog(this.loopId, { ...state, editing: named.key } satisfies FormState);
    if (confirm === 'edit') return step.replaceDialog(this.loopId, { ...state, editing: 'choose' } satisfies FormState);
    if (confirm !== 'yes') {
      await step.context.sendActivity(FORMS.messages.not_filed());
      return step.endDialog();
    }
    return this.file(step, state, this.fields(state));
  }

  private async file(step: WaterfallStepContext, state: FormState, fields: FormFieldDef[]) {
    const { identity, account, answers } = state;
    const requester: TicketRequester =
      identity.kind === 'verified'
        ? {
            aadObjectId: identity.aadObjectId,
            userId: identity.userId,
            name: account.contact?.name,
            email: account.contact?.email ?? answers.email,
            verified: Boolean(account.contact),
          }
        : { userId: identity.userId, email: answers.email, verified: false };
    const { ticket, created } = await this.deps.tickets.create(
      {
        kind: this.form.kind,
        title: this.form.title,
        requester,
        school:
          account.school && identity.kind === 'verified'
            ? { customerNumber: account.school.customerNumber, name: account.school.name }
            : undefined,
        fields: fields.map((f) => ({ label: f.label, value: answers[f.key] ?? '' })),
        conversationId: step.context.activity.conversation.id,
      },
      state.idempotencyKey,
    );
    this.deps.logger.info(
      { reference: ticket.reference, kind: ticket.kind, created, conversationId: ticket.conversationId },
      created ? 'ticket filed' : 'ticket confirmation repeated',
    );
    // The chosen order tells the text whether the cart is set ready again (only for the registration order).
    const orderField = fields.find((f) => f.type === 'order');
    const order = orderField && account.orders?.find((o) => o.orderNumber === answers[orderField.key]);
    await step.context.sendActivity(
      withButtons(this.form.filed({ reference: ticket.reference, order }), [BUTTONS.dialogs.ticket_status]),
    );
    return step.endDialog({ reference: ticket.reference });
  }
}
