import type { ClarifiedRecord, FeedbackData, FeedbackRecord, UnansweredRecord } from '../../domain/feedback.js';

export type { ClarifiedRecord, FeedbackData, FeedbackRecord, UnansweredRecord } from '../../domain/feedback.js';

export interface FeedbackStore {
  recordFeedback(record: FeedbackRecord): Promise<void>;
  recordUnanswered(record: UnansweredRecord): Promise<void>;
  recordClarified(record: ClarifiedRecord): Promise<void>;
  /** Notes which offered entry the user clicked; a record that no longer exists is ignored. */
  recordClarifyChoice(recordId: string, entryId: string): Promise<void>;
  list(): Promise<FeedbackData>;
}
