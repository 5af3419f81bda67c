/**
 * Who is talking, as vouched for by the channel (see bot/identity.ts for how it is resolved).
 * Dialogs and adapters only ever see this, never what the user typed about themselves.
 */
export type Identity =
  | { kind: 'anonymous'; userId: string }
  | { kind: 'verified'; userId: string; aadObjectId: string; source: 'teams' | 'webchat' | 'development' };

/** The form of a Microsoft Entra ID object id and of a Microsoft App ID: a GUID. */
export const isObjectId = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
