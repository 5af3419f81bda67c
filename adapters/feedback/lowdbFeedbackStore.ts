import path from 'node:path';
import { JsonFileStore } from '../lowdbFile.js';
import type { ClarifiedRecord, FeedbackData, FeedbackRecord, FeedbackStore, UnansweredRecord } from './feedbackStore.js';

/** Questions longer than this are cut: editors need the gist, and the file must stay small. */
const MAX_QUESTION = 500;

export class LowdbFeedbackStore implements FeedbackStore {
  private readonly store: JsonFileStore<FeedbackData>;

  constructor(dataDir: string) {
    this.store = new JsonFileStore<FeedbackData>(path.join(dataDir, 'feedback.json'), { feedback: [], unanswered: [], clarified: [] });
  }

  /** The data, with lists that files written before they existed lack. */
  private static complete(d: FeedbackData): FeedbackData {
    d.clarified ??= [];
    return d;
  }

  recordFeedback(record: FeedbackRecord): Promise<void> {
    return this.store.update((d) => void d.feedback.push({ ...record, question: record.question.slice(0, MAX_QUESTION) }));
  }

  recordUnanswered(record: UnansweredRecord): Promise<void> {
    return this.store.update((d) => void d.unanswered.push({ ...record, question: record.question.slice(0, MAX_QUESTION) }));
  }

  recordClarified(record: ClarifiedRecord): Promise<void> {
    return this.store.update((d) => void LowdbFeedbackStore.complete(d).clarified.push({ ...record, question: record.question.slice(0, MAX_QUESTION) }));
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
    return { feedback: [...d.feedback], unanswered: [...d.unanswered], clarified: d.clarified.map((c) => ({ ...c, candidates: [...c.candidates] })) };
  }
}
