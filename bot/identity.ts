import type { Activity } from 'botbuilder';
import { isObjectId, type Identity } from '../domain/identity.js';

export type { Identity };

const DEVELOPMENT_CHANNELS = new Set(['emulator', 'terminal', 'test']);

export interface IdentityPolicy {
  /** True when MicrosoftAppId is set and every request is authenticated. */
  channelAuthEnabled: boolean;
  /** Server-side record of Web Chat conversations whose user was verified when the token was issued. */
  verifiedWebChatUser?: (conversationId: string) => string | undefined;
}

/**
 * Resolves who is talking from the channel, never from what they type.
 * - Teams: `from.aadObjectId`, which Bot Framework channel authentication vouches for.
 * - Web Chat: only an identity our own token endpoint verified and recorded server-side for the conversation
 *   (anything a browser puts into the activity, channelData included, is ignored).
 * - Emulator and the terminal chat: `from.aadObjectId` as sent, but only while channel authentication is off
 *   (local development), so a production bot never trusts it.
 */
export function resolveIdentity(activity: Partial<Activity>, policy: IdentityPolicy): Identity {
  const userId = activity.from?.id ?? 'unknown';
  const claimed = activity.from?.aadObjectId;
  // In Teams group chats and channels others read along: account data only in a personal chat.
  const personal = !activity.conversation?.conversationType || activity.conversation.conversationType === 'personal';
  if (activity.channelId === 'msteams' && personal && claimed && isObjectId(claimed)) {
    return { kind: 'verified', userId, aadObjectId: claimed.toLowerCase(), source: 'teams' };
  }
  const webchat = activity.conversation?.id ? policy.verifiedWebChatUser?.(activity.conversation.id) : undefined;
  if ((activity.channelId === 'directline' || activity.channelId === 'webchat') && webchat && isObjectId(webchat)) {
    return { kind: 'verified', userId, aadObjectId: webchat.toLowerCase(), source: 'webchat' };
  }
  if (
    !policy.channelAuthEnabled &&
    DEVELOPMENT_CHANNELS.has(activity.channelId ?? '') &&
    claimed &&
    isObjectId(claimed)
  ) {
    return { kind: 'verified', userId, aadObjectId: claimed.toLowerCase(), source: 'development' };
  }
  return { kind: 'anonymous', userId };
}
