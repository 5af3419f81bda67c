import type { KbDecision } from '../knowledge/knowledgeBase.js';

/**
 * Corrections to the retrieval decision that depend on what the bot can look up, kept out of the retrieval
 * tuning on purpose (no example or lexicon changes): they only apply to a decision they name.
 * - "hebben jullie mijn correctie al verwerkt?" asks about the user's own servicedesk request (their ticket),
 *   not about their orders.
 * - "is onze bestelling goed binnengekomen?" is FAQ 2.1 (is my registration received?), which the bot answers
 *   from the user's real orders; retrieval does not know "binnengekomen".
 * - "kan ik de winkelwagen afronden?" asks who may claim and order the cart (FAQ 1.6, answered for the person).
 * - "hoeveel moeten we bijbetalen voor de extra pakketten" asks the basispakket price (FAQ 3.3, with their numbers).
 * - "ik wil een vraag stellen aan de servicedesk" starts the servicedesk request.
 * Each applies only when retrieval found nothing (or, for the first, picked the order list).
 */
const OWN_REQUEST =
  /\b(correctie|verzoek|ticket|melding|aanvraag|wijziging)\b.*\b(verwerkt|opgepakt|behandeld|gedaan|afgehandeld|status)\b|\b(status|stand)\b.*\b(correctie|verzoek|ticket|melding)\b/i;
const ORDER_RECEIVED =
  /\b(bestelling|order|registratie|aanvraag)\b.*\b(binnengekomen|binnen|aangekomen|ontvangen|goed aangekomen)\b|\b(binnengekomen|aangekomen|ontvangen)\b.*\b(bestelling|order|registratie)\b/i;

const TO_SERVICEDESK =
  /\b(vraag|verzoek)\b.*\b(servicedesk|helpdesk|jullie collega|een medewerker)\b.*\b(stellen|sturen|doorzetten|voorleggen|achterlaten)\b|\b(vraag|verzoek)\b\s+(stellen|sturen|achterlaten)\s+(aan|bij|voor)\s+(de\s+)?(servicedesk|helpdesk)\b|\b(mail|e-?mail)\w*\b.*\b(servicedesk|helpdesk)\b/i;
const MAY_I_CART =
  /\b(kan|mag|kun|moet)\s+(ik|wij|we|jij)\b.*\b(winkelwagen|cart)\b.*\b(claimen|afronden|bestellen|oppakken|afmaken|indienen|versturen|goedkeuren)\b/i;
const PRICE =
  /\b(kost|kosten|betalen|bijbetalen|prijs|bedrag|euro)\b.*\b(basispakket\w*|pakket\w*)\b|\b(basispakket\w*|pakket\w*)\b.*\b(kost|kosten|betalen|prijs)\b/i;

export function applyRoutingHints(text: string, decision: KbDecision): KbDecision {
  if (decision.smalltalk) return decision;
  if (
    OWN_REQUEST.test(text) &&
    (decision.decision === 'fallback' || (decision.decision === 'dialog' && decision.dialog === 'order_status'))
  ) {
    return { ...decision, decision: 'dialog', id: null, dialog: 'ticket_status' };
  }
  if (decision.decision !== 'fallback') return decision;
  if (TO_SERVICEDESK.test(text)) return { ...decision, decision: 'dialog', id: null, dialog: 'general_request' };
  if (ORDER_RECEIVED.test(text)) return { ...decision, decision: 'answer', id: '2.1', dialog: null };
  if (MAY_I_CART.test(text)) return { ...decision, decision: 'answer', id: '1.6', dialog: null };
  if (PRICE.test(text)) return { ...decision, decision: 'answer', id: '3.3', dialog: null };
  return decision;
}
