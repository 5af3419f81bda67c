/**
 * What the bot needs from the SLB portal. Every call takes a customer number that the caller got from
 * `contactByIdentity` for the verified user, never from what the user typed.
 */
export interface PortalAdapter {
  /** The contact person behind a verified identity, or undefined when the portal does not know them. */
  contactByIdentity(aadObjectId: string): Promise<Contact | undefined>;
  school(customerNumber: string): Promise<School>;
  /** The school's registration cart, or undefined when none was prepared. */
  cart(customerNumber: string): Promise<Cart | undefined>;
  orders(customerNumber: string): Promise<Order[]>;
  licenses(customerNumber: string): Promise<License[]>;
}

export interface Contact {
  aadObjectId: string;
  name: string;
  email: string;
  customerNumber: string;
  /** `first`: the 1e contactpersoon, the only one who may claim the cart (FAQ 1.6). */
  role: 'first' | 'other';
}

export interface School {
  customerNumber: string;
  name: string;
  /** Basispakketten held and invoiced in October (per 15-10-2025); not in the cart (FAQ 1.5). */
  basispakketten: number;
  /** Basispakketten at contract start (1-1-2022): the minimum (FAQ 3.2). */
  basispakkettenAtContractStart: number;
  firstContactName: string;
}

export type CartStatus = 'ready' | 'claimed' | 'ordered' | 'completed';

export interface CartLine {
  product: string;
  /** `a3`: Microsoft A3 licenses; `basispakket`: extra basispakketten added to the cart (FAQ 1.9). */
  kind: 'a3' | 'basispakket' | 'other';
  quantity: number;
}

export interface Cart {
  year: number;
  status: CartStatus;
  /** Name of the contact who claimed it, when claimed. */
  claimedBy?: string;
  /** Pre-filled with the additional licenses held on this date (FAQ 1.1). */
  referenceDate: string;
  lines: CartLine[];
}

export interface Order {
  orderNumber: string;
  date: string;
  description: string;
  /** As the portal shows it in Bestelhistorie, e.g. `Afgerond`, `In behandeling`. */
  status: string;
  /** True for the order that came from the registration cart. */
  registration: boolean;
  lines: Array<{ product: string; quantity: number }>;
}

export interface License {
  product: string;
  quantity: number;
  startDate: string;
  endDate: string;
}

export type PortalErrorKind = 'unavailable' | 'timeout' | 'invalid-response' | 'not-found';

/** A portal call that failed; `kind` tells the dialog what to say. */
export class PortalError extends Error {
  constructor(
    readonly kind: PortalErrorKind,
    message: string,
  ) {
    super(`PortalAdapter: ${message}`);
    this.name = 'PortalError';
  }
}
