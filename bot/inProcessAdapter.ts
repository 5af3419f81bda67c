import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';

/**
 * A Bot Framework adapter whose turns run in this process and whose replies go to `deliver` instead of a
 * channel's connector service: the terminal chat and the embedded Direct Line channel.
 */
export abstract class InProcessAdapter extends BotAdapter {
  constructor(private readonly name: string) {
    super();
  }

  /** Hands one outgoing activity to whoever shows it; returns its id. */
  protected abstract deliver(context: TurnContext, activity: Partial<Activity>): string;

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((activity) => ({
      id: activity.type === 'delay' || activity.type === 'invokeResponse' ? '' : this.deliver(context, activity),
    }));
  }

  async updateActivity(): Promise<void> {
    throw new Error(`${this.name}: updating sent activities is not supported`);
  }

  async deleteActivity(): Promise<void> {
    throw new Error(`${this.name}: deleting sent activities is not supported`);
  }

  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: 'event', name: 'continueConversation' },
      reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
