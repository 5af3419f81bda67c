import type { Contact, Order, School } from '../adapters/portal/portalAdapter.js';
import type { TicketKind } from '../adapters/tickets/ticketStore.js';
import type { DialogName } from '../knowledge/types.js';
import { choice, emailAddress, freeText, futureDate, personName, wholeNumber, type FormField } from './formFields.js';

/** What a form knows about the user when it starts. */
export interface FormAccount {
  contact?: Contact;
  school?: School;
  orders?: Order[];
}

/**
 * One servicedesk request the bot collects: which questions, in what order, and the texts around them.
 * Texts are short and Dutch; the FAQ entry each form implements is named in `faq`.
 */
export interface TicketForm {
  dialog: DialogName;
  kind: TicketKind;
  title: string;
  faq?: string;
  /** `account`: a verified identity the portal knows; `any`: also anonymous visitors (unverified ticket). */
  audience: 'account' | 'any';
  needsOrders?: boolean;
  intro(account: FormAccount): string;
  fields(account: FormAccount): FormField[];
  filed(reference: string): string;
}

export const TICKET_FORMS: TicketForm[] = [
  {
    dialog: 'order_correction',
    kind: 'order_correction',
    title: 'Correctie op een order',
    faq: '1.4',
    audience: 'account',
    needsOrders: true,
    intro: () => 'Ik help je een correctie door te geven aan de servicedesk. Daarna zetten zij je winkelwagen weer voor je klaar (FAQ 1.4).',
    fields: ({ orders = [] }) => [
      choice('order', 'Order', 'Over welke order gaat het?', orders.map((o) => o.orderNumber)),
      freeText('wrong', 'Wat is er fout', 'Wat is er fout aan deze order?'),
      freeText('should', 'Hoe het moet zijn', 'Hoe moet het wel zijn? Noem de juiste aantallen of producten.'),
    ],
    filed: (ref) => `Je correctie is doorgegeven aan de servicedesk met referentie ${ref}. Zij zetten de winkelwagen weer voor je klaar. Belangrijk: plaats de bestelling pas opnieuw als je 100% zeker weet dat de order compleet is.`,
  },
  {
    dialog: 'contact_change',
    kind: 'contact_change',
    title: 'Wijziging contactpersoon',
    faq: '2.5',
    audience: 'account',
    intro: () => 'Ik geef een wijziging van een contactpersoon door aan de servicedesk. Staat er bij Microsoft een oud contactpersoon, dan ontvang je geen mails van Microsoft (FAQ 2.5).',
    fields: () => [
      choice('role', 'Welke rol', 'Welke contactpersoon wil je wijzigen?', ['Microsoft-contactpersoon', '1e contactpersoon']),
      personName('name', 'Nieuwe contactpersoon', 'Wat is de naam van de nieuwe contactpersoon?'),
      emailAddress('email', 'E-mailadres nieuwe contactpersoon', 'Wat is het e-mailadres van de nieuwe contactpersoon?'),
      futureDate('date', 'Ingangsdatum', 'Per wanneer gaat de wijziging in? Typ een datum (dag-maand-jaar) of kies "Per direct".'),
    ],
    filed: (ref) => `Je wijziging is doorgegeven aan de servicedesk met referentie ${ref}. Zij passen de contactpersoon aan en laten het je weten.`,
  },
  {
    dialog: 'basispakket_reduction',
    kind: 'basispakket_reduction',
    title: 'Verlaging aantal basispakketten',
    faq: '3.2',
    audience: 'account',
    intro: ({ school }) =>
      `Een verlaging van het aantal basispakketten gaat via de servicedesk. Let op: het aantal bij aanvang van de overeenkomst (1-1-22) geldt als minimum${school ? `; voor ${school.name} is dat ${school.basispakkettenAtContractStart}` : ''} (FAQ 3.2).`,
    fields: ({ school }) => [
      wholeNumber('number', 'Gewenst aantal basispakketten', `Hoeveel basispakketten wil je${school ? ` (nu ${school.basispakketten})` : ''}?`),
      freeText('reason', 'Reden', 'Wat is de reden van de verlaging?'),
    ],
    filed: (ref) => `Je verzoek is doorgegeven aan de servicedesk met referentie ${ref}. Zij nemen contact met je op om de mogelijkheden te bespreken.`,
  },
  {
    dialog: 'claim_request',
    kind: 'claim_request',
    title: 'Verzoek: winkelwagen claimen zonder 1e contactpersoon',
    faq: '1.6',
    audience: 'account',
    intro: ({ school }) =>
      `Alleen de 1e contactpersoon${school ? ` (${school.firstContactName})` : ''} kan de winkelwagen claimen. Kan die dat niet, dan regelt de servicedesk het met je (FAQ 1.6).`,
    fields: () => [freeText('reason', 'Waarom de 1e contactpersoon niet kan claimen', 'Waarom kan de 1e contactpersoon de winkelwagen niet claimen?')],
    filed: (ref) => `Je verzoek is doorgegeven aan de servicedesk met referentie ${ref}. Zij nemen contact met je op.`,
  },
  {
    dialog: 'general_request',
    kind: 'general_request',
    title: 'Vraag aan de servicedesk',
    audience: 'any',
    intro: () => 'Ik zet je vraag door naar de servicedesk van SLBdiensten. Zij antwoorden per e-mail.',
    fields: ({ contact }) => [
      freeText('question', 'Vraag', 'Wat is je vraag?'),
      ...(contact ? [] : [emailAddress('email', 'E-mailadres voor het antwoord', 'Op welk e-mailadres wil je antwoord krijgen?')]),
    ],
    filed: (ref) => `Je vraag is doorgegeven aan de servicedesk met referentie ${ref}. Je krijgt antwoord per e-mail.`,
  },
];
