/** What editors need to improve the FAQ: answers people found unhelpful and questions without an answer. */
export interface FeedbackRecord {
  entryId: string;
  question: string;
  helpful: boolean;
  at: string;
}

export interface UnansweredRecord {
  question: string;
  at: string;
}

/** A question the bot was unsure about: it offered these entries ("Bedoel je een van deze vragen?"). */
export interface ClarifiedRecord {
  /** Identifies the record, so the user's click on one of the offered entries can be added to it. */
  id: string;
  question: string;
  candidates: Array<{ id: string; score: number }>;
  /** The offered entry the user clicked, if any: the strongest hint where the question belongs. */
  chosen?: string;
  at: string;
}

export interface FeedbackData {
  feedback: FeedbackRecord[];
  unanswered: UnansweredRecord[];
  clarified: ClarifiedRecord[];
}
