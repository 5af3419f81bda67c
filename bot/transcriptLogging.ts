import type { Activity, TranscriptLogger } from 'botbuilder';
import type { TranscriptStore } from '../adapters/transcripts/transcriptStore.js';
import type { Logger } from '../config/logger.js';

/**
 * Feeds our transcript store from the SDK's TranscriptLoggerMiddleware: only messages with text, and only the
 * fields the servicedesk and data-subject requests need (no cards, no channel data).
 */
export class StoreTranscriptLogger implements TranscriptLogger {
  constructor(
    private readonly store: TranscriptStore,
    private readonly logger: Logger,
  ) {}

  /** Expects messages only: wrap it in {@link messagesOnly}, like every transcript logger the app builds. */
  logActivity(activity: Partial<Activity>): void {
    if (!activity.text || !activity.conversation) return;
    const fromUser = activity.from?.role === 'user';
    const person = fromUser ? activity.from : activity.recipient;
    this.store
      .append({
        at: new Date(activity.timestamp ?? Date.now()).toISOString(),
        channelId: activity.channelId ?? '',
        conversationId: activity.conversation.id,
        from: fromUser ? 'user' : 'bot',
        user: person?.aadObjectId ?? person?.id ?? '',
        text: activity.text,
      })
      .catch((err: Error) =>
        this.logger.error({ err, conversationId: activity.conversation?.id }, 'transcript append failed'),
      );
  }
}

/** Passes only message activities on (typing indicators, invokes and events are not part of a transcript). */
export function messagesOnly(logger: TranscriptLogger): TranscriptLogger {
  return {
    logActivity: (activity: Activity) => (activity.type === 'message' ? logger.logActivity(activity) : undefined),
  };
}
