import type { FeedbackRecord, UnansweredRecord } from '../../domain/feedback.js';

export type { FeedbackRecord, UnansweredRecord } from '../../domain/feedback.js';

export interface FeedbackStore {
  recordFeedback(record: FeedbackRecord): Promise<void>;
  recordUnanswered(record: UnansweredRecord): Promise<void>;
  list(): Promise<{ feedback: FeedbackRecord[]; unanswered: UnansweredRecord[] }>;
}
