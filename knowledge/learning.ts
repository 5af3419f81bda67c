import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { EditorReport } from './editorReport.js';
import { questionKey } from './editorReport.js';
import type { KnowledgeBase } from './knowledgeBase.js';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from './knowledgeLoader.js';
import type { KnowledgeEntry } from './types.js';

/**
 * Learning from use, the way QnA Maker's active learning does it: a question the bot could not answer, or
 * answered only with suggestions, is proposed as a new alternative phrasing of the entry it most likely
 * belongs to. An editor confirms; nothing is added on its own.
 */
export interface LearningSuggestion {
  question: string;
  /** How often it was asked (unanswered and clarified together). */
  count: number;
  /** The best-ranked entry for the question now (KnowledgeBase.explain) and its confidence. */
  likely?: { id: string; confidence: number };
  /** The offered entry users clicked most often after "Bedoel je een van deze vragen?". */
  chosen?: string;
  /** The entry `kb learn` proposes: what users clicked, else the likely entry if it is not a long shot. */
  suggested?: string;
  /** An entry that already has this question as its question or an alternative. */
  existing?: string;
  /** What the bot does with the question today: "answer 1.5", "clarify", "dialog cart_status", "fallback". */
  now: string;
}

/**
 * Below this confidence the likely entry is shown but not proposed: out-of-scope questions ("een beamer huren")
 * always have some best-ranked entry, and accepting it with one keystroke would teach the bot nonsense.
 */
export const MIN_SUGGESTION_CONFIDENCE = 0.2;

/** The best-ranked FAQ entry for a question (intents are not entries), with its confidence. */
export function likelyEntry(kb: KnowledgeBase, question: string): { id: string; confidence: number } | undefined {
  const best = kb.explain(question).explain.ranked.find((r) => r.target.kind === 'entry');
  return best && { id: best.target.id, confidence: Math.round(best.confidence * 1000) / 1000 };
}

/** The entry that already has `question` (compared as {@link questionKey}) as its question or an alternative. */
export function entryWithPhrasing(entries: readonly KnowledgeEntry[], question: string): KnowledgeEntry | undefined {
  const key = questionKey(question);
  return entries.find((e) => [e.question, ...e.alternatives].some((p) => questionKey(p) === key));
}

/** One suggestion per distinct unanswered or clarified question, most frequent first. */
export function suggestAlternatives(report: EditorReport, kb: KnowledgeBase): LearningSuggestion[] {
  const byKey = new Map<string, LearningSuggestion & { clicks: Record<string, number> }>();
  const add = (row: { question: string; count: number }, chosen: Record<string, number> = {}) => {
    const key = questionKey(row.question);
    const s = byKey.get(key) ?? { question: row.question, count: 0, now: '', clicks: {} };
    s.count += row.count;
    for (const [id, n] of Object.entries(chosen)) s.clicks[id] = (s.clicks[id] ?? 0) + n;
    byKey.set(key, s);
  };
  for (const row of report.unanswered) add(row);
  for (const row of report.clarified) add(row, row.chosen);
  return [...byKey.values()]
    .map(({ clicks, ...s }) => {
      const decision = kb.ask(s.question);
      const likely = likelyEntry(kb, s.question);
      const [chosen] = Object.entries(clicks).sort((a, b) => b[1] - a[1])[0] ?? [];
      const existing = entryWithPhrasing(kb.entries, s.question)?.id;
      const now =
        decision.decision === 'answer'
          ? `answer ${decision.id}`
          : decision.decision === 'dialog'
            ? `dialog ${decision.dialog}`
            : decision.decision;
      const suggested =
        chosen && kb.entry(chosen)
          ? chosen
          : likely && likely.confidence >= MIN_SUGGESTION_CONFIDENCE
            ? likely.id
            : undefined;
      return {
        ...s,
        now,
        ...(likely && { likely }),
        ...(chosen && { chosen }),
        ...(suggested && { suggested }),
        ...(existing && { existing }),
      };
    })
    .sort((a, b) => b.count - a.count);
}

export type AddAlternativeResult =
  | { status: 'added'; entry: KnowledgeEntry; file: string; question: string }
  | { status: 'duplicate'; entry: KnowledgeEntry; file: string; question: string };

export class LearningError extends Error {}

/**
 * Appends `question` to the `alternatives:` of entry `entryId` in its content file, keeping the file's comments
 * and layout (the yaml Document API round-trips our files byte for byte; the edit is refused if it would change
 * any existing line). A question that is already a phrasing of that entry is skipped; one that belongs to another
 * entry is refused. The knowledge is loaded again afterwards, and the file restored if it no longer loads.
 */
export function addAlternative(
  entryId: string,
  rawQuestion: string,
  knowledgeDir: string = DEFAULT_KNOWLEDGE_DIR,
): AddAlternativeResult {
  const question = rawQuestion.replace(/\s+/g, ' ').trim();
  if (!question) throw new LearningError('the question is empty');
  const { entries } = loadKnowledge(knowledgeDir);
  const entry = entries.find((e) => e.id === entryId);
  if (!entry) throw new LearningError(`there is no entry "${entryId}"`);
  const file = entry.origin.file;
  const holder = entryWithPhrasing(entries, question);
  if (holder?.id === entry.id) return { status: 'duplicate', entry, file, question };
  if (holder)
    throw new LearningError(`"${question}" is already a phrasing of entry ${holder.id}; remove it there first`);

  const before = readFileSync(file, 'utf8');
  const doc = parseDocument(before);
  const items = doc.get('entries');
  const node = isSeq(items)
    ? (items as YAMLSeq).items.find((item) => isMap(item) && String((item as YAMLMap).get('id')) === entryId)
    : undefined;
  if (!isMap(node)) throw new LearningError(`${file}: entry ${entryId} not found in the file`);
  const alternatives = node.get('alternatives');
  if (isSeq(alternatives) && alternatives.items.length > 0) alternatives.add(doc.createNode(question));
  else node.set('alternatives', doc.createNode([question]));
  const after = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  if (!onlyLinesAdded(before, after))
    throw new LearningError(`${file}: adding the alternative would reformat the file; add it by hand`);

  writeFileSync(file, after);
  try {
    const reloaded = loadKnowledge(knowledgeDir).entries.find((e) => e.id === entryId);
    if (!reloaded?.alternatives.includes(question))
      throw new LearningError(`${file}: entry ${entryId} does not list the new alternative after the edit`);
    return { status: 'added', entry: reloaded, file, question };
  } catch (err) {
    writeFileSync(file, before);
    throw err;
  }
}

/** True when every line of `before` is still in `after`, in order: the edit only inserted lines. */
function onlyLinesAdded(before: string, after: string): boolean {
  const old = before.split('\n');
  let i = 0;
  for (const line of after.split('\n')) if (i < old.length && line === old[i]) i++;
  return i === old.length;
}
