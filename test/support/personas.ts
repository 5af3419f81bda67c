/** The demo identities of the design brief, as Teams presents them (`from.aadObjectId`). */
export const PERSONAS = {
  anna: { name: 'Anna de Vries', aadObjectId: '11111111-1111-4111-8111-111111111111' },
  bram: { name: 'Bram Jansen', aadObjectId: '22222222-2222-4222-8222-222222222222' },
  carla: { name: 'Carla Bakker', aadObjectId: '33333333-3333-4333-8333-333333333333' },
  stranger: { name: 'Onbekende Gebruiker', aadObjectId: '99999999-9999-4999-8999-999999999999' },
} as const;

export type PersonaName = keyof typeof PERSONAS;
