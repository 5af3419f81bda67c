import { demoPortalData } from '../../adapters/portal/demoData.js';
import { checkCart } from '../../domain/registrationRules.js';

const data = demoPortalData();
const [anna, bram] = data.contacts;
const lyceum = data.schools[0];

describe('registration rules', () => {
  it('needs 20 extra basispakketten for 120 A3 licenses on 100 held: 20 x EUR 74,67 = EUR 1.493,40', () => {
    const check = checkCart(anna, lyceum, data.carts['100001']);
    expect(check).toEqual(
      expect.objectContaining({
        a3Licenses: 120,
        basispakkettenHeld: 100,
        extraBasispakkettenNeeded: 20,
        extraCost: 1493.4,
        mayClaim: true,
      }),
    );
  });

  it('counts extra basispakketten already added to the cart', () => {
    const cart = {
      ...data.carts['100001'],
      lines: [...data.carts['100001'].lines, { product: 'Basispakket', kind: 'basispakket' as const, quantity: 15 }],
    };
    expect(checkCart(anna, lyceum, cart).extraBasispakkettenNeeded).toBe(5);
  });

  it('never asks for a negative number', () => {
    expect(checkCart(anna, { ...lyceum, basispakketten: 500 }, data.carts['100001']).extraBasispakkettenNeeded).toBe(0);
    // 500 held for 120 A3 in the cart: 380 more A3 need no extra basispakket.
    expect(checkCart(anna, { ...lyceum, basispakketten: 500 }, data.carts['100001']).spareBasispakketten).toBe(380);
    expect(checkCart(anna, lyceum, data.carts['100001']).spareBasispakketten).toBe(0);
  });

  it('lets only the 1e contactpersoon claim, and names who can', () => {
    expect(checkCart(bram, lyceum, data.carts['100001'])).toEqual(
      expect.objectContaining({ mayClaim: false, firstContactName: 'Anna de Vries' }),
    );
  });
});
