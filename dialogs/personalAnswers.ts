import type { Cart, CartStatus, Order } from '../adapters/portal/portalAdapter.js';
import {
  BASISPAKKET_PRICE_2025,
  BASISPAKKET_PRICE_2026,
  checkCart,
  REGISTRATION_YEAR,
  type CartCheck,
} from '../domain/registrationRules.js';
import type { Identity } from '../domain/identity.js';
import type { AccountDialogDeps } from './accountDialogDeps.js';
import { lookUpAccount } from './accountLookup.js';
import { PortalError } from './accountMessages.js';
import { BUTTONS } from '../messages/buttons.js';

/** FAQ entries whose answer depends on who asks (design brief), and what part of the rules they are about. */
const TOPIC_OF_ENTRY: Record<string, PersonalTopic> = {
  '1.5': 'held',
  '1.3': 'claim',
  '1.6': 'claim',
  '1.7': 'extra',
  '1.9': 'extra',
  '3.2': 'adjust',
  '3.3': 'price',
  '2.1': 'received',
  '2.4': 'received',
  '1.4': 'ordering',
};
export type PersonalTopic = 'claim' | 'extra' | 'adjust' | 'price' | 'received' | 'ordering' | 'held';

/** What goes around an FAQ answer for this user. */
export interface PersonalAnswer {
  /** What applies to the person asking (or, anonymously, the rule), said before the FAQ's text. */
  preface?: string;
  /** Anonymous: a hint that signing in shows what it means for their school. */
  signInHint: boolean;
  /** False when the entry's dialog is not for this person (a claim request for the 1e contactpersoon). */
  offerDialog?: boolean;
  /** A dialog to offer instead of the entry's own (asked who the 1e contactpersoon is: the change of contact). */
  dialog?: 'contact_change';
}

/** "Wie is onze 1e contactpersoon?": then the name is the answer, before anything about claiming. */
const WHO_IS_FIRST_CONTACT = /\b(wie|who)\b.*\b(1e|eerste|first|primary|hoofd)\s*contact/i;
/** "hoe kan ik 1e contactpersoon worden?": answered like who it is, with the change as the way to go. */
const BECOMING_FIRST_CONTACT =
  /\b(1e|eerste|first)\s*contact\s*persoon\s+(worden|maken|zetten|become)\b|\b(word|wordt|worden|become)\b.*\b(1e|eerste|first)\s*contact/i;

/** A question about lowering ("minder", "verlagen"): the minimum of FAQ 3.2 is then the first thing to say. */
const LOWERING = /\b(minder|verlag\w*|verminder\w*|omlaag|lager|opzeg\w*|afbouw\w*|terug naar)\b/i;

export const topicOfEntry = (entryId: string): PersonalTopic | undefined => TOPIC_OF_ENTRY[entryId];

const CART_STATUS_KEY: Record<CartStatus, string> = {
  ready: 'ready',
  claimed: 'claimed',
  ordered: 'ordered',
  completed: 'completed',
};

/**
 * For a signed-in user, an FAQ answer that depends on who they are starts with what applies to them: their role,
 * their school's numbers, the registration rules applied to their own cart. Only the portal's answer for the
 * channel's identity is used, so nobody sees another school's data. A portal failure leaves the FAQ text alone.
 */
export class PersonalAnswers {
  constructor(private readonly deps: AccountDialogDeps) {}

  async forEntry(entryId: string, question: string, identity: Identity): Promise<PersonalAnswer> {
    const topic = TOPIC_OF_ENTRY[entryId];
    if (!topic) return { signInHint: false };
    const common = {
      topic,
      lowering: LOWERING.test(question),
      whoIsFirst: topic === 'claim' && (WHO_IS_FIRST_CONTACT.test(question) || BECOMING_FIRST_CONTACT.test(question)),
      buttons: BUTTONS.dialogs,
      year: REGISTRATION_YEAR,
      previousYear: REGISTRATION_YEAR - 1,
      price: BASISPAKKET_PRICE_2026,
      previousPrice: BASISPAKKET_PRICE_2025,
    };
    const lookup = await lookUpAccount(identity, this.deps.portal);
    if (lookup.kind !== 'ok') {
      return {
        preface: this.render({ ...common, anonymous: true }),
        signInHint: lookup.kind === 'anonymous' && topic !== 'price',
      };
    }
    const { contact, school } = lookup;
    let cart: Cart | undefined;
    let check: CartCheck | undefined;
    let registration: Order | undefined;
    let orders: Order[] | undefined;
    try {
      cart = await this.deps.portal.cart(contact.customerNumber);
      if (cart) check = checkCart(contact, school, cart);
      if (topic === 'received' || topic === 'ordering') {
        orders = await this.deps.portal.orders(contact.customerNumber);
        registration = orders.find((o) => o.registration);
      }
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      this.deps.logger.warn(
        { err, kind: err.kind },
        'personal answer: portal call failed; answering from the FAQ only',
      );
      if (topic === 'received' || topic === 'ordering') return { signInHint: false };
    }
    const registrationText = registration
      ? this.deps.templates.render('registrationStatus', {
          order: registration,
          completed: registration.status === 'Afgerond',
          year: REGISTRATION_YEAR,
        })
      : undefined;
    const cartOrdered = cart?.status === 'ordered' || cart?.status === 'completed';
    const cartStatusText = cart
      ? this.deps.templates.render('cartStatus', { status: CART_STATUS_KEY[cart.status], claimedBy: cart.claimedBy })
      : undefined;
    const preface = this.render({
      ...common,
      school,
      contact,
      mayClaim: contact.role === 'first',
      check,
      cartStatusText,
      cartOpen: cart?.status === 'ready' || cart?.status === 'claimed',
      cartOrdered,
      registrationText,
      orderCount: orders?.length,
    });
    // No claim request for the 1e contactpersoon or for a cart already ordered, no correction form without an order.
    const offerDialog =
      !(topic === 'claim' && (contact.role === 'first' || cartOrdered)) &&
      !(topic === 'ordering' && orders?.length === 0);
    if (common.whoIsFirst) return { preface, signInHint: false, offerDialog: true, dialog: 'contact_change' };
    return { preface, signInHint: false, offerDialog };
  }

  /** The text for a follow-up that is not an FAQ entry: A1's price or delivery, who else may claim. */
  async followUpText(
    target: { text: string } | { person: string },
    identity: Identity,
  ): Promise<{ text: string; buttons: string[] }> {
    const lookup = await lookUpAccount(identity, this.deps.portal);
    const school = lookup.kind === 'ok' ? lookup.school : undefined;
    const mayClaim = lookup.kind === 'ok' && lookup.contact.role === 'first';
    // The claim request the reply mentions, for a contact who is not the 1e contactpersoon.
    const buttons =
      school && !mayClaim && ('person' in target || target.text === 'whoClaims') ? [BUTTONS.dialogs.claim_request] : [];
    if ('text' in target)
      return {
        text: this.deps.templates.render('followUp', { text: target.text, school, mayClaim, buttons: BUTTONS.dialogs }),
        buttons,
      };
    const wanted = target.person.toLowerCase();
    const first = school?.firstContactName.toLowerCase() ?? '';
    const isFirst = Boolean(school) && (first === wanted || first.split(' ')[0] === wanted);
    const person = target.person.replace(
      /(^|[\s-])(\p{L})/gu,
      (_m, before: string, letter: string) => before + letter.toUpperCase(),
    );
    return {
      text: this.deps.templates.render('followUp', { person, school, isFirst, mayClaim, buttons: BUTTONS.dialogs }),
      buttons: isFirst ? [] : buttons,
    };
  }

  private render(data: object): string | undefined {
    return this.deps.templates.render('personal', data).replace(/\n{3,}/g, '\n\n') || undefined;
  }
}
