import { TextPrompt, type PromptOptions } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';

/**
 * A text prompt whose question already went out with the message before it (a cart card or order list and its
 * question in one message, so one connector call and no card kept in dialog state). It stays quiet when it
 * begins and sends its short `prompt` only when asked again ("help" re-asks); retries work as usual.
 */
export class FollowUpPrompt extends TextPrompt {
  protected override async onPrompt(
    context: TurnContext,
    state: { asked?: boolean },
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    if (!isRetry && !state.asked) {
      state.asked = true;
      return;
    }
    await super.onPrompt(context, state, options, isRetry);
  }
}
