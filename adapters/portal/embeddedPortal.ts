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

/**
 * The embedded portal: lowdb in DATA_DIR, seeded with the brief's demo data on first start. Read only: the data is
 * frozen once and handed out as is rather than copied per call (about 2 us a copy, up to
 * four calls a turn), so a caller that tried to change what the portal said would throw instead of changing it for
 * everyone.
 */
export class EmbeddedPortal implements PortalAdapter {
  private readonly store: JsonFileStore<PortalData>;
  private data: Promise<PortalData> | undefined;

  constructor(dataDir: string) {
    this.store = new JsonFileStore<PortalData>(path.join(dataDir, 'portal.json'), demoPortalData());
  }

  private read(): Promise<PortalData> {
    this.data ??= this.store.read().then((data) => deepFreeze(structuredClone(data)));
    return this.data;
  }

  async contactByIdentity(aadObjectId: string): Promise<Contact | undefined> {
    const { contacts } = await this.read();
    const contact = contacts.find((c) => c.aadObjectId.toLowerCase() === aadObjectId.toLowerCase());
    return contact;
  }

  async school(customerNumber: string): Promise<School> {
    const school = (await this.read()).schools.find((s) => s.customerNumber === customerNumber);
    if (!school) throw new PortalError('not-found', `school ${customerNumber} not found`);
    return school;
  }

  async cart(customerNumber: string): Promise<Cart | undefined> {
    const cart = (await this.read()).carts[customerNumber];
    return cart;
  }

  async orders(customerNumber: string): Promise<Order[]> {
    return (await this.read()).orders[customerNumber] ?? [];
  }

  async licenses(customerNumber: string): Promise<License[]> {
    return (await this.read()).licenses[customerNumber] ?? [];
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
