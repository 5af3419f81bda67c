import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { DirectLineStore } from './directLineStore.js';

/** The serviceUrl of conversations on the embedded Direct Line channel: replies never leave the process. */
export const EMBEDDED_SERVICE_URL = 'embedded://directline';

/**
 * The bot's adapter for the embedded Direct Line channel: turns run in-process and replies are appended to
 * the conversation, where Web Chat picks them up by polling.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly store: DirectLineStore) {
    super();
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    return activities.map((activity) => {
      if (activity.type === 'delay' || activity.type === 'invokeResponse') return { id: '' };
      const stored = this.store.append(conversationId, {
        ...activity,
        from: activity.from ?? context.activity.recipient,
        conversation: { id: conversationId } as Activity['conversation'],
        channelId: 'webchat',
      });
      return { id: stored?.id ?? '' };
    });
  }

  async updateActivity(): Promise<void> {
    throw new Error('DirectLineAdapter: updating sent activities is not supported on the embedded Direct Line channel');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('DirectLineAdapter: deleting sent activities is not supported on the embedded Direct Line channel');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
