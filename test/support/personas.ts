import { DEMO_IDENTITIES } from '../../adapters/portal/demoData.js';

/** The demo identities of the design brief, as Teams presents them (`from.aadObjectId`), plus a stranger. */
export const PERSONAS = {
  ...DEMO_IDENTITIES,
  stranger: { name: 'Onbekende Gebruiker', aadObjectId: '99999999-9999-4999-8999-999999999999' },
} as const;

export type PersonaName = keyof typeof PERSONAS;
