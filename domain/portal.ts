import { z } from 'zod';
import { placeIndex, PLACE_WORDS } from './listPlace.js';

/**
 * What the SLB portal tells the bot about a school, one schema each: the single source of the shape. The types
 * are inferred from them, HttpPortal validates every answer with them, and a test holds the REST contract
 * (adapters/portal/openapi.yaml) to them.
 */

export const contactSchema = z.object({
  aadObjectId: z.string(),
  name: z.string(),
  email: z.string(),
  customerNumber: z.string(),
  /** `first`: the 1e contactpersoon, the only one who may claim the cart (FAQ 1.6). */
  role: z.enum(['first', 'other']),
});
export type Contact = z.infer<typeof contactSchema>;

export const schoolSchema = z.object({
  customerNumber: z.string(),
  name: z.string(),
  /** Basispakketten held and invoiced in October (per 15-10-2025); not in the cart (FAQ 1.5). */
  basispakketten: z.number().int().nonnegative(),
  /** Basispakketten at contract start (1-1-2022): the minimum (FAQ 3.2). */
  basispakkettenAtContractStart: z.number().int().nonnegative(),
  firstContactName: z.string(),
});
export type School = z.infer<typeof schoolSchema>;

export const cartStatusSchema = z.enum(['ready', 'claimed', 'ordered', 'completed']);
export type CartStatus = z.infer<typeof cartStatusSchema>;

export const cartLineSchema = z.object({
  product: z.string(),
  /** `a3`: Microsoft A3 licenses; `basispakket`: extra basispakketten added to the cart (FAQ 1.9). */
  kind: z.enum(['a3', 'basispakket', 'other']),
  quantity: z.number().int().nonnegative(),
});
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartSchema = z.object({
  year: z.number().int(),
  status: cartStatusSchema,
  /** Name of the contact who claimed it, when claimed. */
  claimedBy: z.string().optional(),
  /** Pre-filled with the additional licenses held on this date (FAQ 1.1). */
  referenceDate: z.string(),
  lines: z.array(cartLineSchema),
});
export type Cart = z.infer<typeof cartSchema>;

export const orderSchema = z.object({
  orderNumber: z.string(),
  date: z.string(),
  description: z.string(),
  /** As the portal shows it in Bestelhistorie, e.g. `Afgerond`, `In behandeling`. */
  status: z.string(),
  /** True for the order that came from the registration cart. */
  registration: z.boolean(),
  lines: z.array(z.object({ product: z.string(), quantity: z.number().int().nonnegative() })),
});
export type Order = z.infer<typeof orderSchema>;

export const licenseSchema = z.object({
  product: z.string(),
  quantity: z.number().int().nonnegative(),
  startDate: z.string(),
  endDate: z.string(),
});
export type License = z.infer<typeof licenseSchema>;

/** An order number as the portal writes it (ORD-2025-008765), also typed in lower case or without dashes. */
export const ORDER_NUMBER = /\bORD-?\d{4}-?\d{1,6}\b/i;

/** The first order number in a message, as typed; undefined when it names none. */
export const orderNumberIn = (text: string): string | undefined => ORDER_NUMBER.exec(text)?.[0];

const ORDINAL_ORDER = new RegExp(`\\b(${PLACE_WORDS})\\s+(?:order|bestelling)\\b`, 'i');
const SHORT_ORDER_NUMBER = /\b(?:order|bestelling|ordernummer)\s*(?:nr\.?\s*|nummer\s*)?(\d{3,6})\b/i;

/**
 * The one order of `orders` a message names: by its number, by the last digits after "order" ("order 4211"), or by
 * its place ("de tweede order", in the order given); undefined when it names none, or more than one.
 */
export function orderNamedIn<T extends { orderNumber: string }>(text: string, orders: readonly T[]): T | undefined {
  const bare = (n: string) => n.toUpperCase().replace(/-/g, '');
  const full = orderNumberIn(text);
  if (full) return orders.find((o) => bare(o.orderNumber) === bare(full));
  const digits = SHORT_ORDER_NUMBER.exec(text)?.[1];
  if (digits) {
    const matching = orders.filter((o) => o.orderNumber.replace(/\D/g, '').endsWith(digits.replace(/^0+/, '')));
    return matching.length === 1 ? matching[0] : undefined;
  }
  const place = ORDINAL_ORDER.exec(text)?.[1].toLowerCase();
  const at = place === undefined ? undefined : placeIndex(place, orders.length);
  return at === undefined ? undefined : orders[at];
}

/** The message names an order by number or place, so it is about that order, not the cart ("wat zat er in order 4211"). */
export const namesAnOrder = (text: string): boolean =>
  Boolean(orderNumberIn(text) || SHORT_ORDER_NUMBER.test(text) || ORDINAL_ORDER.test(text));
