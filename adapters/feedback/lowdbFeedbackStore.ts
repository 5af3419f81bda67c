import path from 'node:path';
import { stripInvisible } from '../freeText.js';
import { JsonFileStore } from '../lowdbFile.js';
import type { FeedbackRecord, FeedbackStore, UnansweredRecord } from './feedbackStore.js';

interface FeedbackData {
  feedback: FeedbackRecord[];
  unanswered: UnansweredRecord[];
}

/** Questions longer than this are cut: editors need the gist, and the file must stay small. */
const MAX_QUESTION = 500;

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

const cleanQuestion = (question: string) => maskPersonalData(question.slice(0, MAX_QUESTION));

export class LowdbFeedbackStore implements FeedbackStore {
  private readonly store: JsonFileStore<FeedbackData>;

  constructor(dataDir: string) {
    this.store = new JsonFileStore<FeedbackData>(path.join(dataDir, 'feedback.json'), { feedback: [], unanswered: [] });
  }

  recordFeedback(record: FeedbackRecord): Promise<void> {
    return this.store.update((d) => void d.feedback.push({ ...record, question: cleanQuestion(record.question) }));
  }

  recordUnanswered(record: UnansweredRecord): Promise<void> {
    return this.store.update((d) => void d.unanswered.push({ ...record, question: cleanQuestion(record.question) }));
  }

  /** Deletes feedback and unanswered questions recorded before `cutoff`; returns how many. */
  removeOlderThan(cutoff: Date): Promise<number> {
    return this.store.update((d) => {
      const before = d.feedback.length + d.unanswered.length;
      d.feedback = d.feedback.filter((f) => new Date(f.at) >= cutoff);
      d.unanswered = d.unanswered.filter((u) => new Date(u.at) >= cutoff);
      return before - d.feedback.length - d.unanswered.length;
    });
  }

  async list(): Promise<FeedbackData> {
    const d = await this.store.read();
    return { feedback: [...d.feedback], unanswered: [...d.unanswered] };
  }
}
