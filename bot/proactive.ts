import type { CloudAdapter } from 'botbuilder';
import type { ContinueConversation } from './handoffCoordinator.js';
import { EMBEDDED_SERVICE_URL, type DirectLineAdapter } from './webchat/directLineAdapter.js';

/**
 * Proactive messages (an agent's reply, a handoff notice) go out through the adapter that serves the
 * conversation's channel: the embedded Direct Line in-process, every other channel through the Bot Framework.
 */
export function continueOnChannel(
  cloud: CloudAdapter,
  appId: string,
  directLine: DirectLineAdapter,
): ContinueConversation {
  return (reference, logic) =>
    reference.serviceUrl === EMBEDDED_SERVICE_URL
      ? directLine.continueConversation(reference, logic)
      : cloud.continueConversationAsync(appId, reference, logic);
}
