import path from 'node:path';
import { JsonFileStore } from '../lowdbFile.js';
import type { FeedbackRecord, FeedbackStore, UnansweredRecord } from './feedbackStore.js';

interface FeedbackData {
  feedback: FeedbackRecord[];
  unanswered: UnansweredRecord[];
}

/** Questions longer than this are cut: editors need the gist, and the file must stay small. */
const MAX_QUESTION = 500;

export class LowdbFeedbackStore implements FeedbackStore {
  private readonly store: JsonFileStore<FeedbackData>;

  constructor(dataDir: string) {
    this.store = new JsonFileStore<FeedbackData>(path.join(dataDir, 'feedback.json'), { feedback: [], unanswered: [] });
  }

  recordFeedback(record: FeedbackRecord): Promise<void> {
    return this.store.update((d) => void d.feedback.push({ ...record, question: record.question.slice(0, MAX_QUESTION) }));
  }

  recordUnanswered(record: UnansweredRecord): Promise<void> {
    return this.store.update((d) => void d.unanswered.push({ ...record, question: record.question.slice(0, MAX_QUESTION) }));
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
