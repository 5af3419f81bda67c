import type { Cart, Contact, School } from './portal.js';

/** The registration this FAQ and the rules are about (Microsoft registratie 2026). */
export const REGISTRATION_YEAR = 2026;
/** Price per basispakket in 2026 (FAQ 3.3; it was EUR 71,80 in 2025). */
export const BASISPAKKET_PRICE_2026 = 74.67;
export const BASISPAKKET_PRICE_2025 = 71.8;

export interface CartCheck {
  a3Licenses: number;
  /** Invoiced in October and held; not in the cart (FAQ 1.5). */
  basispakkettenHeld: number;
  /** Extra basispakketten already added to the cart (FAQ 1.9). */
  basispakkettenInCart: number;
  /** 1 basispakket = 1 A3 license; the old margin no longer applies (FAQ 1.7, 1.9). */
  extraBasispakkettenNeeded: number;
  /** Basispakketten (held and in the cart) beyond the A3 licenses: that many more A3 need no extra basispakket. */
  spareBasispakketten: number;
  /** EUR per basispakket: the one place the price lives (replies show it from here). */
  pricePerBasispakket: number;
  extraCost: number;
  /** Only the 1e contactpersoon may claim the cart (FAQ 1.6). */
  mayClaim: boolean;
  firstContactName: string;
}

/** Applies the registration rules of the FAQ to a school's real cart. Pure, so it is tested on its own. */
export function checkCart(contact: Contact, school: School, cart: Cart): CartCheck {
  const sum = (kind: Cart['lines'][number]['kind']) =>
    cart.lines.filter((l) => l.kind === kind).reduce((n, l) => n + l.quantity, 0);
  const a3Licenses = sum('a3');
  const basispakkettenInCart = sum('basispakket');
  const extraBasispakkettenNeeded = Math.max(0, a3Licenses - school.basispakketten - basispakkettenInCart);
  return {
    a3Licenses,
    basispakkettenHeld: school.basispakketten,
    basispakkettenInCart,
    extraBasispakkettenNeeded,
    spareBasispakketten: Math.max(0, school.basispakketten + basispakkettenInCart - a3Licenses),
    pricePerBasispakket: BASISPAKKET_PRICE_2026,
    extraCost: Math.round(extraBasispakkettenNeeded * BASISPAKKET_PRICE_2026 * 100) / 100,
    mayClaim: contact.role === 'first',
    firstContactName: school.firstContactName,
  };
}
