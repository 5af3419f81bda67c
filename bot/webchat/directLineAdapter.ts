import type { Activity, TurnContext } from 'botbuilder';
import { InProcessAdapter } from '../inProcessAdapter.js';
import type { DirectLineStore } from './directLineStore.js';

/** The serviceUrl of conversations on the embedded Direct Line channel: replies never leave the process. */
export const EMBEDDED_SERVICE_URL = 'embedded://directline';

/**
 * The bot's adapter for the embedded Direct Line channel: turns run in-process and replies are appended to
 * the conversation, where Web Chat picks them up by polling.
 */
export class DirectLineAdapter extends InProcessAdapter {
  constructor(private readonly store: DirectLineStore) {
    super('DirectLineAdapter');
  }

  protected deliver(context: TurnContext, activity: Partial<Activity>): string {
    const conversationId = context.activity.conversation.id;
    const stored = this.store.append(conversationId, {
      ...activity,
      from: activity.from ?? context.activity.recipient,
      conversation: { id: conversationId } as Activity['conversation'],
      channelId: 'webchat',
    });
    return stored?.id ?? '';
  }
}
