import path from 'node:path';
import { JsonFileStore } from '../lowdbFile.js';
import { demoPortalData, type PortalData } from './demoData.js';
import {
  PortalError,
  type Cart,
  type Contact,
  type License,
  type Order,
  type PortalAdapter,
  type School,
} from './portalAdapter.js';

/** The embedded portal: lowdb in DATA_DIR, seeded with the brief's demo data on first start. */
export class EmbeddedPortal implements PortalAdapter {
  private readonly store: JsonFileStore<PortalData>;

  constructor(dataDir: string) {
    this.store = new JsonFileStore<PortalData>(path.join(dataDir, 'portal.json'), demoPortalData());
  }

  async contactByIdentity(aadObjectId: string): Promise<Contact | undefined> {
    const { contacts } = await this.store.read();
    const contact = contacts.find((c) => c.aadObjectId.toLowerCase() === aadObjectId.toLowerCase());
    return contact && structuredClone(contact);
  }

  async school(customerNumber: string): Promise<School> {
    const school = (await this.store.read()).schools.find((s) => s.customerNumber === customerNumber);
    if (!school) throw new PortalError('not-found', `school ${customerNumber} not found`);
    return structuredClone(school);
  }

  async cart(customerNumber: string): Promise<Cart | undefined> {
    const cart = (await this.store.read()).carts[customerNumber];
    return cart && structuredClone(cart);
  }

  async orders(customerNumber: string): Promise<Order[]> {
    return structuredClone((await this.store.read()).orders[customerNumber] ?? []);
  }

  async licenses(customerNumber: string): Promise<License[]> {
    return structuredClone((await this.store.read()).licenses[customerNumber] ?? []);
  }
}
