import { decide, DEFAULT_THRESHOLDS, type Decision, type DecisionThresholds } from './decisionPolicy.js';
import { DEFAULT_INDEX_OPTIONS, FaqIndex, type FaqIndexOptions, type SearchOutcome } from './faqIndex.js';
import { loadSmallTalk, SmallTalkRecogniser, type SmallTalkKind } from './smallTalk.js';
import type { IntentDefinition, KnowledgeContent, KnowledgeEntry } from './types.js';

export interface FaqSection {
  name: string;
  entries: KnowledgeEntry[];
}

/** A decision; small talk is a `fallback` with no id that names its kind (the bot answers it kindly, never counted as a miss). */
export interface KbDecision extends Decision {
  smalltalk?: SmallTalkKind;
}

export interface ExplainedDecision extends KbDecision {
  explain: SearchOutcome;
}

/**
 * The one path from a question to a decision, shared by the bot, `kb ask` and the evaluation.
 * Built once at start-up; `ask` is the per-message call.
 */
export class KnowledgeBase {
  private readonly index: FaqIndex;
  private readonly byId: Map<string, KnowledgeEntry>;
  private readonly smallTalk: SmallTalkRecogniser;
  /** The FAQ's sections in content order, each with its entries: the topics a user can browse after a miss. */
  readonly sections: readonly FaqSection[];

  constructor(
    readonly content: KnowledgeContent,
    readonly thresholds: DecisionThresholds = DEFAULT_THRESHOLDS,
    indexOptions: FaqIndexOptions = DEFAULT_INDEX_OPTIONS,
  ) {
    this.index = new FaqIndex(content, indexOptions);
    this.byId = new Map(content.entries.map((e) => [e.id, e]));
    this.smallTalk = new SmallTalkRecogniser(content.smallTalk ?? loadSmallTalk());
    const sections: FaqSection[] = [];
    for (const entry of content.entries) {
      const last = sections.at(-1);
      if (last?.name === entry.section) last.entries.push(entry);
      else sections.push({ name: entry.section, entries: [entry] });
    }
    this.sections = sections;
  }

  get entries(): readonly KnowledgeEntry[] {
    return this.content.entries;
  }

  get intents(): readonly IntentDefinition[] {
    return this.content.intents;
  }

  entry(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /** The section whose name `text` is (a clicked topic button, or a user typing just the topic), ignoring case. */
  section(text: string): FaqSection | undefined {
    const name = text.trim().toLowerCase();
    return this.sections.find((s) => s.name.toLowerCase() === name);
  }

  /** The kind of small talk `text` is, without searching the FAQ (cheap: for every message in a dialog). */
  smallTalkOf(text: string): SmallTalkKind | undefined {
    return this.smallTalk.recognise(text);
  }

  /** The kind of small talk `text` opens with ("laat maar, ik bel morgen"): see SmallTalkRecogniser.opening. */
  smallTalkOpening(text: string): SmallTalkKind | undefined {
    return this.smallTalk.opening(text);
  }

  /** The kind of small talk `text` ends with ("weet ik niet, laat maar"): see SmallTalkRecogniser.closing. */
  smallTalkClosing(text: string): SmallTalkKind | undefined {
    return this.smallTalk.closing(text);
  }

  ask(question: string): KbDecision {
    // Small talk is decided without the search: only `explain` shows what the search would have found.
    const smalltalk = this.smallTalk.recognise(question);
    if (smalltalk) return KnowledgeBase.smallTalkDecision(question, smalltalk);
    return this.decideSearched(question, this.smallTalk.withoutGreeting(question)).decision;
  }

  explain(question: string): ExplainedDecision {
    const smalltalk = this.smallTalk.recognise(question);
    if (smalltalk) {
      return { ...KnowledgeBase.smallTalkDecision(question, smalltalk), explain: this.index.query(question) };
    }
    const { decision, outcome } = this.decideSearched(question, this.smallTalk.withoutGreeting(question));
    return { ...decision, explain: outcome };
  }

  /**
   * The decision on `searched` (the question without greeting and letter frame) and the search it rests on. A message
   * that tells its situation first and is declined as a whole is decided again on its question sentence, when that
   * says what it is about on its own; an answer from it must cover most of that sentence, else its entries are offered.
   */
  private decideSearched(question: string, searched: string): { decision: KbDecision; outcome: SearchOutcome } {
    const outcome = this.index.query(searched);
    const decision = decide(question, outcome, this.thresholds);
    const asked = decision.decision === 'fallback' ? questionSentence(searched) : undefined;
    if (asked) {
      const askedOutcome = this.index.query(asked);
      if (standsAlone(askedOutcome)) {
        const retry = salvage(decide(question, askedOutcome, this.thresholds), askedOutcome);
        if (retry.decision !== 'fallback') return { decision: retry, outcome: askedOutcome };
      }
    }
    return { decision, outcome };
  }

  private static smallTalkDecision(question: string, smalltalk: SmallTalkKind): KbDecision {
    return { q: question, decision: 'fallback', id: null, dialog: null, candidates: [], smalltalk };
  }
}

/**
 * The sentence that asks, in a message that first tells its situation ("We hebben een paar vrijwilligers die alleen
 * mail nodig hebben. Hoe vraag ik A1 aan?"): the last one with a question mark, else the last sentence. Undefined for
 * a message of one sentence.
 */
function questionSentence(text: string): string | undefined {
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (sentences.length < 2) return questionClause(text);
  return [...sentences].reverse().find((s) => s.endsWith('?')) ?? sentences.at(-1);
}

/** A clause that opens as a question or a request does: a question word, a verb first ("kan ik"), "laat ... zien". */
const QUESTION_OPENING =
  /^(?:wie|wat|waar|wanneer|hoe|waarom|welke|hoeveel|kan|kun|kunnen|mag|mogen|moet|moeten|is|zijn|krijg|krijgen|laat|toon|geef|check|controleer|zoek|bekijk)\b/i;

/**
 * One sentence that tells its situation beside a comma and asks on the other side ("Anna is op vakantie, wie kan de
 * cart claimen?", "kan ik de winkelwagen claimen, anna is met vakantie"): the clause that opens as a question.
 */
function questionClause(text: string): string | undefined {
  const clauses = text
    .split(/,\s*/)
    .map((c) => c.trim())
    .filter(Boolean);
  if (clauses.length < 2) return undefined;
  // With a question mark, that clause asks; without, the first that opens as a question.
  const marked = clauses.find((c) => c.endsWith('?'));
  if (marked) return QUESTION_OPENING.test(marked) ? marked : undefined;
  return clauses.find((c) => QUESTION_OPENING.test(c));
}

/**
 * A question sentence says what it is about on its own: two words the content knows. "Hoe regel ik dat?" needs the
 * story before it, and alone it would match whatever "regelen" matches.
 */
function standsAlone(outcome: SearchOutcome): boolean {
  return new Set(outcome.terms.flatMap((t) => (t.resolved ? [t.resolved] : []))).size >= 2;
}

/**
 * A question sentence asked on its own is answered only when the entry covers most of its words; otherwise its entries
 * are offered. "Kunnen we minder basispakketten afnemen en wat betekent dat voor de factuur?" matched FAQ 1.9 (more
 * basispakketten) on a third of its words.
 */
const SALVAGED_ANSWER_COVERAGE = 0.6;

function salvage(decision: KbDecision, outcome: SearchOutcome): KbDecision {
  if (decision.decision !== 'answer') return decision;
  const top = outcome.ranked.find((r) => r.target.kind === 'entry' && r.target.id === decision.id);
  if (top && top.coverage >= SALVAGED_ANSWER_COVERAGE) return decision;
  return decision.candidates.length
    ? { ...decision, decision: 'clarify', id: null }
    : { ...decision, decision: 'fallback', id: null, candidates: [] };
}
