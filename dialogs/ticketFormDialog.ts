import { randomUUID } from 'node:crypto';
import { ComponentDialog, TextPrompt, WaterfallDialog, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { TicketRequester, TicketStore } from '../adapters/tickets/ticketStore.js';
import { quoteUserText } from '../messages/formatters.js';
import type { AccountDialogDeps, DialogStartOptions } from './accountDialogDeps.js';
import { lookUpAccount } from './accountLookup.js';
import { explainLookupFailure, explainPortalError, PortalError } from './accountMessages.js';
import type { FormField } from './formFields.js';
import { parseYesNo, withButtons } from './replies.js';
import type { FormAccount, TicketForm } from './ticketForms.js';

export interface TicketDialogDeps extends AccountDialogDeps {
  tickets: TicketStore;
}

/** What the form loop carries from question to question (kept in dialog state, so it survives restarts). */
interface FormState extends DialogStartOptions {
  account: FormAccount;
  answers: Record<string, string>;
  index: number;
  /** One per form run: a confirmation delivered twice, or clicked twice, files one ticket. */
  idempotencyKey: string;
}

const CONFIRM_BUTTONS = ['Ja, indienen', 'Nee, niet indienen'];

/**
 * A servicedesk request as a guided dialog: account check, one question per turn (validated, with a clear
 * Dutch message when an answer cannot be used), a summary to confirm, then the ticket, stored before the
 * user is told its reference. "stop" and "help" work at every step (handled by the bot).
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
    const { identity } = step.options as DialogStartOptions;
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
    if (this.form.needsOrders && account.contact) {
      try {
        account.orders = await this.deps.portal.orders(account.contact.customerNumber);
      } catch (err) {
        if (!(err instanceof PortalError)) throw err;
        await explainPortalError(step.context, this.deps, err);
        return step.endDialog();
      }
      if (account.orders.length === 0) {
        await step.context.sendActivity('Ik zie nog geen bestellingen van je school, dus er is nog niets te corrigeren. Zolang je niet besteld hebt, kun je de aantallen in je winkelwagen zelf aanpassen.');
        return step.endDialog();
      }
    }
    await step.context.sendActivity(this.form.intro(account));
    const state: FormState = { identity, account, answers: {}, index: 0, idempotencyKey: `${this.form.dialog}:${randomUUID()}` };
    return step.beginDialog(this.loopId, state);
  }

  private fields(state: FormState): FormField[] {
    return this.form.fields(state.account);
  }

  private async ask(step: WaterfallStepContext) {
    const state = step.options as FormState;
    const fields = this.fields(state);
    if (state.index < fields.length) {
      const field = fields[state.index];
      return step.prompt(this.answerPrompt, { prompt: withButtons(field.prompt, field.buttons ?? []), validations: { field: state.index, ...state } });
    }
    const summary = fields.map((f) => `- ${f.label}: ${quoteUserText(state.answers[f.key] ?? '', 300)}`).join('\n');
    return step.prompt(this.answerPrompt, {
      prompt: withButtons(`Klopt dit?\n${summary}\n\nZal ik dit indienen bij de servicedesk?`, CONFIRM_BUTTONS),
      validations: { field: -1, ...state },
    });
  }

  private async validate(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const state = prompt.options.validations as FormState & { field: number };
    const text = prompt.recognized.value ?? '';
    if (state.field === -1) {
      if (parseYesNo(text.replace(/,? ?(niet )?indienen$/i, '')) !== undefined) return true;
      await prompt.context.sendActivity(withButtons('Kies "Ja, indienen" of "Nee, niet indienen". Typ "stop" om te stoppen.', CONFIRM_BUTTONS));
      return false;
    }
    const field = this.fields(state)[state.field];
    const parsed = field.parse(text);
    if (!parsed.ok) await prompt.context.sendActivity(withButtons(parsed.error, field.buttons ?? []));
    return parsed.ok;
  }

  private async collect(step: WaterfallStepContext) {
    const state = step.options as FormState;
    const fields = this.fields(state);
    if (state.index < fields.length) {
      const field = fields[state.index];
      const parsed = field.parse(step.result as string);
      const answers = { ...state.answers, [field.key]: parsed.ok ? parsed.value : '' };
      return step.replaceDialog(this.loopId, { ...state, answers, index: state.index + 1 } satisfies FormState);
    }
    if (!parseYesNo(String(step.result).replace(/,? ?(niet )?indienen$/i, ''))) {
      await step.context.sendActivity('Oké, ik heb niets ingediend. Kan ik je nog ergens anders mee helpen?');
      return step.endDialog();
    }
    return this.file(step, state, fields);
  }

  private async file(step: WaterfallStepContext, state: FormState, fields: FormField[]) {
    const { identity, account, answers } = state;
    const requester: TicketRequester =
      identity.kind === 'verified'
        ? { aadObjectId: identity.aadObjectId, userId: identity.userId, name: account.contact?.name, email: account.contact?.email ?? answers.email, verified: Boolean(account.contact) }
        : { userId: identity.userId, email: answers.email, verified: false };
    const { ticket, created } = await this.deps.tickets.create(
      {
        kind: this.form.kind,
        title: this.form.title,
        requester,
        school: account.school && identity.kind === 'verified' ? { customerNumber: account.school.customerNumber, name: account.school.name } : undefined,
        fields: fields.map((f) => ({ label: f.label, value: answers[f.key] ?? '' })),
        conversationId: step.context.activity.conversation.id,
      },
      state.idempotencyKey,
    );
    this.deps.logger.info({ reference: ticket.reference, kind: ticket.kind, created, conversationId: ticket.conversationId }, created ? 'ticket filed' : 'ticket confirmation repeated');
    await step.context.sendActivity(withButtons(this.form.filed(ticket.reference), ['Mijn tickets']));
    return step.endDialog({ reference: ticket.reference });
  }
}
