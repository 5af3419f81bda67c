import type { Cart, Contact, License, Order, School } from '../../domain/portal.js';

// The portal's data types live in domain/ (zod schemas, the single source); re-exported for the adapter's users.
export type { Cart, CartLine, CartStatus, Contact, License, Order, School } from '../../domain/portal.js';

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
