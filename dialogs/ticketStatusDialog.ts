import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Ticket } from '../adapters/tickets/ticketStore.js';
import type { DialogStartOptions } from './accountDialogDeps.js';
import { BUTTONS } from '../messages/buttons.js';
import { withButtons } from './replies.js';
import type { TicketDialogDeps } from './ticketFormDialog.js';
import { dutchDate } from '../messages/formatters.js';

/** A ticket reference as the store makes and shows them (adapters/tickets: SD-2026-000042). */
const REFERENCE = /\bSD-\d{4}-\d{6}\b/g;

/** `ticket_status`: the user's own servicedesk requests and their status; never anyone else's. */
export class TicketStatusDialog extends ComponentDialog {
  constructor(private readonly deps: TicketDialogDeps) {
    super('ticket_status');
    this.addDialog(new WaterfallDialog('ticket_status.steps', [(step) => this.show(step)]));
    this.initialDialogId = 'ticket_status.steps';
  }

  private async show(step: WaterfallStepContext) {
    const { identity, utterance } = step.options as DialogStartOptions;
    const tickets: Ticket[] = await this.deps.tickets.listForRequester(
      identity.kind === 'verified'
        ? { aadObjectId: identity.aadObjectId, userId: identity.userId }
        : { userId: identity.userId },
    );
    // A reference that is not among the user's own: said so, never whose it is (another school's, or none).
    const own = new Set(tickets.map((t) => t.reference));
    const unknown = [...new Set((utterance ?? '').toUpperCase().match(REFERENCE) ?? [])].filter((r) => !own.has(r));
    if (unknown.length)
      await step.context.sendActivity(
        this.deps.templates.render('ticketNotFound', { references: unknown.join(', '), one: unknown.length === 1 }),
      );
    if (tickets.length === 0) {
      await step.context.sendActivity(
        withButtons(this.deps.templates.render('noTickets'), [BUTTONS.dialogs.general_request]),
      );
      return step.endDialog();
    }
    const list = tickets.map((t) => ({
      reference: t.reference,
      date: dutchDate(t.createdAt),
      title: t.title,
      status: t.status,
    }));
    await step.context.sendActivity(this.deps.templates.render('ticketList', { tickets: list }));
    return step.endDialog();
  }
}
