import type { DialogName } from '../knowledge/types.js';

/** What an elliptical follow-up asks about the previous turn's topic. */
export type FollowUp = { kind: 'price' } | { kind: 'duration' } | { kind: 'who' } | { kind: 'person'; name: string };

/** What a follow-up resolves to: another FAQ entry (answered as usual) or one of the follow-up texts. */
export type FollowUpTarget = { entry: string } | { text: 'a1Price' | 'a1Duration' | 'whoClaims' } | { person: string };

const NOT_A_NAME = new Set([
  'dat',
  'dit',
  'die',
  'dan',
  'wat',
  'hoe',
  'wie',
  'ik',
  'jij',
  'je',
  'mij',
  'ons',
  'onze',
  'hem',
  'haar',
  'de',
  'het',
  'een',
  'nu',
  'verder',
  'zo',
  'waarom',
  'wanneer',
  'waar',
  'welke',
  'hij',
  'zij',
  'we',
  'wij',
  'jullie',
  'u',
  'mijn',
  'school',
  'a1',
  'a3',
  'ok',
  'oke',
  'toch',
  'ook',
  'nog',
  'daarna',
  'later',
  'bovendien',
  'basispakketten',
  'licenties',
]);

/**
 * Reads a short follow-up that leans on the previous turn: "en wat kost dat?", "en hoe lang duurt dat dan?",
 * "en voor bram?". Anything longer or self-contained is a new question and goes to the FAQ as usual.
 */
export function readFollowUp(text: string): FollowUp | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[?!.]+$/, '')
    .replace(/\s+/g, ' ');
  if (!t || t.split(' ').length > 8) return undefined;
  const leaning =
    /^(en|maar|dus|ok|oke|oké|en dan|ja maar|ja en)\b/.test(t) || /\b(dat|dit|die|daar|dan|het)\b/.test(t);
  if (!leaning) return undefined;
  // "wat kost dat basispakket?" names what it is about: a question of its own, not a follow-up.
  const named =
    /\b(basispakket\w*|pakket\w*|a1|a3|licentie\w*|winkelwagen|cart|factuur|order|bestelling\w*|levering|registratie)\b/.test(
      t,
    );
  if (!named && /\b(kost|kosten|prijs|betalen|bedrag|euro)\b/.test(t)) return { kind: 'price' };
  if (!named && /\b(hoe ?lang|duurt|hoe snel)\b/.test(t)) return { kind: 'duration' };
  if (/^(en |maar )?wie (mag|kan|moet|kun)\b/.test(t)) return { kind: 'who' };
  const person = /^en (?:voor |als |met |bij |geldt dat ook voor )?([\p{L}][\p{L}'-]+)( [\p{L}][\p{L}'-]+)?$/u.exec(t);
  if (person && !NOT_A_NAME.has(person[1])) return { kind: 'person', name: `${person[1]}${person[2] ?? ''}` };
  return undefined;
}

/** Topics a price question continues to the basispakket price (FAQ 3.3): more A3, extra basispakketten, the cart. */
const PRICE_OF_BASISPAKKET = new Set(['1.1', '1.5', '1.7', '1.9', '3.1', '3.2', '3.3', 'cart_status']);
/** Topics after which "how long" means delivery of the registration (FAQ 2.2). */
const DELIVERY = new Set(['1.10', '2.1', '2.2', '2.3', '2.4', 'order_status']);
/** Topics about who may claim (FAQ 1.6, 1.3). */
const CLAIMING = new Set(['1.3', '1.6', 'claim_request', 'cart_status']);

/** Where a follow-up leads after `topic` (an FAQ entry id or a dialog name); undefined: read it on its own. */
export function resolveFollowUp(
  followUp: FollowUp,
  topic: string | DialogName | undefined,
): FollowUpTarget | undefined {
  if (!topic) return undefined;
  switch (followUp.kind) {
    case 'price':
      if (topic === '1.8') return { text: 'a1Price' };
      return PRICE_OF_BASISPAKKET.has(topic) ? { entry: '3.3' } : undefined;
    case 'duration':
      if (topic === '1.8') return { text: 'a1Duration' };
      return DELIVERY.has(topic) ? { entry: '2.2' } : undefined;
    case 'person':
      return CLAIMING.has(topic) ? { person: followUp.name } : undefined;
    case 'who':
      return CLAIMING.has(topic) ? { text: 'whoClaims' } : undefined;
  }
}
