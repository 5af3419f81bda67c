import type { Cart, Contact, License, Order, School } from './portalAdapter.js';

/** The demo data of the design brief: what `npm start` runs on, and what tests and demos rely on. */
export interface PortalData {
  contacts: Contact[];
  schools: School[];
  carts: Record<string, Cart>;
  orders: Record<string, Order[]>;
  licenses: Record<string, License[]>;
}

export const DEMO_IDENTITIES = {
  anna: { name: 'Anna de Vries', aadObjectId: '11111111-1111-4111-8111-111111111111' },
  bram: { name: 'Bram Jansen', aadObjectId: '22222222-2222-4222-8222-222222222222' },
  carla: { name: 'Carla Bakker', aadObjectId: '33333333-3333-4333-8333-333333333333' },
} as const;

export function demoPortalData(): PortalData {
  return {
    contacts: [
      { ...DEMO_IDENTITIES.anna, email: 'a.devries@demolyceum.nl', customerNumber: '100001', role: 'first' },
      { ...DEMO_IDENTITIES.bram, email: 'b.jansen@demolyceum.nl', customerNumber: '100001', role: 'other' },
      { ...DEMO_IDENTITIES.carla, email: 'c.bakker@voorbeeldcollege.nl', customerNumber: '100002', role: 'first' },
    ],
    schools: [
      {
        customerNumber: '100001',
        name: 'Demo Lyceum',
        basispakketten: 100,
        basispakkettenAtContractStart: 90,
        firstContactName: 'Anna de Vries',
      },
      {
        customerNumber: '100002',
        name: 'Voorbeeld College',
        basispakketten: 250,
        basispakkettenAtContractStart: 250,
        firstContactName: 'Carla Bakker',
      },
    ],
    carts: {
      '100001': {
        year: 2026,
        status: 'ready',
        referenceDate: '2025-11-11',
        lines: [
          { product: 'Microsoft 365 A3 medewerkers', kind: 'a3', quantity: 120 },
          { product: 'Visio Plan 2', kind: 'other', quantity: 4 },
        ],
      },
      '100002': {
        year: 2026,
        status: 'ordered',
        claimedBy: 'Carla Bakker',
        referenceDate: '2025-11-11',
        lines: [{ product: 'Microsoft 365 A3 medewerkers', kind: 'a3', quantity: 240 }],
      },
    },
    orders: {
      '100001': [],
      '100002': [
        {
          orderNumber: 'ORD-2025-004211',
          date: '2025-06-12',
          description: 'Extra licenties 2025',
          status: 'Afgerond',
          registration: false,
          lines: [{ product: 'Project Plan 3', quantity: 3 }],
        },
        {
          orderNumber: 'ORD-2025-008765',
          date: '2025-11-18',
          description: 'Microsoft registratie 2026',
          status: 'In behandeling',
          registration: true,
          lines: [{ product: 'Microsoft 365 A3 medewerkers', quantity: 240 }],
        },
      ],
    },
    licenses: {
      '100001': [{ product: 'Basispakket', quantity: 100, startDate: '2026-01-01', endDate: '2026-12-31' }],
      '100002': [{ product: 'Basispakket', quantity: 250, startDate: '2026-01-01', endDate: '2026-12-31' }],
    },
  };
}
