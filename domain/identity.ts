/**
 * Who is talking, as vouched for by the channel (see bot/identity.ts for how it is resolved).
 * Dialogs and adapters only ever see this, never what the user typed about themselves.
 */
export type Identity =
  | { kind: 'anonymous'; userId: string }
  | { kind: 'verified'; userId: string; aadObjectId: string; source: 'teams' | 'webchat' | 'development' };
