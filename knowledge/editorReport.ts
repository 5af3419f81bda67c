import type { FeedbackRecord, UnansweredRecord } from '../domain/feedback.js';
import { normalizeDutch } from './dutchAnalyzer.js';
import type { KnowledgeEntry } from './types.js';

export interface EditorReport {
  unanswered: Array<{ question: string; count: number; last: string }>;
  negative: Array<{ entryId: string; notHelpful: number; helpful: number; questions: string[] }>;
}

/** Groups stored feedback so editors see the most frequent gaps first. */
export function buildReport({ feedback, unanswered }: { feedback: FeedbackRecord[]; unanswered: UnansweredRecord[] }): EditorReport {
  const questions = new Map<string, { question: string; count: number; last: string }>();
  for (const u of unanswered) {
    const key = normalizeDutch(u.question).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const row = questions.get(key) ?? { question: u.question, count: 0, last: u.at };
    row.count++;
    if (u.at > row.last) row.last = u.at;
    questions.set(key, row);
  }
  const byEntry = new Map<string, { entryId: string; notHelpful: number; helpful: number; questions: string[] }>();
  for (const f of feedback) {
    const row = byEntry.get(f.entryId) ?? { entryId: f.entryId, notHelpful: 0, helpful: 0, questions: [] };
    if (f.helpful) row.helpful++;
    else {
      row.notHelpful++;
      if (!row.questions.includes(f.question)) row.questions.push(f.question);
    }
    byEntry.set(f.entryId, row);
  }
  return {
    unanswered: [...questions.values()].sort((a, b) => b.count - a.count || b.last.localeCompare(a.last)),
    negative: [...byEntry.values()].filter((r) => r.notHelpful > 0).sort((a, b) => b.notHelpful - a.notHelpful),
  };
}

export function formatEditorReport(report: EditorReport, entries: readonly KnowledgeEntry[]): string {
  const lines = [`Unanswered questions (${report.unanswered.length}):`];
  for (const u of report.unanswered) lines.push(`  ${String(u.count).padStart(3)}x  ${u.question}`);
  lines.push('', `Answers marked not helpful (${report.negative.length}):`);
  for (const n of report.negative) {
    const entry = entries.find((e) => e.id === n.entryId);
    lines.push(`  ${n.entryId} (${n.notHelpful} not helpful, ${n.helpful} helpful): ${entry?.question ?? '(entry no longer exists)'}`);
    for (const q of n.questions.slice(0, 5)) lines.push(`        asked as: ${q}`);
  }
  return lines.join('\n');
}
