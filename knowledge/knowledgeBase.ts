import { decide, DEFAULT_THRESHOLDS, type Decision, type DecisionThresholds } from './decisionPolicy.js';
import { DEFAULT_INDEX_OPTIONS, FaqIndex, type FaqIndexOptions, type SearchOutcome } from './faqIndex.js';
import type { IntentDefinition, KnowledgeContent, KnowledgeEntry } from './types.js';

export interface ExplainedDecision extends Decision {
  explain: SearchOutcome;
}

/**
 * The one path from a question to a decision, shared by the bot, `kb ask` and the evaluation.
 * Built once at start-up; `ask` is the per-message call.
 */
export class KnowledgeBase {
  private readonly index: FaqIndex;
  private readonly byId: Map<string, KnowledgeEntry>;

  constructor(
    readonly content: KnowledgeContent,
    readonly thresholds: DecisionThresholds = DEFAULT_THRESHOLDS,
    indexOptions: FaqIndexOptions = DEFAULT_INDEX_OPTIONS,
  ) {
    this.index = new FaqIndex(content, indexOptions);
    this.byId = new Map(content.entries.map((e) => [e.id, e]));
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

  ask(question: string): Decision {
    const { explain: _explain, ...decision } = this.explain(question);
    return decision;
  }

  explain(question: string): ExplainedDecision {
    const outcome = this.index.query(question);
    return { ...decide(question, outcome.ranked, this.thresholds), explain: outcome };
  }
}
