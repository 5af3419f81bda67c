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
