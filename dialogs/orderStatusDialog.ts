import {
  ComponentDialog,
  WaterfallDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Order } from '../adapters/portal/portalAdapter.js';
import { orderNamedIn, orderNumberIn } from '../domain/portal.js';
import { REGISTRATION_YEAR } from '../domain/registrationRules.js';
import type { AccountDialogDeps, DialogStartOptions } from './accountDialogDeps.js';
import { accountOrExplain, explainPortalError, PortalError } from './accountMessages.js';
import { BUTTONS } from '../messages/buttons.js';
import { dutchDate } from '../messages/formatters.js';
import { FollowUpPrompt } from './followUpPrompt.js';
import { asQuestion, cardOrText, withButtons, withButtonsOn } from './replies.js';
import { ordinalIn } from './formFields.js';
import { parseYesNo } from './yesNo.js';

const CHOOSE_ORDER = 'order_status.choose';
const STEPS = 'order_status.steps';

interface OrderState {
  orders: Order[];
}

/**
 * `order_status`: the school's order history with statuses. "Is mijn registratie goed ontvangen?" is answered
 * from the real status of the registration order, citing FAQ 2.1. Then the details of one order on request.
 */
export class OrderStatusDialog extends ComponentDialog {
  constructor(private readonly deps: AccountDialogDeps) {
    super('order_status');
    this.addDialog(
      new FollowUpPrompt(CHOOSE_ORDER, async (p: PromptValidatorContext<string>) => {
        const state = p.options as unknown as { validations?: OrderState };
        return (
          parseYesNo(p.recognized.value) === false ||
          Boolean(findOrder(state.validations?.orders ?? [], p.recognized.value))
        );
      }),
    );
    this.addDialog(new WaterfallDialog(STEPS, [(step) => this.show(step), (step) => this.details(step)]));
    this.initialDialogId = STEPS;
  }

  private async show(step: WaterfallStepContext) {
    const { context } = step;
    const lookup = await accountOrExplain(context, this.deps, step.options as DialogStartOptions);
    if (!lookup) return step.endDialog();
    const { school, contact } = lookup;
    let orders: Order[];
    let cartOpen = false;
    try {
      orders = (await this.deps.portal.orders(contact.customerNumber)).map((o) => ({ ...o, date: dutchDate(o.date) }));
      if (orders.length === 0) {
        const cart = await this.deps.portal.cart(contact.customerNumber);
        cartOpen = cart?.status === 'ready' || cart?.status === 'claimed';
      }
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      await explainPortalError(context, this.deps, err);
      return step.endDialog();
    }
    if (orders.length === 0) {
      await context.sendActivity(
        withButtons(
          this.deps.templates.render('noOrders', {
            school,
            cartOpen,
            cartYear: REGISTRATION_YEAR,
            mayClaim: contact.role === 'first',
          }),
          cartOpen ? [BUTTONS.dialogs.cart_status] : [],
        ),
      );
      return step.endDialog();
    }
    // "ORD-2025-008765" or "hoe staat het met ORD-2025-008765?": that order's details, when it is one of the school's.
    const utterance = (step.options as DialogStartOptions).utterance ?? '';
    const named = orderNumberIn(utterance);
    const namedOrder = orderNamedIn(utterance, orders);
    if (namedOrder) {
      await context.sendActivity(this.deps.templates.render('orderDetails', { order: namedOrder }));
      return step.endDialog();
    }
    if (named) await context.sendActivity(this.deps.templates.render('orderNotFound', { number: named, school }));
    const fallbackText = this.deps.templates.render('orderList', { school, orders });
    const registration = orders.find((o) => o.registration);
    const status =
      registration &&
      this.deps.templates.render('registrationStatus', {
        order: registration,
        completed: registration.status === 'Afgerond',
        year: REGISTRATION_YEAR,
      });
    // With more than one order, the list ends with the question which one to show, its buttons under it.
    const question = orders.length >= 2 ? this.deps.templates.render('askOrderDetails') : undefined;
    const message = cardOrText(
      context,
      this.deps.templates,
      'orderCard.json',
      {
        fallbackText,
        title: this.deps.templates.render('cardTexts', { text: 'orderTitle', school: school.name }),
        orders,
      },
      { text: status || undefined, question },
    );
    if (!question) {
      await context.sendActivity(message);
      return step.endDialog();
    }
    const buttons = [...orders.map((o) => o.orderNumber), BUTTONS.noThanks];
    (step.values as { orders?: Order[] }).orders = orders;
    // Sent here rather than as the prompt, which would keep the whole list in dialog state until answered.
    await context.sendActivity(asQuestion(withButtonsOn(message, buttons)));
    return step.prompt(CHOOSE_ORDER, {
      prompt: withButtons(this.deps.templates.render('askOrderDetails'), buttons),
      retryPrompt: withButtons(this.deps.templates.render('orderChoiceRetry'), buttons),
      validations: { orders } satisfies OrderState,
    });
  }

  private async details(step: WaterfallStepContext) {
    const chosen = findOrder((step.values as { orders?: Order[] }).orders ?? [], step.result as string);
    if (chosen) await step.context.sendActivity(this.deps.templates.render('orderDetails', { order: chosen }));
    else await step.context.sendActivity(this.deps.templates.render('okAnythingElse'));
    return step.endDialog();
  }
}

/** An order by its number, or by its position in the list ("1", "2"). */
function findOrder(orders: Order[], text: string | undefined): Order | undefined {
  const wanted = (text ?? '').trim().toUpperCase();
  if (/^\d+$/.test(wanted) && Number(wanted) >= 1 && Number(wanted) <= orders.length) return orders[Number(wanted) - 1];
  // "de eerste", "de laatste": the place in the list shown.
  const at = ordinalIn(wanted, orders.length);
  return at !== undefined ? orders[at] : orderNamedIn(wanted, orders);
}
