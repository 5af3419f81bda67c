import {
  ComponentDialog,
  WaterfallDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Cart, Contact, School } from '../adapters/portal/portalAdapter.js';
import { BUTTONS } from '../messages/buttons.js';
import { checkCart } from '../domain/registrationRules.js';
import { dutchDate } from '../messages/formatters.js';
import type { AccountDialogDeps, DialogStartOptions } from './accountDialogDeps.js';
import { accountOrExplain, explainPortalError, PortalError } from './accountMessages.js';
import { FollowUpPrompt } from './followUpPrompt.js';
import { asQuestion, cardOrText, withButtons, withButtonsOn } from './replies.js';
import { parseYesNo } from './yesNo.js';

/** What the portal lets a person do to a cart, as typed in a question or a request ("kan ik de A3 zelf verlagen?"). */
const CART_ACTION =
  /\b(claim|claimen|bestel|bestellen|voeg|toevoegen|toe\s+voegen|verwijder|verwijderen|eruit|eraf|halen|weghalen|aanpassen|verlaag|verlagen|verhoog|verhogen|wijzig|wijzigen|veranderen)\b/;
/** Asked of the bot ("kun jij ... bestellen", "voeg 20 basispakketten toe") or about oneself ("kan ik ... zelf verlagen"). */
const ASKS_TO_ACT =
  /^(voeg|verwijder|verlaag|verhoog|wijzig|pas|haal|zet|claim|bestel)\b|\b(kun|kan|kunt|wil|zou|mag|mogen|moet)\s+(je|jij|u|ik|wij|we)\b/;

/** "waar vind ik de winkelwagen?": where the cart is, in the portal. */
const ASKS_WHERE = /\bwaar\s+(vind|vinden|zie|zien|staat|kan|kun)\b/;

/** The message asks the bot to change, claim or order the cart, whether the user may, or where to do it. */
export function asksCartAction(utterance: string | undefined): 'where' | 'act' | undefined {
  const text = (utterance ?? '').toLowerCase();
  if (ASKS_WHERE.test(text)) return 'where';
  return CART_ACTION.test(text) && ASKS_TO_ACT.test(text) ? 'act' : undefined;
}

/** What is in a cart: the cart itself, or the licenses and basispakketten in it. */
const CART_CONTENT = /\b(winkelwagen|cart|a3|licenties?|basispakketten|basispakket)\b/;

/**
 * A change to the user's own cart, asked in words the FAQ search may not place ("kan ik de visio licenties uit de
 * winkelwagen halen", "mag ik het aantal A3 verlagen naar 100"): the cart look-up says who changes it, and where.
 */
export const asksToChangeCart = (text: string): boolean =>
  asksCartAction(text) === 'act' && CART_CONTENT.test(text.toLowerCase());

const YES_NO = 'cart_status.yesNo';
const STEPS = 'cart_status.steps';

/**
 * `cart_status`: the user's own cart, checked against the registration rules (A3 versus basispakketten,
 * basispakketten held outside the cart, who may claim it), then an offer to explain adding basispakketten.
 */
export class CartStatusDialog extends ComponentDialog {
  constructor(private readonly deps: AccountDialogDeps) {
    super('cart_status');
    this.addDialog(
      new FollowUpPrompt(
        YES_NO,
        async (p: PromptValidatorContext<string>) => parseYesNo(p.recognized.value) !== undefined,
      ),
    );
    this.addDialog(new WaterfallDialog(STEPS, [(step) => this.show(step), (step) => this.explain(step)]));
    this.initialDialogId = STEPS;
  }

  private async show(step: WaterfallStepContext) {
    const { context } = step;
    const lookup = await accountOrExplain(context, this.deps, step.options as DialogStartOptions);
    if (!lookup) return step.endDialog();
    let cart: Cart | undefined;
    try {
      cart = await this.deps.portal.cart(lookup.contact.customerNumber);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      await explainPortalError(context, this.deps, err);
      return step.endDialog();
    }
    if (!cart) {
      await context.sendActivity(
        withButtons(this.deps.templates.render('noCart', { school: lookup.school.name }), [BUTTONS.servicedesk]),
      );
      return step.endDialog();
    }
    const check = checkCart(lookup.contact, lookup.school, cart);
    // The cart and the verdict on it in one message: one round trip to the channel instead of two.
    const checkText = this.deps.templates.render('cartCheck', { check, cart, school: lookup.school });
    // "kun jij bestellen?", "kan ik de A3 zelf verlagen?": who does that, and where, before the cart it is about.
    const asked = asksCartAction((step.options as DialogStartOptions).utterance);
    if (asked) {
      const ordered = cart.status === 'ordered' || cart.status === 'completed';
      await context.sendActivity(
        this.deps.templates.render('cartAction', { check, ordered, where: asked === 'where', school: lookup.school }),
      );
    }
    const asking =
      check.mayClaim && check.extraBasispakkettenNeeded > 0 && (cart.status === 'ready' || cart.status === 'claimed');
    // The question is the card's last line, with its buttons under it: one message, read top to bottom.
    const question = asking ? this.deps.templates.render('askExtraHelp') : undefined;
    const message = this.cartMessage(step, lookup.contact, lookup.school, cart, check, { text: checkText, question });
    if (!check.mayClaim) {
      await context.sendActivity(withButtonsOn(message, [BUTTONS.dialogs.claim_request, BUTTONS.servicedesk]));
      return step.endDialog();
    }
    if (asking) {
      // Sent here rather than as the prompt, which would keep the whole card in dialog state until answered.
      await context.sendActivity(asQuestion(withButtonsOn(message, [BUTTONS.yes, BUTTONS.no])));
      return step.prompt(YES_NO, {
        prompt: withButtons(this.deps.templates.render('askExtraHelp'), [BUTTONS.yes, BUTTONS.no]),
        retryPrompt: withButtons(this.deps.templates.render('yesNoRetry'), [BUTTONS.yes, BUTTONS.no]),
      });
    }
    await context.sendActivity(message);
    return step.endDialog();
  }

  private async explain(step: WaterfallStepContext) {
    if (parseYesNo(step.result as string)) {
      const entry = this.deps.knowledge.entry('1.9')!;
      await step.context.sendActivity(`${entry.answer}\n\n(FAQ 1.9)`);
    } else {
      await step.context.sendActivity(this.deps.templates.render('okAnythingElse'));
    }
    return step.endDialog();
  }

  private cartMessage(
    step: WaterfallStepContext,
    contact: Contact,
    school: School,
    cart: Cart,
    check: ReturnType<typeof checkCart>,
    around: { text: string; question?: string },
  ) {
    const { templates } = this.deps;
    const status = templates.render('cartStatus', { status: cart.status, claimedBy: cart.claimedBy });
    const referenceDate = dutchDate(cart.referenceDate);
    const fallbackText = this.deps.templates.render('cartSummary', { cart, school, status, referenceDate, check });
    const verdict = templates.render('cardTexts', {
      text: 'verdict',
      extra: check.extraBasispakkettenNeeded,
      cost: check.extraCost,
    });
    return cardOrText(
      step.context,
      this.deps.templates,
      'cartCard.json',
      {
        fallbackText,
        title: templates.render('cardTexts', { text: 'cartTitle', year: cart.year, school: school.name }),
        status,
        referenceDate,
        heldText: templates.render('cardTexts', { text: 'held', held: check.basispakkettenHeld }),
        cart: { ...cart, lines: cart.lines.map((l) => ({ ...l, quantityText: String(l.quantity) })) },
        verdict,
        verdictColor: check.extraBasispakkettenNeeded > 0 ? 'Attention' : 'Good',
        contact: contact.name,
      },
      around,
    );
  }
}
