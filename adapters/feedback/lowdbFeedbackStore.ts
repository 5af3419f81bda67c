import path from 'node:path';
import { stripInvisible } from '../freeText.js';
import { JsonFileStore } from '../lowdbFile.js';
import type {
  ClarifiedRecord,
  FeedbackData,
  FeedbackRecord,
  FeedbackStore,
  UnansweredRecord,
} from './feedbackStore.js';

/** Questions longer than this are cut: editors need the gist, and the file must stay small. */
export const MAX_QUESTION = 500;

/**
 * Feedback is kept for editors, not linked to anyone, so personal data typed into a question must not be kept
 * either: e-mail addresses and phone numbers are masked before the question is stored (the rest of the text is
 * what editors need to improve the FAQ).
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Dutch and international numbers: 06-12345678, 020 123 4567, +31 6 1234 5678, 0031612345678 (8+ digits). */
const PHONE = /(?:\+|00)?\d(?:[\s().-]*\d){7,}/g;

export function maskPersonalData(text: string): string {
  return stripInvisible(text).replace(EMAIL, '[e-mailadres]').replace(PHONE, '[telefoonnummer]');
}

/** A question as feedback keeps it: cut, personal data masked. */
export const cleanQuestion = (question: string) => maskPersonalData(question.slice(0, MAX_QUESTION));

export class LowdbFeedbackStore implements FeedbackStore {
  private readonly store: JsonFileStore<FeedbackData>;

  constructor(dataDir: string) {
    this.store = new JsonFileStore<FeedbackData>(path.join(dataDir, 'feedback.json'), {
      feedback: [],
      unanswered: [],
      clarified: [],
    });
  }

  /** The data, with lists that files written before they existed lack. */
  private static complete(d: FeedbackData): FeedbackData {
    d.clarified ??= [];
    return d;
  }

  recordFeedback(record: FeedbackRecord): Promise<void> {
    return this.store.update((d) => void d.feedback.push({ ...record, question: cleanQuestion(record.question) }));
  }

  recordUnanswered(record: UnansweredRecord): Promise<void> {
    return this.store.update((d) => void d.unanswered.push({ ...record, question: cleanQuestion(record.question) }));
  }

  recordClarified(record: ClarifiedRecord): Promise<void> {
    return this.store.update(
      (d) =>
        void LowdbFeedbackStore.complete(d).clarified.push({
          ...record,
          question: record.question.slice(0, MAX_QUESTION),
        }),
    );
  }

  recordClarifyChoice(recordId: string, entryId: string): Promise<void> {
    return this.store.update((d) => {
      const record = LowdbFeedbackStore.complete(d).clarified.find((c) => c.id === recordId);
      if (record) record.chosen = entryId;
    });
  }

  /** Deletes feedback, unanswered and clarified questions recorded before `cutoff`; returns how many. */
  removeOlderThan(cutoff: Date): Promise<number> {
    return this.store.update((d) => {
      LowdbFeedbackStore.complete(d);
      const before = d.feedback.length + d.unanswered.length + d.clarified.length;
      d.feedback = d.feedback.filter((f) => new Date(f.at) >= cutoff);
      d.unanswered = d.unanswered.filter((u) => new Date(u.at) >= cutoff);
      d.clarified = d.clarified.filter((c) => new Date(c.at) >= cutoff);
      return before - d.feedback.length - d.unanswered.length - d.clarified.length;
    });
  }

  async list(): Promise<FeedbackData> {
    const d = LowdbFeedbackStore.complete(await this.store.read());
    return {
      feedback: [...d.feedback],
      unanswered: [...d.unanswered],
      clarified: d.clarified.map((c) => ({ ...c, candidates: [...c.candidates] })),
    };
  }
}
