/** One message of a conversation, as kept for the servicedesk and for data-subject requests. */
export interface TranscriptEntry {
  at: string;
  channelId: string;
  conversationId: string;
  /** Who wrote it: the user, or the bot account (bot answers and relayed agent messages). */
  from: 'user' | 'bot';
  /** The user the conversation is with: Entra ID object id when the channel gives one, else the channel's user id. */
  user: string;
  text: string;
}

/** Where the bot's transcript logging writes, kept for the retention period (RETENTION_DAYS_CONVERSATIONS). */
export interface TranscriptStore {
  append(entry: TranscriptEntry): Promise<void>;
}
