import { PortalError, type Contact, type PortalAdapter, type School } from '../adapters/portal/portalAdapter.js';
import type { Identity } from '../domain/identity.js';

export type AccountLookup =
  | { kind: 'ok'; contact: Contact; school: School }
  | { kind: 'anonymous' }
  | { kind: 'unknown' }
  | { kind: 'portal-error'; error: PortalError };

/**
 * The contact and school behind a verified identity. The customer number comes from the portal's answer
 * for that identity only, so nothing a user types can point the dialogs at another school.
 */
export async function lookUpAccount(identity: Identity, portal: PortalAdapter): Promise<AccountLookup> {
  if (identity.kind !== 'verified') return { kind: 'anonymous' };
  try {
    const contact = await portal.contactByIdentity(identity.aadObjectId);
    if (!contact) return { kind: 'unknown' };
    return { kind: 'ok', contact, school: await portal.school(contact.customerNumber) };
  } catch (err) {
    if (err instanceof PortalError) return { kind: 'portal-error', error: err };
    throw err;
  }
}
