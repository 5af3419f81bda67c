import type { ClarifiedRecord, FeedbackRecord, UnansweredRecord } from '../domain/feedback.js';
import { normalizeDutch } from './dutchAnalyzer.js';
import type { LearningSuggestion } from './learning.js';
import type { KnowledgeEntry } from './types.js';

export interface QuestionRow {
  question: string;
  count: number;
  last: string;
}

export interface ClarifiedRow extends QuestionRow {
  /** Entry ids the bot offered, most often offered first. */
  offered: string[];
  /** Entry id -> how often users clicked it among the offered ones. */
  chosen: Record<string, number>;
}

export interface EditorReport {
  unanswered: QuestionRow[];
  clarified: ClarifiedRow[];
  negative: Array<{ entryId: string; notHelpful: number; helpful: number; questions: string[] }>;
}

/** Two questions that differ only in case, accents, punctuation or spacing are the same question to an editor. */
export const questionKey = (question: string): string =>
  normalizeDutch(question)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const byFrequency = (a: QuestionRow, b: QuestionRow) => b.count - a.count || b.last.localeCompare(a.last);

/** Groups stored feedback so editors see the most frequent gaps first. */
export function buildReport({
  feedback,
  unanswered,
  clarified = [],
}: {
  feedback: FeedbackRecord[];
  unanswered: UnansweredRecord[];
  clarified?: ClarifiedRecord[];
}): EditorReport {
  const questions = new Map<string, QuestionRow>();
  for (const u of unanswered) {
    const key = questionKey(u.question);
    const row = questions.get(key) ?? { question: u.question, count: 0, last: u.at };
    row.count++;
    if (u.at > row.last) row.last = u.at;
    questions.set(key, row);
  }
  const unsure = new Map<string, ClarifiedRow & { offeredCount: Map<string, number> }>();
  for (const c of clarified) {
    const key = questionKey(c.question);
    const row = unsure.get(key) ?? {
      question: c.question,
      count: 0,
      last: c.at,
      offered: [],
      chosen: {},
      offeredCount: new Map<string, number>(),
    };
    row.count++;
    if (c.at > row.last) row.last = c.at;
    for (const { id } of c.candidates) row.offeredCount.set(id, (row.offeredCount.get(id) ?? 0) + 1);
    if (c.chosen) row.chosen[c.chosen] = (row.chosen[c.chosen] ?? 0) + 1;
    unsure.set(key, row);
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
    unanswered: [...questions.values()].sort(byFrequency),
    clarified: [...unsure.values()]
      .map(({ offeredCount, ...row }) => ({
        ...row,
        offered: [...offeredCount].sort((a, b) => b[1] - a[1]).map(([id]) => id),
      }))
      .sort(byFrequency),
    negative: [...byEntry.values()].filter((r) => r.notHelpful > 0).sort((a, b) => b.notHelpful - a.notHelpful),
  };
}

/** `suggestions`: where each unanswered or clarified question most likely belongs (see learning.ts), by question. */
export function formatEditorReport(
  report: EditorReport,
  entries: readonly KnowledgeEntry[],
  suggestions: readonly LearningSuggestion[] = [],
): string {
  const suggestionFor = new Map(suggestions.map((s) => [questionKey(s.question), s]));
  const entryQuestion = (id: string) => entries.find((e) => e.id === id)?.question ?? '(entry no longer exists)';
  const likely = (question: string): string[] => {
    const s = suggestionFor.get(questionKey(question));
    if (!s) return [];
    if (s.existing) return [`        already a phrasing of ${s.existing} (now: ${s.now})`];
    if (!s.likely) return [`        no likely entry (now: ${s.now})`];
    return [
      `        likely ${s.likely.id} (confidence ${s.likely.confidence.toFixed(2)}, now: ${s.now}): ${entryQuestion(s.likely.id)}`,
    ];
  };

  const lines = [`Unanswered questions (${report.unanswered.length}):`];
  for (const u of report.unanswered)
    lines.push(`  ${String(u.count).padStart(3)}x  ${u.question}`, ...likely(u.question));
  lines.push('', `Questions answered with suggestions (${report.clarified.length}):`);
  for (const c of report.clarified) {
    const clicks = Object.entries(c.chosen).map(([id, n]) => `${id} ${n}x`);
    lines.push(
      `  ${String(c.count).padStart(3)}x  ${c.question}`,
      `        offered ${c.offered.join(', ')}; clicked ${clicks.length ? clicks.join(', ') : 'none'}`,
      ...likely(c.question),
    );
  }
  lines.push('', `Answers marked not helpful (${report.negative.length}):`);
  for (const n of report.negative) {
    lines.push(`  ${n.entryId} (${n.notHelpful} not helpful, ${n.helpful} helpful): ${entryQuestion(n.entryId)}`);
    for (const q of n.questions.slice(0, 5)) lines.push(`        asked as: ${q}`);
  }
  const open = suggestions.filter((s) => !s.existing).length;
  if (open > 0) {
    lines.push(
      '',
      `${open} question(s) can be added to an entry's alternatives: npm run kb -- learn (asks per question),`,
      '  or npm run kb -- learn --accept "<question>" --entry <id>',
    );
  }
  return lines.join('\n');
}
